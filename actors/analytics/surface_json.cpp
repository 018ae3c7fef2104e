#include "actors/analytics/surface_json.hpp"

#include <cmath>
#include <string>

#include "actors/analytics/svi.hpp"
#include "config/ist_time.hpp"
#include "config/json_number.hpp"

namespace g6 {

std::vector<smile_sample> sample_smile(const surface_slice& slice, int count) {
  std::vector<smile_sample> samples;
  if (slice.status != surface_status::fitted || count < 2)
    return samples;
  auto p = params_of(slice);
  samples.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    auto k = slice.k_min + (slice.k_max - slice.k_min) * i / (count - 1);
    auto iv = svi_implied_vol(p, k, slice.years);
    if (is_present(iv))
      samples.push_back({k, slice.forward * std::exp(k), iv});
  }
  return samples;
}

nlohmann::json surface_slice_json(const surface_slice& x, int curve_points) {
  auto fitted = x.status == surface_status::fitted;
  auto check = [&](bool ok) { return fitted ? nlohmann::json(ok) : nlohmann::json(nullptr); };
  auto curve = nlohmann::json::array();
  for (auto& point : sample_smile(x, curve_points))
    curve.push_back({number_or_null(point.k), number_or_null(point.strike), number_or_null(point.iv)});
  return {{"expiry", format_date(x.expiry)},
          {"bucket", std::string{to_string(x.bucket)}},
          {"status", std::string{to_string(x.status)}},
          {"T", number_or_null(x.years)},
          {"forward", number_or_null(x.forward)},
          {"a", number_or_null(x.a)},
          {"b", number_or_null(x.b)},
          {"rho", number_or_null(x.rho)},
          {"m", number_or_null(x.m)},
          {"sigma", number_or_null(x.sigma)},
          {"points_used", x.points_used},
          {"excluded", x.excluded},
          {"rmse_vol_pts", number_or_null(x.rmse_vol_pts)},
          {"max_err_vol_pts", number_or_null(x.max_err_vol_pts)},
          {"k_min", number_or_null(x.k_min)},
          {"k_max", number_or_null(x.k_max)},
          {"butterfly_ok", check(x.butterfly_ok)},
          {"wing_ok", check(x.wing_ok)},
          {"calendar_ok", check(x.calendar_ok)},
          {"atm_iv", number_or_null(x.atm_iv)},
          {"rr25", number_or_null(x.rr25)},
          {"bf25", number_or_null(x.bf25)},
          {"atm_skew", number_or_null(x.atm_skew)},
          {"fit_us", x.fit_us},
          {"curve", std::move(curve)}};
}

} // namespace g6
