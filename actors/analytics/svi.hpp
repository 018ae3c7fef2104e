// svi.hpp — Gatheral's raw SVI smile, w(k) = a + b(ρ(k − m) + √((k − m)² + σ²)), the total implied
// variance w = σ_BS²·T as a function of log-moneyness k = ln(K/F), and the no-arbitrage checks a fitted
// smile must pass: Durrleman's butterfly condition, Lee's wing bound, and calendar order between expiries.
// Pure math over five numbers; svi_fit.hpp calibrates them to a market smile.
#pragma once

#include <span>

#include "messages/market.hpp"

namespace g6 {

/// Raw SVI parameters. Gatheral's constraints: b ≥ 0, |ρ| ≤ 1, σ > 0, a + bσ√(1 − ρ²) ≥ 0.
struct svi_params {
  double a = 0;
  double b = 0;
  double rho = 0;
  double m = 0;
  double sigma = 1;
};

/// The parameters of a stored slice (absent unless it was fitted).
svi_params params_of(const surface_slice& slice);

/// w(k) and its first two derivatives in k.
double svi_total_variance(const svi_params& p, double k);
double svi_slope(const svi_params& p, double k);
double svi_curvature(const svi_params& p, double k);

/// Implied volatility at k for an expiry T years away: √(w(k)/T); absent when w(k) ≤ 0 or T ≤ 0.
double svi_implied_vol(const svi_params& p, double k, double years);

/// Durrleman's g(k) = (1 − k·w′/(2w))² − (w′²/4)(1/w + 1/4) + w″/2. The risk-neutral density of the
/// smile is g(k)·φ(d₋)/√w, so g < 0 anywhere means a butterfly spread there has a negative price.
/// −∞ where w(k) ≤ 0 (no density at all).
double durrleman_g(const svi_params& p, double k);

/// Where a check failed: the worst point of the grid and its value there; `ok` when nothing failed.
struct arbitrage_check {
  bool ok = true;
  double worst_k = absent; // log-moneyness of the worst violation
  double worst = absent;   // g(k) (butterfly) or w_later(k) − w_earlier(k) (calendar) there
};

/// g(k) ≥ 0 on `grid_points` evenly spaced k over [k_low, k_high].
arbitrage_check check_butterfly(const svi_params& p, double k_low, double k_high, int grid_points = 201);

/// Lee's moment bound on the wings' slopes, b(1 + |ρ|) ≤ 2 (total variance grows at most like 2|k|).
bool satisfies_lee_bound(const svi_params& p);

/// Total variance must not decrease with time at any k: w_later(k) ≥ w_earlier(k) on `grid_points`
/// evenly spaced k over [k_low, k_high].
arbitrage_check check_calendar(const svi_params& earlier, const svi_params& later, double k_low, double k_high,
                               int grid_points = 201);

/// The log-moneyness where the forward delta N(d₁) of the smile's option equals `call_delta` (0 < Δ < 1:
/// a call's delta; a put of delta −x is the call of 1 − x), d₁ = (−k + w/2)/√w. Found by bisection over
/// [−limit, limit], limit = 12√w(0) + 1; absent when the smile does not cross that delta there.
double svi_delta_strike(const svi_params& p, double call_delta);

/// What traders read off a fitted smile, from the curve rather than from the nearest quotes.
struct smile_figures {
  double atm_iv = absent;   // at the forward (k = 0)
  double rr25 = absent;     // σ(25-delta call) − σ(25-delta put)
  double bf25 = absent;     // (σ(25-delta call) + σ(25-delta put))/2 − ATM IV
  double atm_skew = absent; // dσ/dk at k = 0: vol (fraction) per unit of log-moneyness
};
smile_figures smile_figures_of(const svi_params& p, double years);

} // namespace g6
