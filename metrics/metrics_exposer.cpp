#include "metrics/metrics_exposer.hpp"

#include <prometheus/exposer.h>
#include <prometheus/registry.h>

#include <stdexcept>

namespace g6 {

metrics_exposer::metrics_exposer(std::unique_ptr<prometheus::Exposer> exposer, std::string address, int port)
  : exposer_(std::move(exposer)), address_(std::move(address)), port_(port) {}

metrics_exposer::~metrics_exposer() = default;
metrics_exposer::metrics_exposer(metrics_exposer&&) noexcept = default;

std::string metrics_exposer::url() const {
  return "http://" + address_ + ":" + std::to_string(port_) + "/metrics";
}

struct exposer_factory {
  static metrics_exposer make(std::unique_ptr<prometheus::Exposer> exposer, std::string address, int port) {
    return metrics_exposer{std::move(exposer), std::move(address), port};
  }
};

expected<metrics_exposer, exposer_error> start_exposer(const std::string& address, int port,
                                                       std::shared_ptr<prometheus::Registry> registry) {
  auto where = address + ":" + std::to_string(port);
  if (port < 0 || port > 65535)
    return unexpected{exposer_error{"cannot listen on " + where + ": the port must be 0 to 65535"}};
  std::unique_ptr<prometheus::Exposer> exposer;
  try {
    // One thread is plenty for a scraper or two, and leaves the cores to the collectors.
    exposer = std::make_unique<prometheus::Exposer>(where, 1);
  } catch (const std::exception& e) {
    return unexpected{exposer_error{"cannot listen on " + where + ": " + e.what()}};
  }
  auto ports = exposer->GetListeningPorts();
  if (ports.empty())
    return unexpected{exposer_error{"cannot listen on " + where + ": no port bound"}};
  exposer->RegisterCollectable(registry);
  return exposer_factory::make(std::move(exposer), address, ports.front());
}

} // namespace g6
