// vol_surface.hpp — an index's volatility surface for one cycle: per expiry, the out-of-the-money quotes
// taken from the analysed chain, a raw-SVI fit through them (svi_fit.hpp), the no-arbitrage checks
// (butterfly and wings per expiry, calendar across expiries) and the figures read off the fitted curve.
// A fit that fails a check is kept and flagged, never adjusted.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "actors/analytics/svi_fit.hpp"
#include "messages/market.hpp"

namespace g6 {

struct surface_params {
  bool enabled = true;
  /// A premium below this is left out: near the tick floor (₹0.05) rounding alone moves its IV by vol points.
  double min_premium = 1.0;
  /// A book is used at its mid when bid > 0, ask ≥ bid and (ask − bid) ≤ this × mid; otherwise the
  /// last traded price stands in.
  double max_relative_spread = 0.2;
};

/// Why an out-of-the-money quote was left out of the smile.
enum class smile_exclusion : uint8_t {
  stale,       // flagged stale by the sanitiser
  crossed,     // bid above ask
  no_premium,  // neither a sane book nor a traded price of at least min_premium
  no_iv,       // no volatility prices its premium
  stale_trade, // priced at a last trade outside the current book, or far off the curve the other
               // quotes make (see fit_slice)
};
inline constexpr size_t smile_exclusion_count = 5;

/// One out-of-the-money quote of an expiry as the fit sees it.
struct smile_quote {
  double strike = 0;
  option_type type = option_type::call;
  double premium = 0;
  bool from_mid = false; // the book's mid rather than the last price
  double iv = 0;
  /// How far the IV may be from the market's, in volatility (a fraction): half the book's spread (at
  /// least half a tick) over the price vega. A last trade, whose book is not sane, is taken as uncertain
  /// as the widest sane book of the expiry.
  double uncertainty = 0;
  double vega = 0;    // φ(d₁)·√T: the weight of the reported, vega-weighted RMSE
  smile_point point;  // k, total variance and fit weight 1/uncertainty²
  bool in_use = true; // false once fit_slice found it a stale trade
};

struct smile_selection {
  std::vector<smile_quote> quotes; // ascending strike
  uint32_t excluded = 0;
  std::array<uint32_t, smile_exclusion_count> excluded_by{}; // indexed by smile_exclusion
};

/// What raw SVI cannot follow a real smile closer than (0.3 vol points; the median vega-weighted RMSE on
/// the NSE snapshots is about 0.5): no quote is trusted beyond it. Without it a few one-tick books in the
/// wings carry most of the weight and the fit leaves the money by vol points.
inline constexpr double model_floor = 0.003;

/// A quote's weight in the fit from its uncertainty in volatility: 1/(uncertainty² + model_floor²), the
/// least-squares weight of an error of that size. Real books quote IVs nearly as tightly in the wings as
/// at the money (the liquid weeklies of ../shared/data: median half-spreads of 0.1–0.2 vol points within
/// one ATM standard deviation, 0.1–0.25 from one to two, 0.35–1.2 from two to three), so these weights
/// vary by a few times across the smile, where vega weights fall ninetyfold from the money to three
/// standard deviations out and leave the wings unfitted.
double fit_weight(double uncertainty);

/// The smile of the rows of `expiry` (others are skipped): the put below the forward and the call at or
/// above it at each strike, priced at the book's mid when it is sane, else at the last trade (unless that
/// trade lies outside the book: stale), and its IV under Black-76 on `forward`, discounted at `rate`;
/// each weighted by the inverse square of its uncertainty in volatility.
smile_selection select_smile(std::span<const option_row> rows, day_number expiry, double forward, double years,
                             double rate, const surface_params& params);

/// Fits one expiry from its selected smile: parameters, fit quality, butterfly and wing checks, figures.
/// A last-trade quote (not a mid) more than max(2 vol points, 3 robust deviations of the mids'
/// residuals) off the fit is taken for a stale print: it is marked out of use in `smile`, counted as
/// excluded, and the fit done again without it from the previous parameters (up to three passes; a pass
/// that would leave no fit is undone). The calendar check needs the other expiries: fit_surface does it.
surface_slice fit_slice(smile_selection& smile, const expiry_stats& stats);

/// One expiry's selection and fit together: what `g6 surface` shows quote by quote.
struct expiry_fit {
  surface_slice slice;
  smile_selection smile;
};
expiry_fit fit_expiry(std::span<const option_row> rows, const expiry_stats& stats, double rate,
                      const surface_params& params);

/// The surface of an analysed chain: one slice per entry of `analysed.expiries`, in that order, with the
/// calendar check between consecutive fitted expiries (by T) flagged on the later one. `rate` is the
/// continuously compounded rate analytics priced with.
std::vector<surface_slice> fit_surface(const chain_result& analysed, double rate, const surface_params& params);

/// Flags calendar arbitrage in place: each fitted slice is compared with the fitted slice of the next
/// shorter T over the union of their quoted ranges.
void check_calendar_order(std::vector<surface_slice>& slices);

} // namespace g6
