// analytics_pool.hpp — the analytics pool: workers that run analyze_chain over whole chains, behind one
// handle that spreads requests over them.
#pragma once

#include <cstddef>

#include <caf/fwd.hpp>

#include "actors/analytics/chain_analysis.hpp"
#include "messages/actors.hpp"

namespace g6 {

/// One worker: answers `analyze` with analyze_chain's result, and `status` with what it has done so far:
/// {"solved": IVs found, "failed": IVs not found, "chains": chains analysed} (plus its parameters when
/// detailed). The work is CPU-bound and short (milliseconds per chain), so workers are scheduled
/// cooperatively rather than detached.
analytics_actor::behavior_type analytics_worker(analytics_actor::pointer self, analytics_params params);

/// A round-robin pool of `workers` analytics workers (0: one per hardware thread). The pool speaks
/// analytics_actor (actor_cast it). A `status` request reaches a single worker, so its counts cover
/// only that worker's share of the chains.
caf::actor spawn_analytics_pool(caf::actor_system& sys, size_t workers, analytics_params params);

} // namespace g6
