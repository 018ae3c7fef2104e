// collector.hpp — the collector actor of one index. On every tick it resolves the day's instruments
// (once per session), takes the spot, picks expiries by bucket and strikes around ATM, fetches quotes,
// sanitises them, has the analytics pool price them, stores the batch and answers the clock only after
// the commit. It keeps the batch until storage acknowledges it and retries; a crash loses at most the
// cycle in flight.
#pragma once

#include <caf/fwd.hpp>
#include <caf/timespan.hpp>

#include <vector>

#include "config/settings.hpp"
#include "messages/actors.hpp"

namespace g6 {

struct collector_options {
  index_settings index;
  collection_settings collection;
  node_actor node; // the registry, where it finds the provider, analytics and storage
  caf::timespan request_timeout = std::chrono::seconds(10);
  int store_attempts = 5; // storage retries before the cycle counts as failed
  /// False on a collector node, whose storage is the hub link: it commits a batch to its outbox for the
  /// hub and answers 0 rows written, which there does not mean "already stored".
  bool stores_locally = true;
  /// Test fault injection: throw on these cycle ids (the supervisor must restart the collector).
  std::vector<uint64_t> crash_on_cycles;
};

collector_actor spawn_collector(caf::actor_system& sys, collector_options options);

} // namespace g6
