#include "actors/analytics/iv_anchors.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <numbers>

#include "actors/analytics/normal_distribution.hpp"
#include "actors/analytics/normalised_black.hpp"
#include "actors/analytics/rational_cubic.hpp"

namespace g6 {

namespace {

constexpr double sqrt_three = 1.7320508075688772935;
constexpr double sqrt_two_pi = 2.5066282746310005024;
constexpr double sqrt_half_pi = 1.2533141373155002512;
constexpr double two_pi_over_sqrt_27 = 1.2091995761561452337; // 2π/√27

// The table spans |x| from 1e-6 (a strike a ten-thousandth of a percent from the forward) to 16 (a
// strike e^16 times off it), evenly in ln|x|: 2% apart in |x|, where the anchors move by well under a
// percent. Outside that range the anchors are computed exactly.
constexpr double table_min_log_x = -13.815510557964274; // ln 1e-6
constexpr double table_max_log_x = 2.772588722239781;   // ln 16
constexpr int table_intervals = 1024;
constexpr double table_step = (table_max_log_x - table_min_log_x) / table_intervals;

class anchor_table {
public:
  anchor_table() {
    for (int i = 0; i <= table_intervals; ++i) {
      auto x = -std::exp(table_min_log_x + i * table_step);
      nodes_[static_cast<size_t>(i)] = exact_guess_anchors(x, anchor_points_for(x));
    }
  }

  bool covers(double log_x) const { return log_x >= table_min_log_x && log_x < table_max_log_x; }

  guess_anchors at(double log_x) const {
    auto position = (log_x - table_min_log_x) / table_step;
    auto i = static_cast<size_t>(position);
    auto w = position - static_cast<double>(i);
    auto& a = nodes_[i];
    auto& b = nodes_[i + 1];
    auto lerp = [w](double left, double right) { return left + w * (right - left); };
    return {lerp(a.b_l, b.b_l),
            lerp(a.v_l, b.v_l),
            lerp(a.f_l, b.f_l),
            lerp(a.df_l, b.df_l),
            lerp(a.r_lowest, b.r_lowest),
            lerp(a.r_low_mid, b.r_low_mid),
            lerp(a.b_h, b.b_h),
            lerp(a.v_h, b.v_h),
            lerp(a.f_h, b.f_h),
            lerp(a.df_h, b.df_h),
            lerp(a.r_high_mid, b.r_high_mid),
            lerp(a.r_highest, b.r_highest)};
  }

private:
  std::array<guess_anchors, table_intervals + 1> nodes_;
};

} // namespace

anchor_points anchor_points_for(double x) {
  anchor_points p;
  p.s_c = std::sqrt(std::abs(2 * x));
  // At s_c, h + t = 0 and h² + t² = |x|: b′(s_c) = e^{x/2}/√(2π) and b/b′ = R(0) − R(s_c), unless s_c
  // is small enough for the series.
  p.ratio_c = p.s_c < 2 * normalised_black_detail::small_t ? normalised_black_over_vega(x, p.s_c)
                                                           : sqrt_half_pi - mills_ratio(p.s_c);
  if (p.s_c == 0)
    p.ratio_c = 0;
  p.s_l = p.s_c - p.ratio_c;
  p.s_h = p.s_c + sqrt_two_pi - p.ratio_c; // b_max/b′_c = √(2π)
  return p;
}

map_point lower_map(double x, double s) {
  auto ax = std::abs(x);
  auto z = ax / (sqrt_three * s);
  auto y = z * z;
  auto s2 = s * s;
  auto mills = mills_ratio(z);
  auto tail = mills * std::exp(-0.5 * y) / sqrt_two_pi; // Φ(−z)
  // Written with the Mills ratio R(z) = Φ(−z)/φ(z), so that no factor overflows.
  map_point p;
  p.f = two_pi_over_sqrt_27 * ax * tail * tail * tail;
  p.df = y * mills * mills * std::exp(0.125 * s2);
  p.d2f = std::numbers::pi / (6 * sqrt_two_pi) * y / (s2 * s) * mills
          * (8 * sqrt_three * s * ax + (3 * s2 * (s2 - 8) - 8 * x * x) * mills) * std::exp(1.5 * y + 0.25 * s2);
  return p;
}

map_point upper_map(double x, double s) {
  auto w = (x / s) * (x / s);
  map_point p;
  p.f = 0.5 * std::erfc(s / (2 * std::numbers::sqrt2));
  p.df = -0.5 * std::exp(0.5 * w);
  p.d2f = std::sqrt(0.5 * std::numbers::pi) * std::exp(w + 0.125 * s * s) * w / s;
  return p;
}

guess_anchors exact_guess_anchors(double x, const anchor_points& p) {
  guess_anchors a;
  auto b_max = std::exp(0.5 * x);
  auto v_c = b_max / sqrt_two_pi;
  auto b_c = v_c * p.ratio_c;
  if (p.s_l > 0) {
    auto [b_l, v_l] = normalised_otm_black_and_vega(x, p.s_l);
    auto m = lower_map(x, p.s_l);
    rational_cubic_segment lowest{0, b_l, 0, m.f, 1, m.df};
    rational_cubic_segment low_mid{b_l, b_c, p.s_l, p.s_c, 1 / v_l, 1 / v_c};
    a.b_l = b_l / b_max;
    a.v_l = v_l / b_max;
    a.f_l = m.f / b_max;
    a.df_l = m.df;
    a.r_lowest = convex_control_parameter_fitting_right(lowest, m.d2f, true);
    a.r_low_mid = convex_control_parameter_fitting_right(low_mid, 0.0, false);
  }
  auto [b_h, v_h] = normalised_otm_black_and_vega(x, p.s_h);
  auto m = upper_map(x, p.s_h);
  rational_cubic_segment high_mid{b_c, b_h, p.s_c, p.s_h, 1 / v_c, 1 / v_h};
  rational_cubic_segment highest{b_h, b_max, m.f, 0, m.df, -0.5};
  a.b_h = b_h / b_max;
  a.v_h = v_h / b_max;
  a.f_h = m.f;
  a.df_h = m.df * b_max;
  a.r_high_mid = convex_control_parameter_fitting_left(high_mid, 0.0, false);
  a.r_highest = std::abs(m.d2f) < std::sqrt(std::numeric_limits<double>::max())
                  ? convex_control_parameter_fitting_left(highest, m.d2f, true)
                  : std::numeric_limits<double>::quiet_NaN();
  return a;
}

guess_anchors guess_anchors_for(double x, const anchor_points& points) {
  static const anchor_table table;
  auto log_x = std::log(std::abs(x));
  if (table.covers(log_x))
    return table.at(log_x);
  return exact_guess_anchors(x, points);
}

} // namespace g6
