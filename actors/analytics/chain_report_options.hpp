// chain_report_options.hpp — what `g6 analyze` and `g6 surface` share about reading a saved chain: the
// analytics parameters of `--mode forward|nse` and `--rate R` (validated, with the message a user sees),
// the file's instant as ISO 8601, and JSON numbers that are null when not finite.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "actors/analytics/chain_analysis.hpp"
#include "messages/expected.hpp"

namespace g6 {

/// forward: Black-76 on the synthetic forward (rate default 6.5%); nse: NSE's convention (rate default
/// 10%). A rate must be a finite fraction in (−1, 1). The error names the option and what it accepts.
expected<analytics_params, std::string> params_for_mode(std::string_view mode, std::optional<double> rate);

/// "2022-03-24T15:30:00+05:30".
std::string iso_ist(epoch_ms t);

/// x, or null when it is NaN or infinite (JSON has no such numbers).
nlohmann::json number_or_null(double x);

} // namespace g6
