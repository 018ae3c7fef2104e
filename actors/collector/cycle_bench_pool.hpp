// cycle_bench_pool.hpp — the analytics step of `g6 bench cycle` as the daemon runs it: every index's chain
// requested at once from the analytics pool (spawn_analytics_pool: round-robin over workers that each
// analyse one whole chain at a time), timed from the first request to the last answer. Apart from the
// pure benchmark because it runs a CAF actor system (with the daemon's scheduler settings).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "actors/analytics/chain_analysis.hpp"

namespace g6 {

class analytics_pool_timer {
public:
  /// A pool of `workers` (0: one per core, as the daemon's default analytics.pool_size).
  analytics_pool_timer(size_t workers, const analytics_params& params);
  ~analytics_pool_timer();
  analytics_pool_timer(const analytics_pool_timer&) = delete;
  analytics_pool_timer& operator=(const analytics_pool_timer&) = delete;

  size_t workers() const;

  /// Sends every request, waits for every answer; seconds from the first send to the last answer. The
  /// answers, in request order, go to `results`.
  double analyse(const std::vector<chain_request>& requests, std::vector<chain_result>& results);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace g6
