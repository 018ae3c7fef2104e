// implied_vol_batch.hpp — implied volatilities of many options at once, laid out column by column
// (structure of arrays), as a chain hands them over. The answers are those of implied_vol() to the
// last bit; the batch only orders the work differently: options advance through the solver in
// lockstep, a block at a time, so that the processor overlaps the long latencies (exponentials,
// divisions, error functions) of neighbouring options instead of waiting on each in turn.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "actors/analytics/implied_vol.hpp"

namespace g6 {

/// The inputs: one entry per option in every column.
struct iv_batch {
  std::vector<option_type> type;
  std::vector<double> forward;
  std::vector<double> strike;
  std::vector<double> years;
  std::vector<double> discount;
  std::vector<double> premium;

  size_t size() const { return premium.size(); }
  void reserve(size_t n);
  void clear();
  void add(const black76_option& option, double premium);
  black76_option option(size_t i) const { return {type[i], forward[i], strike[i], years[i], discount[i]}; }
};

/// The outputs, in the order of the inputs.
struct iv_batch_result {
  std::vector<double> iv; // 0 unless status is ok
  std::vector<iv_status> status;
  std::vector<int> iterations;

  size_t size() const { return iv.size(); }
  iv_result at(size_t i) const { return {iv[i], status[i], iterations[i]}; }
};

/// Solves every option of the batch; `out` is resized to match it.
void implied_vols(const iv_batch& batch, const iv_params& params, iv_batch_result& out);

} // namespace g6
