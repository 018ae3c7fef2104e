// influx_sink.hpp — the InfluxDB sink: a detached actor (HTTP writes block) that turns every committed
// index snapshot into one line-protocol batch, queues it (memory, then disk) and writes the queue oldest
// first to /write?db=..&precision=ms. A circuit breaker stops it hammering a server that is down; a timer
// retries. It never acknowledges anything, so SQLite's path is never slowed.
#pragma once

#include <caf/fwd.hpp>

#include <filesystem>

#include "config/settings.hpp"
#include "messages/actors.hpp"

namespace g6 {

/// Spawns the sink for `settings` (url and database set); batches spill to `spill_dir`. What is still
/// queued when it stops is spilled, and written by the next run. status answers {url, database,
/// rows_written, batches, commits, queued, spilled_bytes, dropped, failures, rejected, breaker,
/// commit_latency_us_last, commit_latency_us_avg, rows_per_second}.
influx_sink_actor spawn_influx_sink(caf::actor_system& sys, influx_settings settings, std::filesystem::path spill_dir);

} // namespace g6
