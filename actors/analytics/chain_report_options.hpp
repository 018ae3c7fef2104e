// chain_report_options.hpp — what `g6 analyze` and `g6 surface` share about a saved chain: the analytics
// parameters of `--mode forward|nse` and `--rate R` (validated, with the message a user sees), reading and
// analysing the file, and how the reports write instants, fixed decimals and the pricing model.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "actors/analytics/chain_analysis.hpp"
#include "actors/analytics/nse_option_chain.hpp"
#include "messages/expected.hpp"

namespace g6 {

/// forward: Black-76 on the synthetic forward (rate default 6.5%); nse: NSE's convention (rate default
/// 10%). A rate must be a finite fraction in (−1, 1). The error names the option and what it accepts.
expected<analytics_params, std::string> params_for_mode(std::string_view mode, std::optional<double> rate);

/// A saved chain read and analysed; `notes` names the file's skipped items, one line each.
struct analysed_chain_file {
  nse_option_chain chain;
  detailed_chain_result analysed;
  std::string notes;
};

/// Reads `file` and analyses it under `params`; the error is the reader's, naming the file and field.
expected<analysed_chain_file, std::string> analyse_chain_file(const std::string& file,
                                                              const analytics_params& params);

/// "2022-03-24T15:30:00+05:30".
std::string iso_ist(epoch_ms t);

/// x with `decimals` decimals, or "-" when it is NaN or infinite.
std::string fixed(double x, int decimals);

/// The model a report's figures are under, e.g. "Black-76 on the synthetic forward, r 6.50%, calendar_365".
std::string pricing_description(const analytics_params& params);

} // namespace g6
