#include "metrics/metric_groups.hpp"

namespace g6 {

std::string_view to_string(metric_group x) {
  switch (x) {
    case metric_group::build:
      return "build";
    case metric_group::process:
      return "process";
    case metric_group::cycles:
      return "cycles";
    case metric_group::collection:
      return "collection";
    case metric_group::analytics:
      return "analytics";
    case metric_group::providers:
      return "providers";
    case metric_group::supervision:
      return "supervision";
    case metric_group::storage:
      return "storage";
    case metric_group::panels:
      return "panels";
  }
  return "unknown";
}

std::optional<metric_group> parse_metric_group(std::string_view name) {
  for (auto g : all_metric_groups)
    if (to_string(g) == name)
      return g;
  return std::nullopt;
}

bool always_on(metric_group x) {
  return x == metric_group::build || x == metric_group::process || x == metric_group::cycles;
}

group_selection select_groups(const std::vector<std::string>& enable, const std::vector<std::string>& disable) {
  group_selection result;
  auto resolve = [&](const std::vector<std::string>& names) {
    std::set<metric_group> groups;
    for (auto& name : names) {
      if (auto g = parse_metric_group(name))
        groups.insert(*g);
      else
        result.unknown.push_back(name);
    }
    return groups;
  };
  auto whitelist = resolve(enable);
  auto blacklist = resolve(disable);
  for (auto g : all_metric_groups) {
    bool wanted = (whitelist.empty() || whitelist.count(g) > 0) && blacklist.count(g) == 0;
    if (wanted || always_on(g))
      result.enabled.insert(g);
  }
  return result;
}

} // namespace g6
