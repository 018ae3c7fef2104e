// reload_plan.hpp — what a config reload (SIGHUP) changes in a running node, worked out from the settings
// in force and the settings just read, before any actor is touched: which collectors start, stop or are
// replaced, which secondary sinks start, stop or restart, the new log level, and which changed keys only
// a restart applies. Pure code (no CAF), so every rule is unit-tested; tools/run_reload.cpp carries the
// plan out on the running tree.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/network/node_role.hpp"
#include "config/settings.hpp"

namespace g6 {

/// What happens to a secondary sink (storage.csv, storage.influx) on a reload.
enum class sink_change : uint8_t {
  none,    // unchanged, or off before and after
  start,   // off before, on now: its child joins the storage supervisor
  stop,    // on before, off now: its child is stopped and removed
  restart, // on before and after with other settings: stopped, then started with the new ones
};

std::string_view to_string(sink_change x);

struct reload_plan {
  /// The enabled indices once the plan is carried out, in config order: what the clock ticks.
  std::vector<std::string> indices;
  std::vector<index_settings> added;    // enabled now, not before: a collector starts
  std::vector<std::string> removed;     // enabled before, not now: its collector stops
  std::vector<index_settings> replaced; // enabled before and now with other parameters: a new collector
  std::optional<std::string> log_level; // when it changed
  sink_change csv = sink_change::none;
  sink_change influx = sink_change::none;
  /// Keys that changed and only a restart applies, dotted ("storage.data_dir"), in document order.
  std::vector<std::string> needs_restart;
  /// The settings in force once the plan is carried out: the running ones, with what applies live
  /// taken from the new ones. The next reload is planned against these.
  settings applied;

  bool changes_indices() const { return !added.empty() || !removed.empty() || !replaced.empty(); }
  /// Whether anything applies live.
  bool changes_anything() const {
    return changes_indices() || log_level || csv != sink_change::none || influx != sink_change::none;
  }
};

/// The plan for going from `running` to `next` on a node of `role`. Only `all` changes its indices live
/// (a collector node agreed its indices with its hub when it connected; a hub runs no collectors); only
/// nodes that store locally (not a collector node) run the secondary sinks.
reload_plan plan_reload(const settings& running, const settings& next, node_role role);

/// One line per top-level section with keys that need a restart:
/// "storage.data_dir, storage.sqlite_file changed; takes effect at the next restart".
std::vector<std::string> restart_notices(const std::vector<std::string>& keys);

} // namespace g6
