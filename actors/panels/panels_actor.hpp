// panels_actor.hpp — the panels actor: keeps each index's latest snapshot and, after every cycle record
// from the clock, asks the node for its components' status and writes the panels (validated against
// their schemas as configured) and then the manifest, each file atomically, under one exclusive panels
// lock. It reports its write totals to the metrics actor. Spawned detached: it fsyncs files. Nothing put
// in the directory can block it (or shutdown): its temp files are always new, and a generation whose lock
// another process holds for more than 2 s is skipped and counted as a write failure.
#pragma once

#include <caf/fwd.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "actors/panels/live_chain.hpp"
#include "messages/actors.hpp"

namespace g6 {

struct panels_options {
  std::filesystem::path dir;
  std::string validate = "warn"; // off | warn | strict (strict: a panel that fails is not written)
  node_actor node;
  std::vector<std::string> indices; // enabled indices (a reload changes them)
  double interval_seconds = 60;
  std::string node_name = "node";
  std::string version;
  epoch_ms started_at = 0;
  live_pricing pricing; // how streamed quotes are priced between cycles: as the cycle prices them
};

panels_actor spawn_panels(caf::actor_system& sys, panels_options options);

} // namespace g6
