// run_reload.hpp — what `g6 run` does on SIGHUP: read the config again as the run read it at start (the
// same --config or G6_CONFIG, the environment, the command line's overrides), plan the change
// (actors/node/reload_plan.hpp) and carry it out on the running tree: the log level at once; collectors
// started, stopped or replaced between two cycles, with the clock held at the cycle boundary meanwhile, so
// no cycle is cut short or skipped; secondary sinks switched on or off; the new index list for the clock,
// the metrics and the panels. What only a restart applies is logged, one line per section; an invalid
// config is refused (logged with the file and field) and nothing changes. Each reload is an event
// (config_reload or config_reload_refused), counted in g6_config_reloads_total{result}.
// Blocking: runs on the thread that waits for signals, never inside an actor.
#pragma once

#include <caf/fwd.hpp>

#include <functional>
#include <iosfwd>
#include <optional>

#include "actors/node/node_tree.hpp"
#include "config/settings.hpp"

namespace g6 {

/// A running tree a reload changes: its node (the registry) and the options it was built from, whose
/// config is the settings in force (each reload updates it).
struct reloadable_tree {
  node_actor node;
  tree_options options;
};

/// The settings as the run would read them now; nullopt when they are refused. Problems and warnings,
/// one per line, go to `messages`.
using settings_reader = std::function<std::optional<settings>(std::ostream& messages)>;

/// Reads the settings with `read` and applies to `tree` what can change live.
void reload_tree(caf::actor_system& sys, reloadable_tree& tree, const settings_reader& read);

} // namespace g6
