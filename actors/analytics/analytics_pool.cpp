#include "actors/analytics/analytics_pool.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <thread>

#include <caf/actor_cast.hpp>
#include <caf/actor_pool.hpp>
#include <caf/actor_system.hpp>
#include <caf/settings.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "messages/status_fields.hpp"

namespace g6 {

namespace {

struct worker_counters {
  uint64_t solved = 0;
  uint64_t failed = 0;
  uint64_t chains = 0;
};

} // namespace

analytics_actor::behavior_type analytics_worker(analytics_actor::pointer, analytics_params params) {
  auto counters = std::make_shared<worker_counters>();
  return {
    [=](analyze_atom, const chain_request& request) -> chain_result {
      auto result = analyze_chain(request, params);
      ++counters->chains;
      for (auto& stats : result.expiries) {
        counters->solved += stats.iv_solved;
        counters->failed += stats.iv_failed;
      }
      return result;
    },
    [=](status_atom, status_verbosity verbosity) -> caf::settings {
      caf::settings status;
      put_figures(status, analytics_figures{counters->solved, counters->failed, counters->chains});
      if (verbosity == status_verbosity::detailed) {
        caf::put(status, "risk_free_rate", params.risk_free_rate);
        caf::put(status, "iv_min", params.iv_min);
        caf::put(status, "iv_max", params.iv_max);
        caf::put(status, "estimate_iv", params.estimate_iv);
        caf::put(status, "compute_greeks", params.compute_greeks);
      }
      return status;
    },
  };
}

caf::actor spawn_analytics_pool(caf::actor_system& sys, size_t workers, analytics_params params) {
  if (workers == 0)
    workers = std::max(1u, std::thread::hardware_concurrency());
  auto spawn_worker = [&sys, params] { return caf::actor_cast<caf::actor>(sys.spawn(analytics_worker, params)); };
  return caf::actor_pool::make(sys.dummy_execution_unit(), workers, spawn_worker, caf::actor_pool::round_robin());
}

} // namespace g6
