#include "actors/analytics/svi.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "actors/analytics/black76.hpp"

namespace g6 {

svi_params params_of(const surface_slice& slice) {
  return {slice.a, slice.b, slice.rho, slice.m, slice.sigma};
}

double svi_total_variance(const svi_params& p, double k) {
  auto r = k - p.m;
  return p.a + p.b * (p.rho * r + std::sqrt(r * r + p.sigma * p.sigma));
}

double svi_slope(const svi_params& p, double k) {
  auto r = k - p.m;
  return p.b * (p.rho + r / std::sqrt(r * r + p.sigma * p.sigma));
}

double svi_curvature(const svi_params& p, double k) {
  auto r = k - p.m;
  auto s = std::sqrt(r * r + p.sigma * p.sigma);
  return p.b * p.sigma * p.sigma / (s * s * s);
}

double svi_implied_vol(const svi_params& p, double k, double years) {
  auto w = svi_total_variance(p, k);
  if (!(w > 0) || !(years > 0))
    return absent;
  return std::sqrt(w / years);
}

double durrleman_g(const svi_params& p, double k) {
  auto w = svi_total_variance(p, k);
  if (!(w > 0))
    return -std::numeric_limits<double>::infinity();
  auto w1 = svi_slope(p, k);
  auto w2 = svi_curvature(p, k);
  auto first = 1 - k * w1 / (2 * w);
  return first * first - 0.25 * w1 * w1 * (1 / w + 0.25) + 0.5 * w2;
}

namespace {

/// The grid's k values, the first at `low` and the last at `high`.
template <class F>
void for_each_grid_point(double low, double high, int points, F&& f) {
  points = std::max(points, 2);
  for (int i = 0; i < points; ++i)
    f(low + (high - low) * i / (points - 1));
}

// Tolerances for rounding: a smile touching zero density or two expiries touching each other is not an
// arbitrage a trader could take.
constexpr double butterfly_tolerance = 1e-9;
constexpr double calendar_tolerance = 1e-12;

} // namespace

arbitrage_check check_butterfly(const svi_params& p, double k_low, double k_high, int grid_points) {
  arbitrage_check check;
  double worst = std::numeric_limits<double>::infinity();
  for_each_grid_point(k_low, k_high, grid_points, [&](double k) {
    auto g = durrleman_g(p, k);
    if (!(g >= worst)) {
      worst = g;
      check.worst_k = k;
    }
  });
  if (!(worst >= -butterfly_tolerance)) {
    check.ok = false;
    check.worst = worst;
  } else {
    check.worst_k = absent;
  }
  return check;
}

bool satisfies_lee_bound(const svi_params& p) {
  return p.b * (1 + std::abs(p.rho)) <= 2 + 1e-12;
}

arbitrage_check check_calendar(const svi_params& earlier, const svi_params& later, double k_low, double k_high,
                               int grid_points) {
  arbitrage_check check;
  double worst = std::numeric_limits<double>::infinity();
  for_each_grid_point(k_low, k_high, grid_points, [&](double k) {
    auto gap = svi_total_variance(later, k) - svi_total_variance(earlier, k);
    if (!(gap >= worst)) {
      worst = gap;
      check.worst_k = k;
    }
  });
  if (!(worst >= -calendar_tolerance * std::max(1.0, svi_total_variance(earlier, 0)))) {
    check.ok = false;
    check.worst = worst;
  } else {
    check.worst_k = absent;
  }
  return check;
}

double svi_delta_strike(const svi_params& p, double call_delta) {
  if (!(call_delta > 0 && call_delta < 1))
    return absent;
  auto w0 = svi_total_variance(p, 0);
  if (!(w0 > 0))
    return absent;
  // N(d1(k)) − Δ; positive for strikes below the one sought (a lower strike has a higher call delta).
  auto excess = [&](double k) {
    auto w = svi_total_variance(p, k);
    if (!(w > 0))
      return absent;
    auto sd = std::sqrt(w);
    return normal_cdf((-k + 0.5 * w) / sd) - call_delta;
  };
  auto limit = 12 * std::sqrt(w0) + 1;
  double low = -limit;
  double high = limit;
  auto at_low = excess(low);
  auto at_high = excess(high);
  if (!(at_low > 0 && at_high < 0))
    return absent;
  for (int i = 0; i < 80 && high - low > 1e-12; ++i) {
    auto mid = 0.5 * (low + high);
    auto at_mid = excess(mid);
    if (!is_present(at_mid))
      return absent;
    (at_mid > 0 ? low : high) = mid;
  }
  return 0.5 * (low + high);
}

smile_figures smile_figures_of(const svi_params& p, double years) {
  smile_figures figures;
  if (!(years > 0))
    return figures;
  figures.atm_iv = svi_implied_vol(p, 0, years);
  if (!is_present(figures.atm_iv))
    return figures;
  // σ(k) = √(w/T), so dσ/dk = w′/(2√(wT)).
  figures.atm_skew = svi_slope(p, 0) / (2 * std::sqrt(svi_total_variance(p, 0) * years));
  auto call_k = svi_delta_strike(p, 0.25);
  auto put_k = svi_delta_strike(p, 0.75);
  if (!is_present(call_k) || !is_present(put_k))
    return figures;
  auto call_iv = svi_implied_vol(p, call_k, years);
  auto put_iv = svi_implied_vol(p, put_k, years);
  figures.rr25 = call_iv - put_iv;
  figures.bf25 = 0.5 * (call_iv + put_iv) - figures.atm_iv;
  return figures;
}

} // namespace g6
