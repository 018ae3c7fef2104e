// sse_server.hpp — the live stream's HTTP server (Boost.Beast/Asio) on its own I/O threads:
// GET /events (text/event-stream: retry, hello, then what the client missed, then every new event and
// a heartbeat comment every N seconds), GET /resync (the full snapshot), GET /health, GET /version, and
// the web app: GET / and /assets/* (web_assets), GET /api/* (web_api, on a thread of its own with a
// read-only SQLite connection, so a slow query never holds up a stream), POST /login and /logout.
// Connections are spread over io_threads shards (one io_context and thread each); publish() computes
// the event once and hands it to each shard once: it never waits for a client. Each client has a bounded queue; a
// client that falls behind gets its pending events replaced by one panel_full, and one that keeps falling behind is
// disconnected. Pure code (no CAF).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "actors/sse/access_policy.hpp"
#include "actors/sse/panel_stream.hpp"
#include "messages/expected.hpp"

namespace g6 {
class sse_metrics;
}
namespace prometheus {
class Registry;
}

namespace g6::sse {

struct server_settings {
  std::string bind = "127.0.0.1";
  uint16_t port = 9320;    // 0: any free port
  unsigned io_threads = 1; // shards: each connection lives on one I/O thread
  std::string version;     // reported by hello and /version
  access_settings access;
  stream_options stream;
  double heartbeat_seconds = 15;
  uint64_t retry_ms = 3000;   // the retry: sent on connect
  size_t max_clients = 10000; // concurrent /events streams
  size_t max_clients_per_ip = 64;
  size_t max_header_bytes = 8192;      // request line and headers together
  size_t max_target_bytes = 2048;      // the request target alone
  double request_timeout_seconds = 10; // a request must arrive whole within this (slowloris)
  double write_timeout_seconds = 30;   // a write to a client that makes no progress for this long ends it
  size_t queue_limit = 32;             // events queued per client before coalescing
  unsigned max_coalesces = 3;          // coalesces in a row (without draining) before a disconnect
  double refusal_log_seconds = 10;     // one log line per refusal reason per window; the rest are summed
  std::string database_path;           // the SQLite file the web API reads; empty: no API (a collector node)
  int64_t session_seconds = 12 * 3600; // a browser session's lifetime after its login
  size_t max_api_requests = 32;        // API requests queued for the database at once; more get 503
};

/// The answer of GET /health.
struct server_health {
  uint64_t clients = 0;
  uint64_t last_event_id = 0;
  bool published = false; // a panel set has been published
  bool degraded = false;  // nothing published yet, or a client was coalesced in the last minute
};

/// Why a stream ended (metric label).
std::vector<std::string> disconnect_reasons();
/// Event types counted as sent (metric label).
std::vector<std::string> sent_event_types();
/// The stream's metrics on `registry`, every rejection and disconnect reason and event type at zero.
std::shared_ptr<sse_metrics> make_stream_metrics(std::shared_ptr<prometheus::Registry> registry);

class sse_server {
public:
  /// Binds and starts the I/O threads. Error: what could not be set up (bad allow list, port in use).
  static expected<std::unique_ptr<sse_server>, std::string> start(server_settings settings,
                                                                  std::shared_ptr<sse_metrics> metrics);
  ~sse_server();
  sse_server(const sse_server&) = delete;
  sse_server& operator=(const sse_server&) = delete;

  uint16_t port() const;
  /// "http://<bind>:<port>".
  std::string url() const;

  /// A new panel set (all of this cycle's panels, or the last set with live chain panels in it). Returns
  /// the panels published without: their text is not JSON.
  std::vector<std::string> publish(const std::vector<named_panel>& panels, epoch_ms generated_at);

  server_health health() const;

  struct impl;

private:
  explicit sse_server(std::shared_ptr<impl> impl);
  std::shared_ptr<impl> impl_;
};

} // namespace g6::sse
