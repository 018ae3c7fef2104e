#include "actors/analytics/greeks.hpp"

#include <cmath>

namespace g6 {

namespace {

constexpr double days_per_year = 365;
constexpr double points_per_unit = 100; // vega per vol point, rho per percent

} // namespace

option_greeks black76_greeks(const black76_option& o, double vol) {
  auto price = black76_price(o, vol);
  if (!(o.years > 0 && vol > 0) || std::isnan(price)) {
    auto nan = std::nan("");
    return {nan, nan, nan, nan, nan};
  }
  auto sqrt_t = std::sqrt(o.years);
  auto d1 = black76_d1(o, vol);
  auto density = normal_pdf(d1);
  auto rate = -std::log(o.discount) / o.years;
  option_greeks g;
  g.delta = o.type == option_type::call ? o.discount * normal_cdf(d1)
                                        : -o.discount * normal_cdf(-d1);
  g.gamma = o.discount * density / (o.forward * vol * sqrt_t);
  // ∂V/∂T = −r·V + DF·F·φ(d1)·σ/(2√T), the same for calls and puts.
  auto dv_dt = -rate * price + o.discount * o.forward * density * vol / (2 * sqrt_t);
  g.theta = -dv_dt / days_per_year;
  g.vega = o.discount * o.forward * density * sqrt_t / points_per_unit;
  g.rho = -o.years * price / points_per_unit;
  return g;
}

} // namespace g6
