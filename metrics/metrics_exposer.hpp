// metrics_exposer.hpp — serves a metrics registry over HTTP at /metrics (prometheus-cpp's pull exposer).
// Port 0 picks a free port; the port actually bound is reported, so parallel runs and tests can find it.
#pragma once

#include <memory>
#include <string>

#include "messages/expected.hpp"

namespace prometheus {
class Exposer;
class Registry;
} // namespace prometheus

namespace g6 {

class metrics_exposer {
public:
  ~metrics_exposer();
  metrics_exposer(const metrics_exposer&) = delete;
  metrics_exposer& operator=(const metrics_exposer&) = delete;
  metrics_exposer(metrics_exposer&&) noexcept;

  const std::string& bind_address() const { return address_; }
  int port() const { return port_; }
  /// http://<address>:<port>/metrics
  std::string url() const;

private:
  friend struct exposer_factory;
  metrics_exposer(std::unique_ptr<prometheus::Exposer> exposer, std::string address, int port);
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::string address_;
  int port_ = 0;
};

/// Why an exposer could not start, said for a log line: "cannot listen on 0.0.0.0:9108: ...".
struct exposer_error {
  std::string message;
};

/// Listens on address:port (port 0: any free port) and serves `registry` at /metrics.
expected<metrics_exposer, exposer_error> start_exposer(const std::string& address, int port,
                                                       std::shared_ptr<prometheus::Registry> registry);

} // namespace g6
