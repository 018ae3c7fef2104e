// normal_distribution.hpp — the standard normal functions pricing needs at full relative precision:
// the scaled complementary error function (W. J. Cody's rational Chebyshev approximations, Math. Comp.
// 1969), the Mills ratio built on it, and the inverse CDF (Wichura's AS 241). The first two sit on the
// implied-volatility solver's hot path, so they are inline.
#pragma once

#include <cmath>
#include <numbers>

namespace g6 {

/// erfcx(y) = e^{y²}·erfc(y) for y >= 0, to about one ulp; 0 beyond ~2.5e307.
inline double erfcx_nonnegative(double y) {
  if (y <= 0.46875) {
    // erf by a rational function of y², then erfcx = e^{y²}·(1 − erf).
    constexpr double a[5] = {3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947,
                             0.185777706184603153};
    constexpr double b[4] = {23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062};
    auto ysq = y > 1.11e-16 ? y * y : 0.0;
    auto num = a[4] * ysq;
    auto den = ysq;
    for (int i = 0; i < 3; ++i) {
      num = (num + a[i]) * ysq;
      den = (den + b[i]) * ysq;
    }
    auto erf = y * (num + a[3]) / (den + b[3]);
    return std::exp(ysq) * (1 - erf);
  }
  if (y <= 4) {
    constexpr double c[9] = {0.564188496988670089, 8.88314979438837594, 66.1191906371416295,
                             298.635138197400131,  881.95222124176909,  1712.04761263407058,
                             2051.07837782607147,  1230.33935479799725, 2.15311535474403846e-8};
    constexpr double d[8] = {15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019,
                             3290.79923573345963, 4362.61909014324716, 3439.36767414372164, 1230.33935480374942};
    auto num = c[8] * y;
    auto den = y;
    for (int i = 0; i < 7; ++i) {
      num = (num + c[i]) * y;
      den = (den + d[i]) * y;
    }
    return (num + c[7]) / (den + d[7]);
  }
  constexpr double inv_sqrt_pi = 0.56418958354775628695;
  if (y >= 2.53e307)
    return 0;
  if (y >= 6.71e7)
    return inv_sqrt_pi / y;
  constexpr double p[6] = {0.305326634961232344,  0.360344899949804439,   0.125781726111229246,
                           0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978};
  constexpr double q[5] = {2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191,
                           0.00233520497626869185};
  auto ysq = 1 / (y * y);
  auto num = p[5] * ysq;
  auto den = ysq;
  for (int i = 0; i < 4; ++i) {
    num = (num + p[i]) * ysq;
    den = (den + q[i]) * ysq;
  }
  auto r = ysq * (num + p[4]) / (den + q[4]);
  return (inv_sqrt_pi - r) / y;
}

/// The Mills ratio R(u) = Φ(−u)/φ(u) = √(π/2)·erfcx(u/√2) for u >= 0: the normal tail beyond u in
/// units of the density at u. It decays like 1/u, so tails far beyond the underflow of Φ keep full
/// relative precision.
inline double mills_ratio(double u) {
  constexpr double sqrt_half_pi = 1.2533141373155002512; // √(π/2)
  return sqrt_half_pi * erfcx_nonnegative(u * (1 / std::numbers::sqrt2));
}

/// Φ⁻¹(p) for 0 < p < 1 (Wichura's AS 241, relative error about 1e-16); ∓infinity at 0 and 1, NaN
/// outside [0, 1].
double inverse_normal_cdf(double p);

} // namespace g6
