// metrics_actor.hpp — the metrics actor: feeds a node's Prometheus metrics from what components send it
// (cycle records from the clock, events from the node, snapshots from collectors, panel activity and
// integrity reports) and, every poll interval, from the components' status answers gathered by the node.
// The metrics (and the exposer serving them) outlive the actor, so a restart keeps every counter.
#pragma once

#include <caf/fwd.hpp>
#include <caf/timespan.hpp>

#include <memory>
#include <string>
#include <vector>

#include "actors/clock/market_clock.hpp"
#include "messages/actors.hpp"
#include "metrics/node_metrics.hpp"

namespace g6 {

struct metrics_options {
  std::shared_ptr<node_metrics> metrics;
  node_actor node;
  std::shared_ptr<market_clock> clock;
  std::vector<std::string> indices; // enabled indices, for the market-open gauge (a reload changes them)
  bool force_open = false;
  double interval_seconds = 60; // market-clock seconds between cycle starts
  caf::timespan poll_interval = std::chrono::seconds(2);
  std::string endpoint; // the exposer's URL, or why there is none (status only)
};

metrics_actor spawn_metrics(caf::actor_system& sys, metrics_options options);

} // namespace g6
