// svi_fit.hpp — calibrates a raw SVI smile (svi.hpp) to one expiry's market points, the quasi-explicit
// way (Zeliade Systems, "Quasi-explicit calibration of Gatheral's SVI model", 2009): for fixed (m, σ),
// w(k) = a + d·y + c·√(y² + 1) with y = (k − m)/σ is linear in (a, d, c), so the best (a, d, c) inside
// Gatheral's constraints is a small quadratic programme solved exactly (svi_inner_problem.hpp); (m, σ)
// are searched outside it by Levenberg–Marquardt on the variable-projection residual from the best point
// of a small fixed grid, finished by Nelder–Mead where it stalls. No randomness: the same points give the
// same parameters, bit for bit.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "actors/analytics/svi.hpp"
#include "messages/expected.hpp"

namespace g6 {

/// One market quote of the smile.
struct smile_point {
  double k = 0;              // ln(K/F)
  double total_variance = 0; // σ_market²·T
  double weight = 1;         // relative weight of this point's volatility error (e.g. its vega)
};

/// Fewer points than this leave the five parameters underdetermined.
inline constexpr uint32_t svi_min_points = 5;
/// Quotes needed on each side of the forward: a smile seen from one side only is extrapolation.
inline constexpr uint32_t svi_min_points_per_side = 2;

/// Why a slice has no fit.
enum class svi_fit_failure : uint8_t {
  too_few_points, // fewer than svi_min_points usable points (NaN, infinite or non-positive ones are not)
  one_sided,      // fewer than svi_min_points_per_side points below or above the forward
  invalid_expiry, // T is not a positive finite number
};

std::string_view to_string(svi_fit_failure x);

struct svi_fit {
  svi_params params;
  uint32_t points_used = 0;
  uint32_t points_ignored = 0; // NaN, infinite or non-positive k, variance or weight
  double rmse_vol_pts = 0;     // weighted root-mean-square error of the fitted IV, in vol points
  double max_err_vol_pts = 0;  // largest absolute IV error over the points, in vol points
  double k_min = 0;            // the quoted range
  double k_max = 0;
  uint32_t evaluations = 0; // inner programmes solved (the cost of the fit)
};

/// Fits `points` of an expiry `years` away. The fit minimises Σ weightᵢ·(σ_fit(kᵢ) − σᵢ)² to first
/// order (each point's variance error is weighted by weightᵢ/(4wᵢ), since dw = 2σT·dσ), subject to
/// b ≥ 0, |ρ| ≤ 1, b(1 + |ρ|) ≤ 2 (Lee), 0 ≤ a ≤ max wᵢ and m, σ within a box around the quoted range.
/// `start`, when given (a fit of nearly the same points, e.g. before outliers were taken out), is tried
/// first, then the grid's best start (stopped when it heads into the same minimum).
expected<svi_fit, svi_fit_failure> fit_svi(std::span<const smile_point> points, double years,
                                           const svi_params* start = nullptr);

} // namespace g6
