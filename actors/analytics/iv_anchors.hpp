// iv_anchors.hpp — what the implied-volatility solver's starting point needs to know about a strike
// before it looks at the premium. With x = ln(F/K) <= 0 the anchors of "Let's Be Rational" are
//   s_c = √(2|x|), where b(x, ·) turns from convex to concave,
//   s_l = s_c − b_c/b′_c and s_h = s_c + (b_max − b_c)/b′_c, where the tangent at s_c meets 0 and
//   b_max = e^{x/2};
// the values of b, b′ and of the outer maps at s_l and s_h, and the control parameters of the rational
// cubics through them. The points themselves are cheap (one Mills ratio) and computed exactly, so the
// solver's brackets stay exact. The values at s_l and s_h cost two evaluations of b and four
// exponentials, yet depend on x alone: they are tabulated once over ln|x| and interpolated, which moves
// the starting point by far less than its own error (about 1e-2) while saving most of its cost.
#pragma once

namespace g6 {

/// The exact anchor points for x <= 0.
struct anchor_points {
  double s_c = 0;
  double ratio_c = 0; // b/b′ at s_c
  double s_l = 0;
  double s_h = 0;
};

anchor_points anchor_points_for(double x);

/// The values at the anchors, relative to b_max where they scale with it.
struct guess_anchors {
  double b_l = 0;        // b(x, s_l)/b_max
  double v_l = 0;        // b′(x, s_l)/b_max
  double f_l = 0;        // the lower map at s_l, over b_max
  double df_l = 0;       // its slope df/db
  double r_lowest = 0;   // control parameter over [0, b_l] (lower map)
  double r_low_mid = 0;  // control parameter over [b_l, b_c] (s itself)
  double b_h = 0;        // b(x, s_h)/b_max
  double v_h = 0;        // b′(x, s_h)/b_max
  double f_h = 0;        // the upper map at s_h, Φ(−s_h/2)
  double df_h = 0;       // its slope times b_max, b_max·df/db
  double r_high_mid = 0; // control parameter over [b_c, b_h] (s itself)
  double r_highest = 0;  // control parameter over [b_h, b_max] (upper map); NaN: use the quadratic
};

/// The anchors' values computed from scratch.
guess_anchors exact_guess_anchors(double x, const anchor_points& points);

/// The anchors' values from the table when |x| lies in its range, else from scratch.
guess_anchors guess_anchors_for(double x, const anchor_points& points);

/// s ↦ f(s) with df/db and d²f/db², for one of the outer branches' maps.
struct map_point {
  double f;
  double df;
  double d2f;
};

/// Below s_l the map f = (2π|x|/√27)·Φ(−z)³, z = |x|/(√3·s), is nearly linear in b, with f(0) = 0 and
/// df/db = 1 at b = 0.
map_point lower_map(double x, double s);
/// Above s_h the map f = Φ(−s/2) falls to 0 as b approaches e^{x/2}, with df/db = −1/2 there.
map_point upper_map(double x, double s);

} // namespace g6
