// surface_json.hpp — one fitted smile (surface_slice) as JSON, the same for the surface_<INDEX> panel on
// the live stream and the web API's chain answer: parameters, fit quality, checks, the figures read off
// the curve, and the curve itself sampled over the quoted range. Absent numbers are null; the checks are
// null when there is no fit to check.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "messages/market.hpp"

namespace g6 {

/// A point of a fitted smile as charts draw it.
struct smile_sample {
  double k = 0;
  double strike = 0; // F·e^k
  double iv = 0;     // fraction
};

/// `count` evenly spaced points of a fitted slice's curve over its quoted range; none when not fitted.
std::vector<smile_sample> sample_smile(const surface_slice& slice, int count = 41);

/// {"expiry", "bucket", "status", "T", "forward", "a", "b", "rho", "m", "sigma", "points_used", "excluded",
/// "rmse_vol_pts", "max_err_vol_pts", "k_min", "k_max", "butterfly_ok", "wing_ok", "calendar_ok", "atm_iv",
/// "rr25", "bf25", "atm_skew", "fit_us", "curve": [[k, strike, iv], ...]} with `curve_points` samples.
nlohmann::json surface_slice_json(const surface_slice& x, int curve_points = 41);

} // namespace g6
