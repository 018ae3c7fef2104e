// csv_sink.hpp — the CSV sink: a detached actor (file writes block) that appends every committed index
// snapshot to the original platform's CSV tree, after repairing any torn tail left by a crash.
#pragma once

#include <caf/fwd.hpp>

#include <filesystem>

#include "messages/actors.hpp"

namespace g6 {

/// Spawns the CSV sink writing under `dir`. Before its first write it cuts the torn tails of every CSV
/// file under `dir`. status answers {dir, rows_written, batches, write_errors, files_repaired,
/// bytes_written, commit_latency_us_last, commit_latency_us_avg, rows_per_second}.
sink_actor spawn_csv_sink(caf::actor_system& sys, std::filesystem::path dir);

} // namespace g6
