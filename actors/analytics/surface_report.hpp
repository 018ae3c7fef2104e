// surface_report.hpp — what `g6 surface FILE` prints: the volatility surface of a saved NSE option-chain
// response, one raw-SVI slice per expiry (vol_surface.hpp) with its fit quality and no-arbitrage checks,
// and the market IV of every quote the fit saw beside the fitted curve's, as text or JSON. It takes the
// raw command-line values and validates them here, so every answer and every error message is
// unit-tested without the binary.
#pragma once

#include <optional>
#include <string>

#include "actors/analytics/chain_report_options.hpp"

namespace g6 {

/// `g6 surface FILE [--mode forward|nse] [--rate R] [--json]`.
struct surface_query {
  std::string file;
  std::string mode = "forward"; // forward: Black-76 on the synthetic forward; nse: NSE's convention
  std::optional<double> rate;   // continuously compounded, in (−1, 1); default 6.5% (forward) or 10% (nse)
  bool json = false;
};

using surface_report = chain_file_report;

/// JSON (each expiry is surface_json.hpp's slice without its sampled curve, plus its quotes):
/// {"index", "expiries": [{"expiry" (YYYY-MM-DD), "bucket", "T" (years), "forward", "status", "a", "b",
/// "rho", "m", "sigma", "points_used", "excluded", "rmse_vol_pts", "max_err_vol_pts", "k_min", "k_max",
/// "butterfly_ok", "wing_ok", "calendar_ok", "atm_iv", "rr25", "bf25", "atm_skew", "fit_us", "points":
/// [{"strike", "type", "market_iv", "fitted_iv", "in_use"}]}]} ("in_use" false: a stale trade the fit
/// left out). Volatilities are fractions (0.2 = 20%), errors vol points. What a slice does not have is
/// null: parameters, errors, checks and figures of an unfitted expiry, and its points' fitted_iv (its
/// quotes are still listed). Text: the same per expiry, with the worst log-moneyness of a failed check,
/// and the table of quotes with their premium's source and weight.
surface_report run_surface(const surface_query& query);

} // namespace g6
