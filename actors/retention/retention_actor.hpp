// retention_actor.hpp — the daemon's daily prune (storage.retention.keep_days > 0): after each trading
// day's close plus storage.retention.after_close_minutes on the market clock, it removes older days from
// every sink as `g6 retention prune` does, and records a `retention_pruned` event (or
// `retention_failed`, naming what could not be removed). Spawned detached: it deletes files and rows.
#pragma once

#include <caf/fwd.hpp>

#include <chrono>
#include <memory>

#include "actors/clock/market_clock.hpp"
#include "actors/retention/retention.hpp"
#include "messages/actors.hpp"

namespace g6 {

struct retention_options {
  storage_paths paths;
  int keep_days = 1;
  std::chrono::minutes after_close{30};
  std::shared_ptr<market_clock> clock;
  node_actor node;
};

retention_actor spawn_retention(caf::actor_system& sys, retention_options options);

} // namespace g6
