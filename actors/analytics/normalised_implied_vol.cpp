#include "actors/analytics/normalised_implied_vol.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "actors/analytics/iv_anchors.hpp"
#include "actors/analytics/normal_distribution.hpp"
#include "actors/analytics/normalised_black.hpp"
#include "actors/analytics/rational_cubic.hpp"

namespace g6 {

namespace {

constexpr double epsilon = std::numeric_limits<double>::epsilon();
constexpr double sqrt_three = 1.7320508075688772935;
constexpr double sqrt_two_pi = 2.5066282746310005024;
constexpr double two_pi_over_sqrt_27 = 1.2091995761561452337; // 2π/√27

double inverse_lower_map(double x, double f) {
  if (!(f > 0))
    return 0;
  auto ax = std::abs(x);
  return std::abs(ax / (sqrt_three * inverse_normal_cdf(std::cbrt(f / (two_pi_over_sqrt_27 * ax)))));
}

double inverse_upper_map(double f) {
  return -2 * inverse_normal_cdf(f);
}

double householder_factor(double newton, double halley, double hh3) {
  return (1 + 0.5 * halley * newton) / (1 + newton * (halley + hh3 * newton / 6));
}

/// b″/b′ and b‴/b′ of the normalised Black function in s.
struct black_curvature {
  double halley;
  double hh3;
};

black_curvature curvature(double x, double s) {
  auto inv_s = 1 / s;
  auto h = x * inv_s;
  auto h_over_s = h * inv_s;
  auto halley = h * h_over_s - 0.25 * s;
  return {halley, halley * halley - 3 * h_over_s * h_over_s - 0.25};
}

/// One evaluation of an objective at s: whether b(s) lies above or below the target, and the
/// Householder step (NaN when the objective cannot be evaluated there, e.g. b underflowed).
struct step_result {
  bool above;
  bool below;
  double ds;
};

/// In the middle branches, the objective b − β, whose Halley and third-order terms are b's own.
step_result middle_step(const normalised_iv_state& st, double s) {
  auto [b, vega] = normalised_otm_black_and_vega(st.x, s);
  auto c = curvature(st.x, s);
  auto newton = (st.beta - b) / vega;
  return {b > st.beta, b < st.beta, newton * householder_factor(newton, c.halley, c.hh3)};
}

/// Below s_l, 1/ln b − 1/ln β: nearly linear in s where b is tiny. It works on ln b and b′/b, which
/// stay finite however far b underflows.
step_result lower_step(const normalised_iv_state& st, double s) {
  auto ratio = normalised_black_over_vega(st.x, s); // b/b′
  auto ln_b = log_normalised_vega(st.x, s) + std::log(ratio);
  if (!(ratio > 0 && std::isfinite(ln_b) && ln_b < 0))
    return {false, false, std::numeric_limits<double>::quiet_NaN()};
  auto ln_beta = st.target;
  auto inverse = 1 / (ratio * ln_b); // one division for both b′/b and 1/ln b
  auto bpob = ln_b * inverse;
  auto inv_ln_b = ratio * inverse;
  auto c = curvature(st.x, s);
  auto newton = (ln_beta - ln_b) * ln_b * st.inv_target * ratio;
  auto halley = c.halley - bpob * (1 + 2 * inv_ln_b);
  auto hh3 = c.hh3 + 2 * bpob * bpob * (1 + 3 * inv_ln_b * (1 + inv_ln_b)) - 3 * c.halley * bpob * (1 + 2 * inv_ln_b);
  return {ln_b > ln_beta, ln_b < ln_beta, newton * householder_factor(newton, halley, hh3)};
}

/// Near the bound, ln(b_max − β) − ln(b_max − b): it keeps the digits b_max − b would lose.
step_result upper_step(const normalised_iv_state& st, double s) {
  auto gap = normalised_gap_over_vega(st.x, s); // (b_max − b)/b′
  auto ln_gap = log_normalised_vega(st.x, s) + std::log(gap);
  if (!(gap > 0 && std::isfinite(ln_gap)))
    return {false, false, std::numeric_limits<double>::quiet_NaN()};
  auto g = st.target - ln_gap;
  auto gp = 1 / gap;
  auto c = curvature(st.x, s);
  auto newton = -g * gap;
  auto halley = c.halley + gp;
  auto hh3 = c.hh3 + gp * (2 * gp + 3 * c.halley);
  return {g > 0, g < 0, newton * householder_factor(newton, halley, hh3)};
}

normalised_iv_state with_start(normalised_iv_state st, iv_objective objective, double s, double left, double right) {
  st.objective = objective;
  st.s = s;
  st.left = left;
  st.right = right;
  st.ds = -std::numeric_limits<double>::max();
  if (objective == iv_objective::lower) {
    st.target = std::log(st.beta);
    st.inv_target = 1 / st.target;
  } else if (objective == iv_objective::upper)
    st.target = std::log(st.b_max - st.beta);
  return st;
}

} // namespace

normalised_iv_state start_normalised_iv(double beta, double x, double b_max) {
  normalised_iv_state st;
  st.x = x;
  st.beta = beta;
  st.b_max = b_max;
  const auto p = anchor_points_for(x);
  const auto b_c = b_max / sqrt_two_pi * p.ratio_c;
  const auto a = guess_anchors_for(x, p);
  // The side of s_c is decided exactly (b_c is exact), so the brackets (0, s_c) and (s_c, ∞) are; the
  // branch within a side only picks the starting formula and the objective, either of which would
  // converge near the branch boundary.
  constexpr auto tiny = std::numeric_limits<double>::min();
  constexpr auto huge = std::numeric_limits<double>::max();
  if (beta < b_c) {
    const auto b_l = a.b_l * b_max;
    if (beta < b_l) {
      // Lowest branch: interpolate the lower map over [0, b_l], where f(0) = 0 and f′(0) = 1.
      const auto f_l = a.f_l * b_max;
      auto f = rational_cubic_interpolation(beta, {0, b_l, 0, f_l, 1, a.df_l}, a.r_lowest);
      if (!(f > 0)) {
        // Round-off for extreme |x|: the quadratic through f(0) = 0, f′(0) = 1 and f(b_l).
        auto t = beta / b_l;
        f = (f_l * t + b_l * (1 - t)) * t;
      }
      return with_start(st, iv_objective::lower, inverse_lower_map(x, f), tiny, p.s_c);
    }
    // Lower middle branch: interpolate s itself over [b_l, b_c], with ds/db = 1/b′.
    auto s = rational_cubic_interpolation(beta, {b_l, b_c, p.s_l, p.s_c, 1 / (a.v_l * b_max), sqrt_two_pi / b_max},
                                          a.r_low_mid);
    return with_start(st, iv_objective::middle, s, tiny, p.s_c);
  }
  const auto b_h = a.b_h * b_max;
  if (beta <= b_h) {
    // Upper middle branch.
    auto s = rational_cubic_interpolation(beta, {b_c, b_h, p.s_c, p.s_h, sqrt_two_pi / b_max, 1 / (a.v_h * b_max)},
                                          a.r_high_mid);
    return with_start(st, iv_objective::middle, s, p.s_c, huge);
  }
  // Highest branch: interpolate the upper map over [b_h, b_max], where f(b_max) = 0, f′(b_max) = −1/2.
  auto f = std::isnan(a.r_highest)
             ? -1.0
             : rational_cubic_interpolation(beta, {b_h, b_max, a.f_h, 0, a.df_h / b_max, -0.5}, a.r_highest);
  if (f <= 0) {
    // The quadratic through f(b_h), f(b_max) = 0 and f′(b_max) = −1/2.
    auto h = b_max - b_h;
    auto t = (beta - b_h) / h;
    f = (a.f_h * (1 - t) + 0.5 * h * t) * (1 - t);
  }
  // Above half the bound the upper objective; below it b − β serves as well.
  auto objective = beta > 0.5 * b_max ? iv_objective::upper : iv_objective::middle;
  return with_start(st, objective, inverse_upper_map(f), p.s_c, huge);
}

bool normalised_iv_finished(const normalised_iv_state& st, int max_iterations, double step_tolerance) {
  step_tolerance = std::max(step_tolerance, full_precision_step);
  return st.bracket_collapsed || st.iterations >= max_iterations || !(std::abs(st.ds) > step_tolerance * st.s);
}

void advance_normalised_iv(normalised_iv_state& st) {
  if (st.ds * st.ds_previous < 0)
    ++st.reversals;
  if (st.iterations > 0 && (st.reversals == 3 || !(st.s > st.left && st.s < st.right))) {
    // The step left the bracket, or the iteration is looping: bisect instead.
    st.s = 0.5 * (st.left + st.right);
    if (st.right - st.left <= epsilon * st.s) {
      st.bracket_collapsed = true;
      return;
    }
    st.reversals = 0;
    st.ds = 0;
  }
  st.ds_previous = st.ds;
  auto step = st.objective == iv_objective::middle  ? middle_step(st, st.s)
              : st.objective == iv_objective::lower ? lower_step(st, st.s)
                                                    : upper_step(st, st.s);
  if (step.above && st.s < st.right)
    st.right = st.s;
  else if (step.below && st.s > st.left)
    st.left = st.s;
  auto ds = std::isfinite(step.ds) ? step.ds : 0.5 * (st.left + st.right) - st.s;
  st.ds = std::max(-0.5 * st.s, ds);
  st.s += st.ds;
  ++st.iterations;
}

normalised_solution normalised_iv_result(const normalised_iv_state& st, double step_tolerance) {
  step_tolerance = std::max(step_tolerance, full_precision_step);
  auto converged = st.bracket_collapsed || !(std::abs(st.ds) > step_tolerance * st.s);
  return {st.s, st.iterations, converged};
}

normalised_solution normalised_implied_vol(double beta, double x, double b_max, int max_iterations,
                                           double step_tolerance) {
  auto st = start_normalised_iv(beta, x, b_max);
  while (!normalised_iv_finished(st, max_iterations, step_tolerance))
    advance_normalised_iv(st);
  return normalised_iv_result(st, step_tolerance);
}

} // namespace g6
