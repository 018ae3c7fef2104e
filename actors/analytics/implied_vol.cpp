#include "actors/analytics/implied_vol.hpp"

#include <cmath>
#include <limits>
#include <numbers>

namespace g6 {

std::string_view to_string(iv_status x) {
  switch (x) {
    case iv_status::ok: return "ok";
    case iv_status::below_intrinsic: return "below_intrinsic";
    case iv_status::above_upper_bound: return "above_upper_bound";
    case iv_status::no_convergence: return "no_convergence";
    case iv_status::invalid_input: return "invalid_input";
    case iv_status::out_of_range: return "out_of_range";
  }
  return "unknown";
}

namespace {

bool finite_positive(double x) {
  return std::isfinite(x) && x > 0;
}

bool usable(const iv_params& p) {
  return finite_positive(p.iv_min) && std::isfinite(p.iv_max) && p.iv_max > p.iv_min
         && finite_positive(p.precision) && p.max_iterations > 0;
}

iv_result failure(iv_status status, int iterations = 0) {
  return {0.0, status, iterations};
}

/// The out-of-the-money member of the call/put pair at a strike, with the premium parity gives it.
struct otm_target {
  black76_option option;
  double premium;
};

otm_target out_of_the_money(const black76_option& o, double premium) {
  auto in_the_money = o.type == option_type::call ? o.strike < o.forward : o.strike > o.forward;
  if (!in_the_money)
    return {o, premium};
  auto otm = o;
  otm.type = o.type == option_type::call ? option_type::put : option_type::call;
  return {otm, premium - discounted_intrinsic(o)};
}

/// Where Newton starts: the inflection point of the premium in volatility, σ = √(2|ln(F/K)|/T), from
/// which Newton converges monotonically (Manaster–Koehler); at the money, where that point is 0, the
/// Brenner–Subrahmanyam approximation σ ≈ √(2π/T)·premium/(DF·F).
double initial_guess(const black76_option& o, double premium) {
  auto log_moneyness = std::abs(std::log(o.forward / o.strike));
  if (log_moneyness > 0)
    return std::sqrt(2 * log_moneyness / o.years);
  return std::sqrt(2 * std::numbers::pi / o.years) * premium / (o.discount * o.forward);
}

} // namespace

iv_result implied_vol(const black76_option& option, double premium, const iv_params& params) {
  if (!finite_positive(option.forward) || !finite_positive(option.strike)
      || !finite_positive(option.years) || !finite_positive(option.discount)
      || !std::isfinite(premium) || !usable(params))
    return failure(iv_status::invalid_input);
  if (premium <= discounted_intrinsic(option))
    return failure(iv_status::below_intrinsic);
  if (premium >= premium_upper_bound(option))
    return failure(iv_status::above_upper_bound);
  auto [otm, target] = out_of_the_money(option, premium);
  auto lo = params.iv_min;
  auto hi = params.iv_max;
  if (black76_price(otm, lo) > target || black76_price(otm, hi) < target)
    return failure(iv_status::out_of_range);
  auto ln_target = std::log(target);
  auto vol = initial_guess(otm, target);
  if (!(vol > lo && vol < hi))
    vol = 0.5 * (lo + hi);
  for (int i = 1; i <= params.max_iterations; ++i) {
    auto model = black76_price(otm, vol);
    auto miss = model - target;
    if (miss < 0)
      lo = vol;
    else if (miss > 0)
      hi = vol;
    auto vega = black76_vega(otm, vol);
    if (std::abs(miss) <= params.precision * target) {
      // One more Newton step on the premium costs nothing and squares the remaining error.
      auto polished = vega > 0 ? vol - miss / vega : vol;
      return {polished >= lo && polished <= hi ? polished : vol, iv_status::ok, i};
    }
    if (hi - lo <= 4 * std::numeric_limits<double>::epsilon() * hi)
      return {vol, iv_status::ok, i};
    // Newton on ln(premium), whose slope in volatility is vega / premium.
    auto next = model > 0 && vega > 0 ? vol - (std::log(model) - ln_target) * model / vega
                                          : std::numeric_limits<double>::quiet_NaN();
    vol = next > lo && next < hi ? next : 0.5 * (lo + hi);
  }
  return failure(iv_status::no_convergence, params.max_iterations);
}

} // namespace g6
