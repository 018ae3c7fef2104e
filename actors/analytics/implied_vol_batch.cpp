#include "actors/analytics/implied_vol_batch.hpp"

#include <algorithm>
#include <array>

#include "actors/analytics/iv_problem.hpp"

namespace g6 {

namespace {

// Enough options in flight to cover the latency of one solver step; small enough to stay in L1.
constexpr size_t block_size = 16;

} // namespace

void iv_batch::reserve(size_t n) {
  type.reserve(n);
  forward.reserve(n);
  strike.reserve(n);
  years.reserve(n);
  discount.reserve(n);
  premium.reserve(n);
}

void iv_batch::clear() {
  type.clear();
  forward.clear();
  strike.clear();
  years.clear();
  discount.clear();
  premium.clear();
}

void iv_batch::add(const black76_option& o, double p) {
  type.push_back(o.type);
  forward.push_back(o.forward);
  strike.push_back(o.strike);
  years.push_back(o.years);
  discount.push_back(o.discount);
  premium.push_back(p);
}

void implied_vols(const iv_batch& batch, const iv_params& params, iv_batch_result& out) {
  auto n = batch.size();
  out.iv.assign(n, 0.0);
  out.status.assign(n, iv_status::invalid_input);
  out.iterations.assign(n, 0);
  std::array<normalised_iv_state, block_size> states;
  std::array<size_t, block_size> index; // the batch entry of each state in flight
  for (size_t first = 0; first < n; first += block_size) {
    auto last = std::min(n, first + block_size);
    size_t active = 0;
    for (auto i = first; i < last; ++i) {
      auto problem = normalise(batch.option(i), batch.premium[i], params);
      out.status[i] = problem.status;
      if (problem.status != iv_status::ok)
        continue;
      states[active] = start_normalised_iv(problem.beta, problem.x, problem.b_max);
      index[active++] = i;
    }
    // Every pass advances each unfinished solve by one step; finished ones drop out of the block.
    while (active > 0) {
      size_t still = 0;
      for (size_t k = 0; k < active; ++k) {
        auto& st = states[k];
        if (normalised_iv_finished(st, params.max_iterations, params.precision)) {
          auto i = index[k];
          auto result = volatility_of(normalised_iv_result(st, params.precision), batch.years[i], params);
          out.iv[i] = result.iv;
          out.status[i] = result.status;
          out.iterations[i] = result.iterations;
          continue;
        }
        advance_normalised_iv(st);
        states[still] = st;
        index[still++] = index[k];
      }
      active = still;
    }
  }
}

} // namespace g6
