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

std::string iso_ist(epoch_ms t) {
  auto seconds = ist_time_of_day(t) / 1000;
  return fmt::format("{}T{:02}:{:02}:{:02}+05:30", format_date(ist_date(t)), seconds / 3600, seconds / 60 % 60,
                     seconds % 60);
}

nlohmann::json number_or_null(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

} // namespace g6
