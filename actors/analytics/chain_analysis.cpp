#include "actors/analytics/chain_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <span>

#include "actors/analytics/chain_statistics.hpp"
#include "actors/analytics/greeks.hpp"
#include "actors/analytics/implied_vol_batch.hpp"
#include "actors/analytics/synthetic_forward.hpp"
#include "config/calendar.hpp"

namespace g6 {

std::string_view to_string(pricing_model x) {
  switch (x) {
    case pricing_model::black76_forward:
      return "black76_forward";
    case pricing_model::spot_black_scholes:
      return "spot_black_scholes";
  }
  return "unknown";
}

std::string_view to_string(premium_source x) {
  switch (x) {
    case premium_source::last_price:
      return "last_price";
    case premium_source::mid:
      return "mid";
  }
  return "unknown";
}

std::string_view to_string(leg_iv x) {
  switch (x) {
    case leg_iv::solved:
      return "solved";
    case leg_iv::not_estimated:
      return "not_estimated";
    case leg_iv::no_premium:
      return "no_premium";
    case leg_iv::expired:
      return "expired";
    case leg_iv::no_forward:
      return "no_forward";
    case leg_iv::below_intrinsic:
      return "below_intrinsic";
    case leg_iv::above_upper_bound:
      return "above_upper_bound";
    case leg_iv::no_convergence:
      return "no_convergence";
    case leg_iv::invalid_input:
      return "invalid_input";
    case leg_iv::out_of_range:
      return "out_of_range";
  }
  return "unknown";
}

analytics_params analytics_params::nse_compatible() {
  analytics_params params;
  params.model = pricing_model::spot_black_scholes;
  params.risk_free_rate = 0.10;
  params.basis = time_basis::calendar_365;
  params.min_years = 1.0 / 365;
  return params;
}

analytics_params from_settings(const greeks_settings& greeks, const surface_settings& surface) {
  analytics_params params;
  params.risk_free_rate = greeks.risk_free_rate;
  params.iv_min = greeks.iv_min;
  params.iv_max = greeks.iv_max;
  params.iv_precision = greeks.iv_precision;
  params.iv_max_iterations = greeks.iv_max_iterations;
  params.estimate_iv = greeks.estimate_iv;
  params.compute_greeks = greeks.enabled;
  params.surface.enabled = surface.enabled;
  params.surface.min_premium = surface.min_premium;
  params.surface.max_relative_spread = surface.max_relative_spread;
  return params;
}

namespace {

bool usable_price(double x) {
  return std::isfinite(x) && x > 0;
}

/// The premium IV is solved from under `source`; NaN when the leg has none.
double premium_of(const chain_leg& leg, premium_source source) {
  if (source == premium_source::last_price)
    return usable_price(leg.quote.last_price) ? leg.quote.last_price : absent;
  auto bid = leg.quote.bid;
  auto ask = leg.quote.ask;
  return usable_price(bid) && usable_price(ask) && ask >= bid ? 0.5 * (bid + ask) : absent;
}

std::vector<strike_premiums> premiums_by_strike(const expiry_chain& chain, premium_source source) {
  std::map<double, strike_premiums> by_strike;
  for (auto& leg : chain.legs) {
    auto premium = premium_of(leg, source);
    if (!is_present(premium))
      continue;
    auto& entry = by_strike[leg.instrument.strike];
    entry.strike = leg.instrument.strike;
    (leg.instrument.type == option_type::call ? entry.call : entry.put) = premium;
  }
  std::vector<strike_premiums> result;
  result.reserve(by_strike.size());
  for (auto& [strike, premiums] : by_strike)
    result.push_back(premiums);
  return result;
}

option_row quote_row(const chain_request& request, const expiry_chain& chain, const chain_leg& leg, double forward) {
  option_row row;
  row.ts = request.ts;
  row.index = request.index;
  row.expiry = chain.expiry;
  row.bucket = chain.bucket;
  row.strike = leg.instrument.strike;
  row.type = leg.instrument.type;
  row.token = leg.instrument.token;
  row.symbol = leg.instrument.symbol;
  row.last_price = leg.quote.last_price;
  row.bid = leg.quote.bid;
  row.ask = leg.quote.ask;
  row.volume = leg.quote.volume;
  row.oi = leg.quote.oi;
  row.oi_change = leg.quote.oi_change;
  row.underlying = request.spot;
  row.forward = forward;
  row.quote_ts = leg.quote.quote_ts;
  row.flags = leg.flags;
  return row;
}

leg_iv reason_of(iv_status status) {
  switch (status) {
    case iv_status::ok:
      return leg_iv::solved;
    case iv_status::below_intrinsic:
      return leg_iv::below_intrinsic;
    case iv_status::above_upper_bound:
      return leg_iv::above_upper_bound;
    case iv_status::no_convergence:
      return leg_iv::no_convergence;
    case iv_status::invalid_input:
      return leg_iv::invalid_input;
    case iv_status::out_of_range:
      return leg_iv::out_of_range;
  }
  return leg_iv::invalid_input;
}

/// T under the params' basis and floor; the floor lifts only a T that has not gone negative, so an
/// expiry at this very instant (T = 0) still prices under NSE's convention.
double years_left(const chain_request& request, const expiry_chain& chain, const analytics_params& params,
                  const exchange_calendar& calendar) {
  auto years = years_to_expiry(request.ts, chain.expiry, params.basis, calendar);
  return years >= 0 ? std::max(years, params.min_years) : years;
}

double forward_of(const expiry_chain& chain, const chain_request& request, const analytics_params& params,
                  double years) {
  if (params.model == pricing_model::spot_black_scholes)
    return usable_price(request.spot) ? request.spot * std::exp(params.risk_free_rate * years) : absent;
  auto premiums = premiums_by_strike(chain, params.premium);
  return synthetic_forward(premiums, request.spot, params.risk_free_rate, years).forward;
}

void fill_statistics(expiry_stats& stats, std::span<const option_row> rows) {
  stats.pcr_oi = pcr_by_oi(rows);
  stats.pcr_volume = pcr_by_volume(rows);
  stats.max_pain = max_pain(rows);
  stats.atm_iv = atm_iv(rows, stats.forward);
  auto skew = skew_25_delta(rows, stats.forward, stats.years_to_expiry, stats.atm_iv);
  stats.rr25 = skew.risk_reversal;
  stats.bf25 = skew.butterfly;
  auto breadth = oi_change_breadth(rows);
  stats.calls_adding_oi = breadth.calls_adding;
  stats.calls_shedding_oi = breadth.calls_shedding;
  stats.puts_adding_oi = breadth.puts_adding;
  stats.puts_shedding_oi = breadth.puts_shedding;
}

} // namespace

chain_result analyze_chain(const chain_request& request, const analytics_params& params) {
  return analyze_chain_in_detail(request, params).result;
}

detailed_chain_result analyze_chain_in_detail(const chain_request& request, const analytics_params& params) {
  auto chain = price_chain(request, params);
  add_statistics(chain);
  auto& result = chain.detailed.result;
  result.surfaces = fit_surface(result, params.risk_free_rate, params.surface);
  return std::move(chain.detailed);
}

partial_analysis price_chain(const chain_request& request, const analytics_params& params) {
  const iv_params solver{params.iv_min, params.iv_max, params.iv_precision, params.iv_max_iterations};
  const auto& calendar = exchange_calendar::builtin(exchange_of(request.index));
  partial_analysis priced;
  auto& detailed = priced.detailed;
  auto& result = detailed.result;
  iv_batch batch;
  iv_batch_result solved;
  std::vector<size_t> batch_rows; // the row of each batch entry
  size_t legs = 0;
  for (auto& chain : request.expiries)
    legs += chain.legs.size();
  result.rows.reserve(legs);
  detailed.reasons.reserve(legs);
  for (auto& chain : request.expiries) {
    expiry_stats stats;
    stats.expiry = chain.expiry;
    stats.bucket = chain.bucket;
    stats.years_to_expiry = years_left(request, chain, params, calendar);
    stats.forward = forward_of(chain, request, params, stats.years_to_expiry);
    const auto discount = std::exp(-params.risk_free_rate * stats.years_to_expiry);
    const auto expired = !(stats.years_to_expiry > 0);
    batch.clear();
    batch_rows.clear();
    for (auto& leg : chain.legs) {
      result.rows.push_back(quote_row(request, chain, leg, stats.forward));
      auto premium = premium_of(leg, params.premium);
      auto reason = !params.estimate_iv          ? leg_iv::not_estimated
                    : !is_present(premium)       ? leg_iv::no_premium
                    : expired                    ? leg_iv::expired
                    : !is_present(stats.forward) ? leg_iv::no_forward
                                                 : leg_iv::solved;
      detailed.reasons.push_back(reason);
      if (reason == leg_iv::solved) {
        batch.add({leg.instrument.type, stats.forward, leg.instrument.strike, stats.years_to_expiry, discount},
                  premium);
        batch_rows.push_back(result.rows.size() - 1);
      } else if (reason == leg_iv::expired || reason == leg_iv::no_forward) {
        result.rows.back().flags |= flag_iv_failed;
        ++stats.iv_failed;
      }
    }
    implied_vols(batch, solver, solved);
    for (size_t k = 0; k < batch.size(); ++k) {
      auto& row = result.rows[batch_rows[k]];
      auto reason = reason_of(solved.status[k]);
      detailed.reasons[batch_rows[k]] = reason;
      if (reason != leg_iv::solved) {
        row.flags |= flag_iv_failed;
        if (reason == leg_iv::below_intrinsic)
          row.flags |= flag_below_intrinsic;
        ++stats.iv_failed;
        continue;
      }
      ++stats.iv_solved;
      row.iv = solved.iv[k];
      if (!params.compute_greeks)
        continue;
      auto option = batch.option(k);
      auto greeks = params.model == pricing_model::spot_black_scholes ? black_scholes_greeks(option, row.iv)
                                                                      : black76_greeks(option, row.iv);
      row.delta = greeks.delta;
      row.gamma = greeks.gamma;
      row.theta = greeks.theta;
      row.vega = greeks.vega;
      row.rho = greeks.rho;
    }
    result.expiries.push_back(stats);
    priced.expiry_ends.push_back(result.rows.size());
  }
  return priced;
}

void add_statistics(partial_analysis& chain) {
  auto& result = chain.detailed.result;
  size_t first_row = 0;
  for (size_t i = 0; i < result.expiries.size(); ++i) {
    auto end = chain.expiry_ends[i];
    fill_statistics(result.expiries[i], {result.rows.data() + first_row, end - first_row});
    first_row = end;
  }
}

} // namespace g6
