#include "actors/sse/live_latency.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace g6::sse {

namespace {

double quantile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  auto at = std::min(values.size() - 1, static_cast<size_t>(p * static_cast<double>(values.size())));
  return values[at];
}

std::string figures(const std::vector<double>& values) {
  return fmt::format("p50 {:.1f} ms, p99 {:.1f} ms, max {:.1f} ms", quantile(values, 0.5), quantile(values, 0.99),
                     *std::max_element(values.begin(), values.end()));
}

} // namespace

void live_latency::observe(const std::map<std::string, nlohmann::json>& panels, const std::vector<std::string>& changed,
                           int64_t generated_at_ms, int64_t now_ms) {
  for (auto& name : changed) {
    auto panel = panels.find(name);
    if (name.rfind("chain_", 0) != 0 || panel == panels.end())
      continue;
    auto live = panel->second.find("live");
    if (live == panel->second.end() || !live->is_object())
      continue;
    auto updates = live->value("updates", uint64_t{0});
    auto& seen = last_update_[name];
    if (updates == seen)
      continue;
    seen = updates;
    auto arrived_ms = live->value("arrived_ms", now_ms);
    newest_.push_back(static_cast<double>(now_ms - arrived_ms));
    oldest_.push_back(static_cast<double>(now_ms - live->value("first_arrived_ms", now_ms)));
    to_panels_.push_back(static_cast<double>(generated_at_ms - arrived_ms));
    to_client_.push_back(static_cast<double>(now_ms - generated_at_ms));
  }
}

std::string live_latency::report() const {
  if (newest_.empty())
    return "tick to screen: no chain panel moved by ticks (stream mode off, sse.tick_rate_hz 0, or no ticks)";
  return fmt::format("tick to screen: {} updates of {} chains; newest tick {}; oldest tick {}; newest tick to "
                     "re-priced panels {}; panels to this client {}",
                     newest_.size(), last_update_.size(), figures(newest_), figures(oldest_), figures(to_panels_),
                     figures(to_client_));
}

} // namespace g6::sse
