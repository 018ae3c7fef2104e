// sse_metrics.hpp — the Prometheus metrics of the live stream (g6_sse_*): clients, events and bytes sent
// by type, queued events, coalesces, disconnects and refusals by reason, publish -> socket-write latency,
// and the web API's requests by endpoint and outcome with their time.
// Registered on the node's registry; the SSE server updates them from its I/O threads (prometheus-cpp
// metrics are thread-safe). Labels are fixed sets: never a client address.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace prometheus {
class Registry;
}

namespace g6 {

class sse_metrics {
public:
  /// Registers the families; every listed reason, event type, API endpoint and outcome starts at zero.
  sse_metrics(std::shared_ptr<prometheus::Registry> registry, const std::vector<std::string>& rejection_reasons,
              const std::vector<std::string>& disconnect_reasons, const std::vector<std::string>& event_types,
              const std::vector<std::string>& api_endpoints, const std::vector<std::string>& api_outcomes);
  ~sse_metrics();
  sse_metrics(const sse_metrics&) = delete;
  sse_metrics& operator=(const sse_metrics&) = delete;

  void set_clients(uint64_t clients);
  void set_queued_events(uint64_t events);
  void count_sent(const std::string& event_type, uint64_t bytes);
  void count_rejection(const std::string& reason);
  void count_disconnect(const std::string& reason);
  void count_coalesce();
  void observe_latency(double seconds);
  /// One answered API request: which endpoint, how it ended ("ok" or an api error), how long it took.
  void count_api(const std::string& endpoint, const std::string& outcome, double seconds);

private:
  struct families;
  std::unique_ptr<families> f_;
};

} // namespace g6
