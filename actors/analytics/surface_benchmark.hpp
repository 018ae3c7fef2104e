// surface_benchmark.hpp — `g6 bench surface`: the raw-SVI smile fit (svi_fit.hpp) timed and checked on
// synthetic index smiles of known parameters, against QuantLib's SviInterpolation on the same slices
// (from a start scaled to each slice, and from QuantLib's own defaults) when g6 was built with QuantLib
// (a benchmark reference only: the product never needs it). Each slice:
// forward 24000, T cycling through 2 hours, 7, 30 and 90 days, ATM vol 10%..25%, ρ −0.7..−0.2, the
// other SVI parameters scaled to the ATM standard deviation s = σ_ATM·√T and redrawn until the smile
// passes the butterfly and wing checks; strikes evenly spaced over F·e^{±3s}; market IV = the smile's
// IV plus Gaussian noise; each quote weighted from its uncertainty (the noise's deviation) as
// vol_surface.cpp weighs real quotes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace g6 {

struct surface_bench_options {
  size_t slices = 200; // per slice size
  uint64_t seed = 20260612;
  int passes = 5; // timed passes per fitter, taken in turns; the median is reported
};

/// The slice sizes benchmarked: strikes per expiry.
inline constexpr std::array<size_t, 3> surface_bench_strikes{20, 40, 120};
/// The standard deviation of the noise added to each market IV, in vol points.
inline constexpr double surface_bench_noise_vol_pts = 0.05;
/// Two fits' RMSEs closer than this (vol points) are the same minimum found twice.
inline constexpr double surface_bench_rmse_tie_vol_pts = 1e-4;
/// What a fitted curve should stay within of the true one over the quoted range, in vol points.
inline constexpr double surface_bench_curve_target_vol_pts = 0.1;

/// One fitter's showing over the slices of one size. Errors are in vol points (1 = 1% volatility).
struct fitter_showing {
  double us_per_slice = 0;
  double mean_evaluations = 0; // objective evaluations per fit, when the fitter counts them (ours)
  double mean_rmse = 0;        // RMSE of the fitted IV against the noisy market IVs, weighted as fitted
  double max_rmse = 0;
  std::vector<double> rmse; // per slice (NaN where the fit failed)
  /// Curve error: max |σ_fitted(k) − σ_true(k)| over the quoted range (±3s), per slice.
  double mean_curve_error = 0;
  double max_curve_error = 0;
  double max_curve_error_days = 0; // T of the slice with the largest curve error
  size_t curve_misses = 0;         // slices whose curve error exceeds surface_bench_curve_target_vol_pts
  /// The same within ±2s, the centre of the smile.
  double max_central_curve_error = 0;
  size_t central_curve_misses = 0;
  size_t failures = 0; // no fit, or a fit with non-finite parameters
};

struct surface_bench_size {
  size_t strikes = 0;
  /// The Cramér–Rao bound on the curve error, per slice the standard deviation of the fitted IV at the k
  /// of the quoted range where it is largest, for any unbiased fitter given the noise (vol points): its
  /// mean and maximum over the slices, and the slices where three of it exceed the target (an efficient
  /// fitter misses the target there about one time in four hundred per point; over a range of correlated
  /// points, more).
  double mean_curve_floor = 0;
  double max_curve_floor = 0;
  size_t slices_beyond_floor = 0;
  fitter_showing ours;
  /// QuantLib from a start scaled to the slice, and from its own defaults; absent when g6 was built
  /// without QuantLib.
  std::optional<fitter_showing> quantlib;
  std::optional<fitter_showing> quantlib_default_start;
  /// Slices where our RMSE exceeds QuantLib's (from the scaled start) by more than
  /// surface_bench_rmse_tie_vol_pts, and where it is lower by as much.
  size_t worse_than_quantlib = 0;
  size_t better_than_quantlib = 0;
};

struct surface_bench_report {
  surface_bench_options options;
  size_t negative_a = 0; // true smiles with a < 0 (raw SVI allows it while a + bσ√(1 − ρ²) ≥ 0)
  std::vector<surface_bench_size> sizes; // one per surface_bench_strikes
};

/// Whether this build carries the QuantLib reference.
bool quantlib_svi_reference_built_in();

/// Draws the slices and runs every fitter over them.
surface_bench_report run_surface_benchmark(const surface_bench_options& options);

/// The report as `g6 bench surface` prints it, with `ratio: <QuantLib µs / our µs>` per slice size
/// (QuantLib from the scaled start).
std::string format_surface_bench(const surface_bench_report& report);

} // namespace g6
