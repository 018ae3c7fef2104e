// rational_cubic.hpp — Delbourgo and Gregory's shape-preserving rational cubic interpolation (IMA J.
// Numer. Anal. 1985), which the implied-volatility solver uses for its starting point: between two
// nodes it matches values and slopes, and a control parameter r (3 for the ordinary cubic Hermite; →∞
// for a straight line) can keep it monotone and convex, or fit a second derivative at one end.
#pragma once

namespace g6 {

/// One segment [x_l, x_r] with values y and slopes d at both ends.
struct rational_cubic_segment {
  double x_l, x_r;
  double y_l, y_r;
  double d_l, d_r;
};

/// The interpolant at x for control parameter r (> −1).
double rational_cubic_interpolation(double x, const rational_cubic_segment& seg, double r);

/// The control parameter that makes the interpolant's second derivative at the left (or right) end equal
/// `second_derivative`, raised where needed to the least value keeping the segment's shape (monotone,
/// convex or concave as its end slopes and secant allow). With `prefer_shape` the interpolant turns into
/// a straight line rather than give up the shape where the two conflict.
double convex_control_parameter_fitting_left(const rational_cubic_segment& seg, double second_derivative,
                                             bool prefer_shape);
double convex_control_parameter_fitting_right(const rational_cubic_segment& seg, double second_derivative,
                                              bool prefer_shape);

} // namespace g6
