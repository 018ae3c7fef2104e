// chain_analysis.hpp — one cycle's chain in, analysed rows and per-expiry statistics out: the forward
// from parity, IV on the forward, Greeks, chain statistics. Pure; the analytics pool runs it.
#pragma once

#include "actors/analytics/time_to_expiry.hpp"
#include "config/settings.hpp"
#include "messages/market.hpp"

namespace g6 {

struct analytics_params {
  double risk_free_rate = 0.065; // continuously compounded, for discounting and the spot fallback
  double iv_min = 0.01;
  double iv_max = 5.0;
  double iv_precision = 1e-9; // relative to the out-of-the-money premium, see implied_vol
  int iv_max_iterations = 100;
  bool estimate_iv = true;
  bool compute_greeks = true; // needs estimate_iv: Greeks are taken at the leg's IV
  time_basis basis = time_basis::calendar_365;
};

/// The analytics knobs of the `greeks` settings: `enabled` switches Greeks, `estimate_iv` the IV.
analytics_params from_settings(const greeks_settings& settings);

/// Analyses every expiry of a chain at the request's instant. Per expiry: time to expiry, the synthetic
/// forward, and per leg an option_row carrying the quote, the spot and forward, and the IV and Greeks
/// when solved. The IV is taken from the last price; a leg without a positive last price, or flagged
/// below intrinsic by the collector, gets no IV and no flag from analytics. A leg whose IV the solver
/// cannot find is flagged flag_iv_failed (and flag_below_intrinsic when its premium is under the
/// forward's intrinsic value). Without a forward (no priced call/put pair and no usable spot) the
/// forward is absent and every solvable leg fails. Rows keep the request's order.
chain_result analyze_chain(const chain_request& request, const analytics_params& params);

} // namespace g6
