// chain_report_options.hpp — what `g6 analyze` and `g6 surface` share about a saved chain: the analytics
// parameters of `--mode forward|nse` and `--rate R` (validated, with the message a user sees), reading and
// analysing the file, and how the reports write instants, fixed decimals and the pricing model.
#pragma once

#include <functional>
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
expected<analysed_chain_file, std::string> analyse_chain_file(const std::string& file, const analytics_params& params);

/// A report to print, or the error that replaces it.
struct chain_file_report {
  std::string output; // for stdout
  std::string note;   // for stderr even on success: items of the file that were skipped
  std::string error;  // for stderr; non-empty means exit status 1
  bool ok() const { return error.empty(); }
};

/// What a report shows of an analysed chain under its parameters.
using chain_file_rendering = std::function<std::string(const analysed_chain_file&, const analytics_params&)>;

/// The report on `file` analysed under `params` (or the error that kept them from being made), as `render`
/// writes it; an unreadable or malformed file is the report's error.
chain_file_report report_on_chain_file(const std::string& file, const expected<analytics_params, std::string>& params,
                                       const chain_file_rendering& render);

/// "2022-03-24T15:30:00+05:30".
std::string iso_ist(epoch_ms t);

/// x with `decimals` decimals, or "-" when it is NaN or infinite.
std::string fixed(double x, int decimals);

/// The model a report's figures are under, e.g. "Black-76 on the synthetic forward, r 6.50%, calendar_365".
std::string pricing_description(const analytics_params& params);

} // namespace g6
