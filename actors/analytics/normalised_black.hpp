// normalised_black.hpp — the Black formula with the forward, strike and discounting factored out, as
// P. Jäckel's "Let's Be Rational" (2015) works with it: for x = ln(F/K) and s = σ√T,
//   b(x, s) = e^{x/2}·Φ(x/s + s/2) − e^{−x/2}·Φ(x/s − s/2),   premium = DF·√(FK)·b.
// Everything here is computed to (nearly) full relative precision, also where b is far below the
// smallest double, which is what lets the implied-volatility solver reach the last digit everywhere.
//
// The building block is the Mills ratio R (normal_distribution.hpp): with h = x/s and t = s/2,
//   b = b′·(R(−h−t) − R(t−h))            and   e^{x/2} − b = b′·(R(h+t) + R(t−h)),
// where b′ = ∂b/∂s = e^{−(h²+t²)/2}/√(2π). The first form is exact where b is a small part of its
// bound e^{x/2} (h + t <= 0), the second where it is most of it (h + t > 0). Where the two Mills ratios
// nearly cancel (s small, or deep in the wing) Taylor and asymptotic series take over.
//
// The functions the solver evaluates in its loop are inline: it calls them a few times per option.
#pragma once

#include <cmath>

#include "actors/analytics/normal_distribution.hpp"

namespace g6 {

/// x = ln(F/K), through log1p where F and K are close: F − K is then exact, so x keeps its relative
/// precision however near the money the strike is.
double log_moneyness(double forward, double strike);

namespace normalised_black_detail {

inline constexpr double sqrt_two_pi = 2.5066282746310005024;      // √(2π)
inline constexpr double log_sqrt_two_pi = 0.91893853320467274178; // ln √(2π)
// Below this t = s/2 the two Mills ratios cancel too much: b/b′ comes from its Taylor series in t.
// (2·ε^{1/16}, Jäckel's choice: the series' first omitted term is then below ε.)
inline constexpr double small_t = 0.21022410381342866;
// Beyond h = x/s < −10 (and h + t below −10 + small_t) b/b′ comes from the asymptotic series of R.
inline constexpr double asymptotic_h = -10;

/// b/b′ = R(−h−t) − R(t−h) for small t: 2t·Σ_k Y^{(2k+1)}(h)·t^{2k}/(2k+1)!, where Y(h) = R(−h) obeys
/// Y′ = 1 + hY, so every odd derivative is a polynomial in h² and a = Y′(h) = 1 + h·Y(h).
inline double small_t_series(double h, double t) {
  auto a = 1 + h * mills_ratio(-h);
  auto w = t * t;
  auto h2 = h * h;
  // Y^{(2k+1)}(h) = a·p_k(h²) − q_k(h²), already divided by (2k+1)!.
  auto d3 = (-1 + a * (3 + h2)) * (1.0 / 6);
  auto d5 = (-7 - h2 + a * (15 + h2 * (10 + h2))) * (1.0 / 120);
  auto d7 = (-57 + h2 * (-18 - h2) + a * (105 + h2 * (105 + h2 * (21 + h2)))) * (1.0 / 5040);
  auto d9 =
    (-561 + h2 * (-285 + h2 * (-33 - h2)) + a * (945 + h2 * (1260 + h2 * (378 + h2 * (36 + h2))))) * (1.0 / 362880);
  auto d11 = (-6555 + h2 * (-4680 + h2 * (-840 + h2 * (-52 - h2)))
              + a * (10395 + h2 * (17325 + h2 * (6930 + h2 * (990 + h2 * (55 + h2))))))
             * (1.0 / 39916800);
  auto d13 = (-89055 + h2 * (-82845 + h2 * (-20370 + h2 * (-1926 + h2 * (-75 - h2))))
              + a * (135135 + h2 * (270270 + h2 * (135135 + h2 * (25740 + h2 * (2145 + h2 * (78 + h2)))))))
             * (1.0 / 6227020800.0);
  return 2 * t * (a + w * (d3 + w * (d5 + w * (d7 + w * (d9 + w * (d11 + w * d13))))));
}

/// b/b′ deep in the wing, by the asymptotic series of R (normalised_black.cpp).
double asymptotic_series(double h, double t);

inline bool asymptotic_region(double h, double t) {
  return h < asymptotic_h && h + t < asymptotic_h + small_t;
}

/// Whether b is best computed from its distance to the bound.
inline bool near_bound(double h, double t) {
  return h + t > 0 && t >= small_t;
}

} // namespace normalised_black_detail

/// ∂b/∂s at (x, s), and its logarithm (which never underflows).
inline double normalised_vega(double x, double s) {
  using namespace normalised_black_detail;
  auto h = x / s;
  auto t = 0.5 * s;
  return std::exp(-0.5 * (h * h + t * t)) / sqrt_two_pi;
}

inline double log_normalised_vega(double x, double s) {
  using namespace normalised_black_detail;
  auto h = x / s;
  auto t = 0.5 * s;
  return -0.5 * (h * h + t * t) - log_sqrt_two_pi;
}

/// b/b′ for an out-of-the-money call (x <= 0, s > 0): the premium in units of its vega, computed
/// without forming either, so it stays exact when b underflows. Meant for h + t <= 0.
inline double normalised_black_over_vega(double x, double s) {
  using namespace normalised_black_detail;
  auto h = x / s;
  auto t = 0.5 * s;
  if (asymptotic_region(h, t))
    return asymptotic_series(h, t);
  if (t < small_t)
    return small_t_series(h, t);
  if (h + t > 0)
    return sqrt_two_pi * std::exp(0.5 * (h + t) * (h + t)) - (mills_ratio(h + t) + mills_ratio(t - h));
  return mills_ratio(-(h + t)) - mills_ratio(t - h);
}

/// (e^{x/2} − b)/b′ for x <= 0, s > 0: the premium's distance to its bound in units of vega, exact where
/// the premium is close to the bound (h + t > 0).
inline double normalised_gap_over_vega(double x, double s) {
  using namespace normalised_black_detail;
  auto h = x / s;
  auto t = 0.5 * s;
  if (near_bound(h, t))
    return mills_ratio(h + t) + mills_ratio(t - h);
  return sqrt_two_pi * std::exp(0.5 * (h + t) * (h + t)) - normalised_black_over_vega(x, s);
}

/// b(x, s) and b′(x, s) together, for x <= 0 and s > 0 (one exponential for both).
struct black_and_vega {
  double black;
  double vega;
};

inline black_and_vega normalised_otm_black_and_vega(double x, double s) {
  using namespace normalised_black_detail;
  auto h = x / s;
  auto t = 0.5 * s;
  auto vega = normalised_vega(x, s);
  if (near_bound(h, t))
    return {std::exp(0.5 * x) - vega * (mills_ratio(h + t) + mills_ratio(t - h)), vega};
  return {vega * normalised_black_over_vega(x, s), vega};
}

/// b(x, s) of an out-of-the-money call (x <= 0), s >= 0.
inline double normalised_otm_black(double x, double s) {
  if (!(s > 0))
    return 0;
  return normalised_otm_black_and_vega(x, s).black;
}

} // namespace g6
