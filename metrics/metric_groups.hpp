// metric_groups.hpp — which groups of metrics a node exports. Config names groups to enable (a whitelist,
// empty meaning all) and groups to disable (a blacklist applied after it); the always-on groups — build,
// process, cycles — stay on whatever the config says, because the collector-stalled alert and the build
// info depend on them.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace g6 {

enum class metric_group : uint8_t {
  build,       // g6_build_info
  process,     // resident memory, start time
  cycles,      // cycle durations and statuses, last successful cycle, market open, interval
  collection,  // options collected and expected, sanitiser drops
  analytics,   // IV solves by result
  providers,   // provider requests by outcome, breaker states
  supervision, // actor restarts, events by kind
  storage,     // rows written, commit latency, database size
  panels,      // panel writes, integrity status
};

inline constexpr metric_group all_metric_groups[] = {
  metric_group::build,       metric_group::process,   metric_group::cycles,
  metric_group::collection,  metric_group::analytics, metric_group::providers,
  metric_group::supervision, metric_group::storage,   metric_group::panels};

std::string_view to_string(metric_group x);
std::optional<metric_group> parse_metric_group(std::string_view name);
bool always_on(metric_group x);

/// The groups to export: `enable` (empty: all groups), minus `disable`, plus the always-on groups.
/// Unknown names are reported in `unknown` and otherwise ignored (the config schema refuses them first).
struct group_selection {
  std::set<metric_group> enabled;
  std::vector<std::string> unknown;
  bool contains(metric_group x) const { return enabled.count(x) > 0; }
};
group_selection select_groups(const std::vector<std::string>& enable, const std::vector<std::string>& disable);

} // namespace g6
