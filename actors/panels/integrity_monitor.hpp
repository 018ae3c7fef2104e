// integrity_monitor.hpp — the integrity monitor: every interval (at least 5 s) it re-hashes the panel
// files against the manifest, reports the result to the metrics actor, records an event when the
// findings change, and in strict mode ends the run (exit code 2) on the first issue. Spawned detached:
// it reads files, only through panel_file.hpp's bounds, so a FIFO, a device or a deeply nested file in
// the directory is an issue it reports rather than a hang or a crash.
#pragma once

#include <caf/fwd.hpp>
#include <caf/timespan.hpp>

#include <filesystem>
#include <functional>
#include <string>

#include "messages/actors.hpp"

namespace g6 {

struct integrity_options {
  std::filesystem::path dir;
  caf::timespan interval = std::chrono::seconds(30);
  bool strict = false;
  node_actor node;
  /// Called once in strict mode when a check finds issues: exit code 2 and the reason.
  std::function<void(int, const std::string&)> on_fatal;
};

integrity_monitor_actor spawn_integrity_monitor(caf::actor_system& sys, integrity_options options);

/// One check of `dir`. A directory with no manifest yet (nothing written so far) has nothing to check.
integrity_report check_panels_integrity(const std::filesystem::path& dir, epoch_ms now);

} // namespace g6
