// iv_benchmark.hpp — `g6 bench iv`: the implied-volatility solver timed and checked on a large synthetic
// book of index options, against QuantLib's blackFormulaImpliedStdDev in the same run when g6 was built
// with QuantLib (a benchmark reference only: the product never needs it). The book: spot 24000, strikes
// 20000..28000 step 50, T uniform over 1..60 days plus a same-day slice (5 minutes to 6 hours), vol
// uniform over 8%..60%, r = 6.5%, calls and puts at random, premiums from Black-76 on F = S·e^{rT},
// keeping those with at least one tick (₹0.05) of time value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace g6 {

struct iv_bench_options {
  size_t count = 1'000'000;
  uint64_t seed = 20260611;
  int passes = 3; // timed passes per solver; the median is reported
};

/// One solver's showing over the book.
struct solver_showing {
  double ns_per_iv = 0;
  double max_vol_error = 0;   // max |σ_solved − σ_true|
  double max_price_error = 0; // max |price(σ_solved) − premium|, rupees
  size_t failures = 0;        // no volatility returned
};

struct iv_bench_report {
  iv_bench_options options;
  size_t same_day = 0;                    // options in the 5-minute-to-6-hour slice
  solver_showing batch;                   // implied_vols over the whole book (the API analytics uses)
  solver_showing one_by_one;              // implied_vol() per option
  std::optional<solver_showing> quantlib; // absent when g6 was built without QuantLib
  double greeks_ns = 0;                   // black76_greeks per option
};

/// Whether this build carries the QuantLib reference.
bool quantlib_reference_built_in();

/// Builds the book and runs every solver over it.
iv_bench_report run_iv_benchmark(const iv_bench_options& options);

/// The report as `g6 bench iv` prints it, ending with `ratio: <QuantLib ns / our ns>`.
std::string format_iv_bench(const iv_bench_report& report);

} // namespace g6
