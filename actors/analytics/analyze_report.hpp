// analyze_report.hpp — what `g6 analyze FILE` prints: every leg of a saved NSE option-chain response
// with its IV and Greeks, and each expiry's statistics, as text or JSON. It takes the raw command-line
// values and validates them here, so every answer and every error message is unit-tested without the
// binary.
#pragma once

#include <optional>
#include <string>

#include "actors/analytics/chain_report_options.hpp"

namespace g6 {

/// `g6 analyze FILE [--mode forward|nse] [--price ltp|mid] [--rate R] [--json]`.
struct analyze_query {
  std::string file;
  std::string mode = "forward"; // forward: Black-76 on the synthetic forward; nse: NSE's convention
  std::string price = "ltp";    // ltp: last traded price; mid: (bid + ask)/2
  std::optional<double> rate;   // continuously compounded; default 6.5% (forward) or 10% (nse)
  bool json = false;
};

using analyze_report = chain_file_report;

/// JSON: {"underlying", "timestamp" (ISO 8601, +05:30), "legs": [{"expiry", "strike", "type", "price",
/// "iv_pct", "reason", "delta", "gamma", "theta", "vega"}], "expiries": [{"expiry", "forward",
/// "atm_iv_pct", "pcr_oi", "pcr_volume", "max_pain"}]}; values that cannot be computed are null, and
/// "reason" says why a leg has no IV. Text: the same per expiry, plus skew and OI breadth.
analyze_report run_analyze(const analyze_query& query);

} // namespace g6
