// inspect.hpp — CAF inspect overloads for the structs of market.hpp, so they can travel between actors
// and nodes. Field order is the wire format: append, never reorder.
#pragma once

#include <caf/error.hpp>
#include <caf/meta/load_callback.hpp>
#include <caf/meta/type_name.hpp>
#include <caf/sec.hpp>

#include <string>

#include "messages/market.hpp"

namespace g6 {

/// A cycle status travels as its text, as it did when it was a string, so that batches a collector
/// journaled in its outbox before an upgrade still load. Inspect `text`, then `parse()` as a
/// load callback: an unknown word fails the load instead of becoming some status.
struct cycle_status_text {
  explicit cycle_status_text(cycle_status& x) : status(x), text(to_string(x)) {}

  caf::error parse() {
    if (auto parsed = parse_cycle_status(text)) {
      status = *parsed;
      return caf::none;
    }
    return caf::make_error(caf::sec::invalid_argument, "unknown cycle status '" + text + "'");
  }

  cycle_status& status;
  std::string text;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, option_instrument& x) {
  return f(caf::meta::type_name("option_instrument"), x.token, x.symbol, x.expiry, x.strike, x.type);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, instrument_list& x) {
  return f(caf::meta::type_name("instrument_list"), x.index, x.strike_step, x.lot_size, x.expiries, x.options);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, index_spot& x) {
  return f(caf::meta::type_name("index_spot"), x.index, x.last_price, x.prev_close, x.day_open, x.day_high, x.day_low,
           x.ts);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, option_quote& x) {
  return f(caf::meta::type_name("option_quote"), x.token, x.last_price, x.bid, x.ask, x.volume, x.oi, x.oi_change,
           x.quote_ts);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, quote_batch& x) {
  return f(caf::meta::type_name("quote_batch"), x.quotes, x.missing);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, chain_leg& x) {
  return f(caf::meta::type_name("chain_leg"), x.instrument, x.quote, x.flags);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, expiry_chain& x) {
  return f(caf::meta::type_name("expiry_chain"), x.expiry, x.bucket, x.legs);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, chain_request& x) {
  return f(caf::meta::type_name("chain_request"), x.index, x.ts, x.spot, x.expiries);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, option_row& x) {
  return f(caf::meta::type_name("option_row"), x.ts, x.index, x.expiry, x.bucket, x.strike, x.type, x.token, x.symbol,
           x.last_price, x.bid, x.ask, x.volume, x.oi, x.oi_change, x.iv, x.delta, x.gamma, x.theta, x.vega, x.rho,
           x.underlying, x.forward, x.quote_ts, x.flags);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, expiry_stats& x) {
  return f(caf::meta::type_name("expiry_stats"), x.expiry, x.bucket, x.forward, x.years_to_expiry, x.pcr_oi,
           x.pcr_volume, x.atm_iv, x.max_pain, x.iv_solved, x.iv_failed, x.rr25, x.bf25, x.calls_adding_oi,
           x.calls_shedding_oi, x.puts_adding_oi, x.puts_shedding_oi);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, surface_slice& x) {
  return f(caf::meta::type_name("surface_slice"), x.expiry, x.bucket, x.status, x.years, x.forward, x.a, x.b, x.rho,
           x.m, x.sigma, x.points_used, x.excluded, x.rmse_vol_pts, x.max_err_vol_pts, x.k_min, x.k_max, x.butterfly_ok,
           x.butterfly_worst_k, x.wing_ok, x.calendar_ok, x.calendar_worst_k, x.atm_iv, x.rr25, x.bf25, x.atm_skew,
           x.fit_us);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, chain_result& x) {
  return f(caf::meta::type_name("chain_result"), x.rows, x.expiries, x.surfaces);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, overview_row& x) {
  return f(caf::meta::type_name("overview_row"), x.ts, x.index, x.underlying, x.day_high, x.day_low, x.day_width,
           x.pcr_oi, x.pcr_volume, x.atm_iv, x.expected_mask, x.collected_mask, x.missing_mask, x.options_expected,
           x.options_collected, x.max_pain, x.rr25, x.bf25, x.calls_adding_oi, x.calls_shedding_oi, x.puts_adding_oi,
           x.puts_shedding_oi, x.fit_atm_iv, x.fit_rr25, x.fit_bf25, x.fit_atm_skew);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, cycle_batch& x) {
  return f(caf::meta::type_name("cycle_batch"), x.cycle_id, x.index, x.ts, x.options, x.overview, x.spot, x.surfaces);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, index_cycle_result& x) {
  cycle_status_text status{x.status};
  return f(caf::meta::type_name("index_cycle_result"), x.index, status.text,
           caf::meta::load_callback([&] { return status.parse(); }), x.options_expected, x.options_collected, x.dropped,
           x.latency_us, x.error);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, cycle_record& x) {
  cycle_status_text status{x.status};
  return f(caf::meta::type_name("cycle_record"), x.cycle_id, x.started, x.ended, status.text,
           caf::meta::load_callback([&] { return status.parse(); }), x.indices);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, event_record& x) {
  return f(caf::meta::type_name("event_record"), x.ts, x.component, x.kind, x.detail);
}

} // namespace g6
