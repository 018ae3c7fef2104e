#include "actors/analytics/chain_report_options.hpp"

#include <fmt/format.h>

#include <cmath>

#include "config/ist_time.hpp"

namespace g6 {

expected<analytics_params, std::string> params_for_mode(std::string_view mode, std::optional<double> rate) {
  analytics_params params;
  if (mode == "nse")
    params = analytics_params::nse_compatible();
  else if (mode != "forward")
    return unexpected{fmt::format("bad --mode '{}': expected forward or nse", mode)};
  if (rate) {
    if (!(std::isfinite(*rate) && *rate > -1 && *rate < 1))
      return unexpected{fmt::format("bad --rate {}: expected a yearly rate as a fraction, e.g. 0.065", *rate)};
    params.risk_free_rate = *rate;
  }
  return params;
}

expected<analysed_chain_file, std::string> analyse_chain_file(const std::string& file, const analytics_params& params) {
  auto read = read_nse_option_chain(file);
  if (!read)
    return unexpected{read.error().message};
  analysed_chain_file out;
  out.chain = *std::move(read);
  for (auto& note : out.chain.notes)
    out.notes += file + ": " + note + "\n";
  out.analysed = analyze_chain_in_detail(out.chain.request, params);
  return out;
}

chain_file_report report_on_chain_file(const std::string& file, const expected<analytics_params, std::string>& params,
                                       const chain_file_rendering& render) {
  chain_file_report report;
  if (!params) {
    report.error = params.error();
    return report;
  }
  auto analysed = analyse_chain_file(file, *params);
  if (!analysed) {
    report.error = analysed.error();
    return report;
  }
  report.note = analysed->notes;
  report.output = render(*analysed, *params);
  return report;
}

std::string iso_ist(epoch_ms t) {
  auto seconds = ist_time_of_day(t) / 1000;
  return fmt::format("{}T{:02}:{:02}:{:02}+05:30", format_date(ist_date(t)), seconds / 3600, seconds / 60 % 60,
                     seconds % 60);
}

std::string fixed(double x, int decimals) {
  return std::isfinite(x) ? fmt::format("{:.{}f}", x, decimals) : std::string{"-"};
}

std::string pricing_description(const analytics_params& params) {
  if (params.model == pricing_model::spot_black_scholes)
    return fmt::format("NSE convention: Black-Scholes on spot, r {:.2f}%, calendar/365, T >= 1 day",
                       100 * params.risk_free_rate);
  return fmt::format("Black-76 on the synthetic forward, r {:.2f}%, {}", 100 * params.risk_free_rate,
                     to_string(params.basis));
}

} // namespace g6
