#include "actors/analytics/chain_analysis.hpp"

#include <cmath>
#include <map>
#include <span>
#include <vector>

#include "actors/analytics/chain_statistics.hpp"
#include "actors/analytics/greeks.hpp"
#include "actors/analytics/implied_vol.hpp"
#include "actors/analytics/synthetic_forward.hpp"

namespace g6 {

analytics_params from_settings(const greeks_settings& settings) {
  analytics_params params;
  params.risk_free_rate = settings.risk_free_rate;
  params.iv_min = settings.iv_min;
  params.iv_max = settings.iv_max;
  params.iv_precision = settings.iv_precision;
  params.iv_max_iterations = settings.iv_max_iterations;
  params.estimate_iv = settings.estimate_iv;
  params.compute_greeks = settings.enabled;
  return params;
}

namespace {

/// The premium IV is solved from; NaN when the leg has none worth solving.
double solvable_premium(const chain_leg& leg) {
  auto price = leg.quote.last_price;
  if (!(std::isfinite(price) && price > 0) || (leg.flags & flag_below_intrinsic) != 0)
    return absent;
  return price;
}

std::vector<strike_premiums> premiums_by_strike(const expiry_chain& chain) {
  std::map<double, strike_premiums> by_strike;
  for (auto& leg : chain.legs) {
    auto premium = solvable_premium(leg);
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

option_row quote_row(const chain_request& request, const expiry_chain& chain, const chain_leg& leg,
                     double forward) {
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

} // namespace

chain_result analyze_chain(const chain_request& request, const analytics_params& params) {
  const iv_params solver{params.iv_min, params.iv_max, params.iv_precision, params.iv_max_iterations};
  chain_result result;
  for (auto& chain : request.expiries) {
    expiry_stats stats;
    stats.expiry = chain.expiry;
    stats.bucket = chain.bucket;
    stats.years_to_expiry = years_to_expiry(request.ts, chain.expiry, params.basis);
    auto premiums = premiums_by_strike(chain);
    auto forward = synthetic_forward(premiums, request.spot, params.risk_free_rate,
                                     stats.years_to_expiry);
    stats.forward = forward.forward;
    auto discount = std::exp(-params.risk_free_rate * stats.years_to_expiry);
    auto first_row = result.rows.size();
    for (auto& leg : chain.legs) {
      auto& row = result.rows.emplace_back(quote_row(request, chain, leg, forward.forward));
      auto premium = solvable_premium(leg);
      if (!params.estimate_iv || !is_present(premium))
        continue;
      black76_option option{leg.instrument.type, forward.forward, leg.instrument.strike,
                            stats.years_to_expiry, discount};
      auto solved = implied_vol(option, premium, solver);
      if (solved.status != iv_status::ok) {
        row.flags |= flag_iv_failed;
        if (solved.status == iv_status::below_intrinsic)
          row.flags |= flag_below_intrinsic;
        ++stats.iv_failed;
        continue;
      }
      ++stats.iv_solved;
      row.iv = solved.iv;
      if (params.compute_greeks) {
        auto greeks = black76_greeks(option, solved.iv);
        row.delta = greeks.delta;
        row.gamma = greeks.gamma;
        row.theta = greeks.theta;
        row.vega = greeks.vega;
        row.rho = greeks.rho;
      }
    }
    std::span<const option_row> rows{result.rows.data() + first_row, result.rows.size() - first_row};
    stats.pcr_oi = pcr_by_oi(rows);
    stats.pcr_volume = pcr_by_volume(rows);
    stats.max_pain = max_pain(rows);
    stats.atm_iv = atm_iv(rows, forward.forward);
    result.expiries.push_back(stats);
  }
  return result;
}

} // namespace g6
