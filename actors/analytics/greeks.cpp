#include "actors/analytics/greeks.hpp"

#include <cmath>

#include "actors/analytics/normalised_black.hpp"

namespace g6 {

namespace {

constexpr double days_per_year = 365;
constexpr double points_per_unit = 100; // vega per vol point, rho per percent

/// The per-year sensitivities both views are built from, with F held fixed.
struct forward_sensitivities {
  double price;
  double delta;   // ∂V/∂F
  double gamma;   // ∂²V/∂F²
  double dv_dt;   // ∂V/∂T
  double dv_dvol; // ∂V/∂σ
  double dv_dr;   // ∂V/∂r
  double rate;
};

bool usable(const black76_option& o, double vol) {
  return o.years > 0 && vol > 0 && std::isfinite(vol) && std::isfinite(o.forward) && o.forward > 0
         && std::isfinite(o.strike) && o.strike > 0 && std::isfinite(o.years) && std::isfinite(o.discount)
         && o.discount > 0;
}

forward_sensitivities forward_view(const black76_option& o, double vol) {
  // One normalised evaluation gives the premium and φ(d1): with x = ln(F/K) and s = σ√T,
  // b′ = e^{x/2}·φ(d1), so DF·F·φ(d1) = DF·√(FK)·b′.
  auto sqrt_t = std::sqrt(o.years);
  auto s = vol * sqrt_t;
  auto x = log_moneyness(o.forward, o.strike);
  auto root_fk = std::sqrt(o.forward * o.strike);
  auto [time_value, vega] = normalised_otm_black_and_vega(-std::abs(x), s);
  auto d1 = x / s + 0.5 * s;
  auto scaled_density = o.discount * root_fk * vega; // DF·F·φ(d1)
  forward_sensitivities f;
  f.price = discounted_intrinsic(o) + o.discount * root_fk * time_value;
  f.rate = -std::log(o.discount) / o.years;
  f.delta = o.type == option_type::call ? o.discount * normal_cdf(d1) : -o.discount * normal_cdf(-d1);
  f.gamma = scaled_density / (o.forward * o.forward * s);
  f.dv_dvol = scaled_density * sqrt_t;
  // ∂V/∂T = −r·V + DF·F·φ(d1)·σ/(2√T), the same for calls and puts.
  f.dv_dt = -f.rate * f.price + 0.5 * f.dv_dvol * vol / o.years;
  f.dv_dr = -o.years * f.price;
  return f;
}

option_greeks nan_greeks() {
  auto nan = std::nan("");
  return {nan, nan, nan, nan, nan};
}

} // namespace

option_greeks black76_greeks(const black76_option& o, double vol) {
  if (!usable(o, vol))
    return nan_greeks();
  auto f = forward_view(o, vol);
  return {f.delta, f.gamma, -f.dv_dt / days_per_year, f.dv_dvol / points_per_unit, f.dv_dr / points_per_unit};
}

option_greeks black_scholes_greeks(const black76_option& o, double vol) {
  if (!usable(o, vol))
    return nan_greeks();
  auto f = forward_view(o, vol);
  // With S fixed, F = S/DF: ∂F/∂S = 1/DF, ∂F/∂T = r·F, ∂F/∂r = T·F.
  option_greeks g;
  g.delta = f.delta / o.discount;
  g.gamma = f.gamma / (o.discount * o.discount);
  g.theta = -(f.dv_dt + f.delta * f.rate * o.forward) / days_per_year;
  g.vega = f.dv_dvol / points_per_unit;
  g.rho = (f.dv_dr + f.delta * o.years * o.forward) / points_per_unit;
  return g;
}

} // namespace g6
