#include "actors/collector/strike_universe.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

namespace g6 {

namespace {

bool positive(double x) {
  return std::isfinite(x) && x > 0;
}

/// Strikes are multiples of the step; the tolerance absorbs binary rounding of decimal strikes.
double tolerance(double step) {
  return (step > 0 ? step : 1.0) * 1e-6;
}

/// The listed strike within tolerance of `strike` in an ascending list, if any.
std::optional<double> listed_near(const std::vector<double>& listed, double strike, double tol) {
  auto i = std::lower_bound(listed.begin(), listed.end(), strike - tol);
  if (i != listed.end() && *i <= strike + tol)
    return *i;
  return std::nullopt;
}

std::string depth_text(const strike_depth& d) {
  return d.all ? std::string{"all"} : std::to_string(d.count);
}

/// Steps from ATM a side reaches: its count, or no bound for all.
double reach(const strike_depth& d) {
  return d.all ? std::numeric_limits<double>::infinity() : d.count;
}

} // namespace

std::optional<double> atm_strike(double spot, double step) {
  if (!positive(spot) || !positive(step))
    return std::nullopt;
  return std::floor(spot / step + 0.5) * step;
}

strike_result<strike_universe> plan_strikes(double spot, double step, strike_depth strikes_itm,
                                            strike_depth strikes_otm, const std::vector<double>& listed_strikes) {
  if (!positive(spot))
    return unexpected{
      strike_error{strike_errc::bad_spot, "spot " + std::to_string(spot) + " is not a positive number"}};
  if (!positive(step))
    return unexpected{
      strike_error{strike_errc::bad_step, "strike step " + std::to_string(step) + " is not a positive number"}};
  if ((!strikes_itm.all && strikes_itm.count < 0) || (!strikes_otm.all && strikes_otm.count < 0))
    return unexpected{strike_error{strike_errc::bad_depth, "strike depth must be >= 0 (strikes_itm "
                                                             + depth_text(strikes_itm) + ", strikes_otm "
                                                             + depth_text(strikes_otm) + ")"}};
  strike_universe universe;
  universe.atm = *atm_strike(spot, step);
  auto tol = tolerance(step);
  // Candidates: the step grid as far as a counted side reaches (its strikes are expected, listed or not),
  // and every listed strike when a side takes them all. Keyed by strike, valued by whether it is listed.
  std::map<double, bool> candidates;
  int grid = 0;
  for (auto& d : {strikes_itm, strikes_otm})
    if (!d.all)
      grid = std::max(grid, d.count);
  if (strikes_itm.all && strikes_otm.all)
    grid = -1; // no counted side: only listed strikes
  for (int k = -grid; k <= grid; ++k) {
    auto strike = universe.atm + k * step;
    if (strike <= tol) // zero, up to rounding: no such strike
      continue;
    auto listed = listed_near(listed_strikes, strike, tol);
    candidates.emplace(listed.value_or(strike), listed.has_value());
  }
  if (strikes_itm.all || strikes_otm.all)
    for (auto strike : listed_strikes)
      if (strike > tol)
        candidates.emplace(strike, true);
  // A call below ATM is in the money; a put above ATM is.
  auto itm = reach(strikes_itm), otm = reach(strikes_otm);
  auto slack = 1e-6;
  for (auto& [strike, listed] : candidates) {
    auto k = (strike - universe.atm) / step;
    // An unlisted strike is expected only on a counted side: "all" means what is listed.
    auto add = [&](option_type type) {
      bool in_the_money = type == option_type::call ? k < -slack : k > slack;
      bool at_the_money = std::abs(k) <= slack;
      if (listed)
        universe.legs.push_back({strike, type});
      else if (at_the_money || !(in_the_money ? strikes_itm.all : strikes_otm.all))
        universe.unlisted.push_back({strike, type});
    };
    if (-itm - slack <= k && k <= otm + slack)
      add(option_type::call);
    if (-otm - slack <= k && k <= itm + slack)
      add(option_type::put);
  }
  return universe;
}

std::vector<double> expiry_listing::strikes() const {
  std::vector<double> result;
  for (auto& option : options)
    if (result.empty() || result.back() != option.strike)
      result.push_back(option.strike);
  return result;
}

std::vector<expiry_listing> listings_by_expiry(const instrument_list& list) {
  std::vector<const option_instrument*> sorted;
  sorted.reserve(list.options.size());
  for (auto& option : list.options)
    sorted.push_back(&option);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) {
    return std::tie(a->expiry, a->strike, a->type) < std::tie(b->expiry, b->strike, b->type);
  });
  std::vector<expiry_listing> listings;
  for (auto* option : sorted) {
    if (listings.empty() || listings.back().expiry != option->expiry)
      listings.push_back({option->expiry, list.strike_step, {}});
    listings.back().options.push_back(*option);
  }
  return listings;
}

instrument_selection select_instruments(const expiry_listing& listing, const std::vector<option_leg>& legs) {
  auto tol = tolerance(listing.strike_step);
  instrument_selection selection;
  for (auto& leg : legs) {
    auto first = std::lower_bound(listing.options.begin(), listing.options.end(), leg.strike - tol,
                                  [](const option_instrument& o, double strike) { return o.strike < strike; });
    auto i = std::find_if(first, listing.options.end(), [&](const option_instrument& o) {
      return o.strike > leg.strike + tol || o.type == leg.type;
    });
    if (i != listing.options.end() && i->strike <= leg.strike + tol)
      selection.instruments.push_back(*i);
    else
      selection.missing.push_back(leg);
  }
  return selection;
}

} // namespace g6
