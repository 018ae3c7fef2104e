#include "actors/sse/server_config.hpp"

namespace g6::sse {

server_settings to_server_settings(const sse_settings& s, std::string version, uint64_t first_id) {
  server_settings out;
  out.bind = s.bind_address;
  out.port = static_cast<uint16_t>(s.port);
  out.io_threads = static_cast<unsigned>(s.io_threads);
  out.version = std::move(version);
  out.access.token = s.token;
  out.access.allow_ips = s.allow_ips;
  out.access.allow_user_agents = s.allow_user_agents;
  out.access.cors_origins = s.cors_origins;
  out.access.requests_per_second = s.requests_per_second;
  out.access.request_burst = s.request_burst;
  out.stream.diff_mode = s.mode != "full";
  out.stream.ring_size = static_cast<size_t>(s.ring_size);
  out.stream.max_event_bytes = static_cast<size_t>(s.max_event_bytes);
  out.stream.first_id = first_id;
  out.heartbeat_seconds = s.heartbeat_seconds;
  out.retry_ms = static_cast<uint64_t>(s.retry_ms);
  out.max_clients = static_cast<size_t>(s.max_clients);
  out.max_clients_per_ip = static_cast<size_t>(s.max_clients_per_ip);
  out.max_header_bytes = static_cast<size_t>(s.max_header_bytes);
  out.max_target_bytes = static_cast<size_t>(s.max_target_bytes);
  out.request_timeout_seconds = s.request_timeout_seconds;
  out.write_timeout_seconds = s.write_timeout_seconds;
  out.queue_limit = static_cast<size_t>(s.queue_limit);
  out.max_coalesces = static_cast<unsigned>(s.max_coalesces);
  return out;
}

} // namespace g6::sse
