#include "actors/analytics/black76.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "actors/analytics/normalised_black.hpp"

namespace g6 {

namespace {

bool in_domain(const black76_option& o, double vol) {
  return o.forward > 0 && o.strike > 0 && o.years >= 0 && o.discount > 0 && vol >= 0 && std::isfinite(o.forward)
         && std::isfinite(o.strike) && std::isfinite(o.years) && std::isfinite(o.discount) && std::isfinite(vol);
}

} // namespace

double normal_cdf(double x) {
  return 0.5 * std::erfc(-x / std::numbers::sqrt2);
}

double normal_pdf(double x) {
  return std::exp(-0.5 * x * x) / std::sqrt(2 * std::numbers::pi);
}

double black76_d1(const black76_option& o, double vol) {
  auto std_dev = vol * std::sqrt(o.years);
  return log_moneyness(o.forward, o.strike) / std_dev + 0.5 * std_dev;
}

double discounted_intrinsic(const black76_option& o) {
  auto payoff = o.type == option_type::call ? o.forward - o.strike : o.strike - o.forward;
  return o.discount * std::max(payoff, 0.0);
}

double premium_upper_bound(const black76_option& o) {
  return o.discount * (o.type == option_type::call ? o.forward : o.strike);
}

double black76_price(const black76_option& o, double vol) {
  if (!in_domain(o, vol))
    return std::nan("");
  auto std_dev = vol * std::sqrt(o.years);
  if (std_dev == 0)
    return discounted_intrinsic(o);
  // Intrinsic value plus the out-of-the-money part, DF·√(FK)·b(−|x|, s): no cancellation between
  // F·N(d1) and K·N(d2), so deep ITM time values and far-wing premiums keep their digits.
  auto x = log_moneyness(o.forward, o.strike);
  auto time_value = o.discount * std::sqrt(o.forward * o.strike) * normalised_otm_black(-std::abs(x), std_dev);
  return discounted_intrinsic(o) + time_value;
}

double black76_vega(const black76_option& o, double vol) {
  if (!in_domain(o, vol) || vol == 0 || o.years == 0)
    return std::nan("");
  return o.discount * o.forward * normal_pdf(black76_d1(o, vol)) * std::sqrt(o.years);
}

} // namespace g6
