// chain_analysis.hpp — one cycle's chain in, analysed rows and per-expiry statistics out: time to
// expiry, the forward, IV (all legs of an expiry solved as one batch), Greeks, chain statistics. Pure;
// the analytics pool runs it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "actors/analytics/time_to_expiry.hpp"
#include "actors/analytics/vol_surface.hpp"
#include "config/settings.hpp"
#include "messages/market.hpp"

namespace g6 {

/// Which Black model the IVs and Greeks are taken under.
enum class pricing_model : uint8_t {
  /// Black-76 on the expiry's synthetic forward (put-call parity, spot carried at r without a priced
  /// pair); r only discounts. Greeks on the forward.
  black76_forward,
  /// NSE's published convention: Black-Scholes on spot with no dividend (the forward is spot·e^{rT}),
  /// T floored at `min_years`. Greeks on the spot.
  spot_black_scholes,
};

std::string_view to_string(pricing_model x);

/// Which price of a leg the IV is solved from.
enum class premium_source : uint8_t {
  last_price, // the last traded price
  mid,        // (bid + ask)/2 of a two-sided book (bid > 0, ask >= bid); no IV without one
};

std::string_view to_string(premium_source x);

struct analytics_params {
  double risk_free_rate = 0.065; // continuously compounded
  double iv_min = 0.01;
  double iv_max = 5.0;
  double iv_precision = 1e-9; // see iv_params::precision
  int iv_max_iterations = 100;
  bool estimate_iv = true;
  bool compute_greeks = true; // needs estimate_iv: Greeks are taken at the leg's IV
  time_basis basis = time_basis::calendar_365;
  pricing_model model = pricing_model::black76_forward;
  premium_source premium = premium_source::last_price;
  double min_years = 0;   // a live (not yet expired) T below this counts as this
  surface_params surface; // the per-expiry SVI fit

  /// NSE's convention, which reproduces the IVs NSE publishes: Black-Scholes on spot, r = 10%,
  /// calendar/365, T floored at one day.
  static analytics_params nse_compatible();
};

/// The analytics knobs of the `greeks` settings (`enabled` switches Greeks, `estimate_iv` the IV) and
/// of the `surface` settings.
analytics_params from_settings(const greeks_settings& greeks, const surface_settings& surface);

/// Why a leg has, or has no, IV.
enum class leg_iv : uint8_t {
  solved,
  not_estimated,   // estimate_iv is off
  no_premium,      // no price to solve from: no trade (last_price), no two-sided book (mid)
  expired,         // at or past 15:30 IST on the expiry day
  no_forward,      // neither a priced call/put pair nor a usable spot
  below_intrinsic, // the solver's reasons, see iv_status
  above_upper_bound,
  no_convergence,
  invalid_input,
  out_of_range,
};

std::string_view to_string(leg_iv x);

/// analyze_chain's result with, for every row, why it has its IV.
struct detailed_chain_result {
  chain_result result;
  std::vector<leg_iv> reasons; // one per row
};

/// Analyses every expiry of a chain at the request's instant. Per expiry: time to expiry, the forward
/// (see pricing_model), and per leg an option_row carrying the quote, the spot and forward, and the IV
/// and Greeks when solved; then the chain statistics. A leg without a premium gets no IV and no flag
/// from analytics. A leg whose IV the solver cannot find is flagged flag_iv_failed (and
/// flag_below_intrinsic when its premium is under the model's discounted intrinsic value: the lower
/// no-arbitrage bound of a European option, which a deep ITM put may sit under K − spot without being
/// wrong). Rows keep the request's order. Then the volatility surface: one SVI slice per expiry
/// (vol_surface.hpp), fitted from the rows' quotes under the same forward and rate.
chain_result analyze_chain(const chain_request& request, const analytics_params& params);
detailed_chain_result analyze_chain_in_detail(const chain_request& request, const analytics_params& params);

/// analyze_chain_in_detail's first step: the rows with their IV and Greeks, and per expiry T, the forward
/// and the IV counts; no statistics and no surface yet. `expiry_ends[i]` is one past the last row of
/// expiry i (rows of one expiry are contiguous, in the request's order).
struct partial_analysis {
  detailed_chain_result detailed;
  std::vector<size_t> expiry_ends;
};
partial_analysis price_chain(const chain_request& request, const analytics_params& params);

/// The second step: each expiry's chain statistics from its rows. The third is fit_surface
/// (vol_surface.hpp). The steps are public so that `g6 bench cycle` can time each.
void add_statistics(partial_analysis& chain);

} // namespace g6
