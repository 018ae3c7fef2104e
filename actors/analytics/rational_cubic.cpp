#include "actors/analytics/rational_cubic.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace g6 {

namespace {

constexpr double epsilon = std::numeric_limits<double>::epsilon();
// r = −1 makes the denominator vanish; stay a hair above. r beyond 2/ε² is a straight line in doubles.
const double minimum_control = -(1 - std::sqrt(epsilon));
constexpr double maximum_control = 2 / (epsilon * epsilon);

bool is_zero(double x) {
  return std::abs(x) < std::numeric_limits<double>::min();
}

/// The least r that keeps the segment monotone (3.8) and convex or concave (3.18), when its slopes allow
/// it (section 3 of Delbourgo & Gregory).
double minimum_shape_preserving_control(double d_l, double d_r, double secant, bool prefer_shape) {
  auto monotone = d_l * secant >= 0 && d_r * secant >= 0;
  auto convex = d_l <= secant && secant <= d_r;
  auto concave = d_l >= secant && secant >= d_r;
  if (!monotone && !convex && !concave)
    return minimum_control;
  auto r_monotone = -std::numeric_limits<double>::max();
  auto r_convex = r_monotone;
  if (monotone) {
    if (!is_zero(secant))
      r_monotone = (d_r + d_l) / secant;
    else if (prefer_shape)
      r_monotone = maximum_control;
  }
  if (convex || concave) {
    auto secant_minus_left = secant - d_l;
    auto right_minus_secant = d_r - secant;
    if (!(is_zero(secant_minus_left) || is_zero(right_minus_secant)))
      r_convex = std::max(std::abs((d_r - d_l) / right_minus_secant), std::abs((d_r - d_l) / secant_minus_left));
    else if (prefer_shape)
      r_convex = maximum_control;
  } else if (monotone && prefer_shape) {
    r_convex = maximum_control;
  }
  return std::max({minimum_control, r_monotone, r_convex});
}

double fit(double numerator, double denominator) {
  if (is_zero(numerator))
    return 0;
  if (is_zero(denominator))
    return numerator > 0 ? maximum_control : minimum_control;
  return numerator / denominator;
}

} // namespace

double rational_cubic_interpolation(double x, const rational_cubic_segment& seg, double r) {
  auto h = seg.x_r - seg.x_l;
  if (std::abs(h) <= 0)
    return 0.5 * (seg.y_l + seg.y_r);
  auto t = (x - seg.x_l) / h;
  if (!(r >= maximum_control)) {
    auto omt = 1 - t;
    auto t2 = t * t;
    auto omt2 = omt * omt;
    return (seg.y_r * t2 * t + (r * seg.y_r - h * seg.d_r) * t2 * omt + (r * seg.y_l + h * seg.d_l) * t * omt2
            + seg.y_l * omt2 * omt)
           / (1 + (r - 3) * t * omt);
  }
  return seg.y_r * t + seg.y_l * (1 - t);
}

double convex_control_parameter_fitting_left(const rational_cubic_segment& seg, double second_derivative,
                                             bool prefer_shape) {
  auto h = seg.x_r - seg.x_l;
  auto secant = (seg.y_r - seg.y_l) / h;
  auto r = fit(0.5 * h * second_derivative + (seg.d_r - seg.d_l), secant - seg.d_l);
  return std::max(r, minimum_shape_preserving_control(seg.d_l, seg.d_r, secant, prefer_shape));
}

double convex_control_parameter_fitting_right(const rational_cubic_segment& seg, double second_derivative,
                                              bool prefer_shape) {
  auto h = seg.x_r - seg.x_l;
  auto secant = (seg.y_r - seg.y_l) / h;
  auto r = fit(0.5 * h * second_derivative + (seg.d_r - seg.d_l), seg.d_r - secant);
  return std::max(r, minimum_shape_preserving_control(seg.d_l, seg.d_r, secant, prefer_shape));
}

} // namespace g6
