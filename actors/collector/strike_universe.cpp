#include "actors/collector/strike_universe.hpp"

#include <algorithm>
#include <cmath>

namespace g6 {

namespace {

bool positive(double x) {
  return std::isfinite(x) && x > 0;
}

/// Strikes are multiples of the step; the tolerance absorbs binary rounding of decimal strikes.
bool same_strike(double a, double b, double step) {
  return std::abs(a - b) <= step * 1e-6;
}

} // namespace

std::optional<double> atm_strike(double spot, double step) {
  if (!positive(spot) || !positive(step))
    return std::nullopt;
  return std::floor(spot / step + 0.5) * step;
}

strike_result<strike_universe> plan_strikes(double spot, double step, int strikes_itm, int strikes_otm,
                                            const std::vector<double>& listed_strikes) {
  if (!positive(spot))
    return unexpected{strike_error{strike_errc::bad_spot, "spot " + std::to_string(spot) + " is not a positive number"}};
  if (!positive(step))
    return unexpected{strike_error{strike_errc::bad_step,
                                   "strike step " + std::to_string(step) + " is not a positive number"}};
  if (strikes_itm < 0 || strikes_otm < 0)
    return unexpected{strike_error{strike_errc::bad_depth, "strike depth must be >= 0 (strikes_itm "
                                                             + std::to_string(strikes_itm) + ", strikes_otm "
                                                             + std::to_string(strikes_otm) + ")"}};
  strike_universe universe;
  universe.atm = *atm_strike(spot, step);
  auto depth = std::max(strikes_itm, strikes_otm);
  for (int k = -depth; k <= depth; ++k) {
    auto strike = universe.atm + k * step;
    if (strike <= step * 1e-6) // zero, up to rounding: no such strike
      continue;
    auto listed = std::find_if(listed_strikes.begin(), listed_strikes.end(),
                               [&](double s) { return same_strike(s, strike, step); });
    auto add = [&](option_type type) {
      if (listed != listed_strikes.end())
        universe.legs.push_back({*listed, type});
      else
        universe.unlisted.push_back({strike, type});
    };
    // A call below ATM is in the money; a put above ATM is.
    if (-strikes_itm <= k && k <= strikes_otm)
      add(option_type::call);
    if (-strikes_otm <= k && k <= strikes_itm)
      add(option_type::put);
  }
  return universe;
}

std::vector<double> listed_strikes(const instrument_list& list, day_number expiry) {
  std::vector<double> strikes;
  for (auto& option : list.options)
    if (option.expiry == expiry)
      strikes.push_back(option.strike);
  std::sort(strikes.begin(), strikes.end());
  strikes.erase(std::unique(strikes.begin(), strikes.end()), strikes.end());
  return strikes;
}

instrument_selection select_instruments(const instrument_list& list, day_number expiry,
                                        const std::vector<option_leg>& legs) {
  // The list's step sets the strike tolerance; a list without one is matched to a millionth of a rupee.
  auto step = list.strike_step > 0 ? list.strike_step : 1.0;
  instrument_selection selection;
  for (auto& leg : legs) {
    auto found = std::find_if(list.options.begin(), list.options.end(), [&](const option_instrument& o) {
      return o.expiry == expiry && o.type == leg.type && same_strike(o.strike, leg.strike, step);
    });
    if (found != list.options.end())
      selection.instruments.push_back(*found);
    else
      selection.missing.push_back(leg);
  }
  return selection;
}

} // namespace g6
