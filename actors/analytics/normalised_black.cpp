#include "actors/analytics/normalised_black.hpp"

#include <cmath>
#include <limits>

namespace g6 {

double log_moneyness(double forward, double strike) {
  auto ratio = forward / strike;
  if (ratio > 0.5 && ratio < 2)
    return std::log1p((forward - strike) / strike);
  return std::log(ratio);
}

namespace normalised_black_detail {

// With R(u) ~ Σ_n (−1)^n (2n−1)!!/u^{2n+1}, u = −(h+t) and w = t − h = u + 2t, each term of
// R(u) − R(w) is u^{−k}·(1 − ρ^k), ρ = u/w, and 1 − ρ^k = (2t/w)·(1 + ρ + ... + ρ^{k−1}) carries no
// cancellation. The series is asymptotic; at u >= 9.79 its terms fall below ε·sum within about twenty.
double asymptotic_series(double h, double t) {
  auto u = -(h + t);
  auto w = t - h;
  auto rho = u / w;
  auto inv_u2 = 1 / (u * u);
  auto coefficient = 1 / u; // (2n−1)!!/u^{2n+1}
  auto powers = 1.0;        // 1 + ρ + ... + ρ^{2n}
  auto rho_power = rho;     // ρ^{2n+1}
  auto sum = coefficient;
  auto sign = -1.0;
  for (int n = 1; n < 60; ++n) {
    coefficient *= (2 * n - 1) * inv_u2;
    powers += rho_power + rho_power * rho;
    rho_power *= rho * rho;
    auto term = sign * coefficient * powers;
    sum += term;
    if (std::abs(term) <= 0.25 * std::numeric_limits<double>::epsilon() * sum)
      break;
    sign = -sign;
  }
  return 2 * t / w * sum;
}

} // namespace normalised_black_detail

} // namespace g6
