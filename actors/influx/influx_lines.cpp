#include "actors/influx/influx_lines.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "config/ist_time.hpp"

namespace g6 {

namespace {

/// Appends `name=value` for a float field when it has a value.
void float_field(std::string& fields, std::string_view name, double x) {
  if (!std::isfinite(x))
    return;
  fmt::format_to(std::back_inserter(fields), "{}{}={}", fields.empty() ? "" : ",", name, x);
}

void integer_field(std::string& fields, std::string_view name, int64_t x) {
  fmt::format_to(std::back_inserter(fields), "{}{}={}i", fields.empty() ? "" : ",", name, x);
}

void point(std::string& out, std::string_view measurement_and_tags, const std::string& fields, epoch_ms ts,
           size_t& points) {
  if (fields.empty())
    return;
  fmt::format_to(std::back_inserter(out), "{} {} {}\n", measurement_and_tags, fields, ts);
  ++points;
}

} // namespace

std::string influx_tag(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == ',' || c == ' ' || c == '=' || c == '\\')
      out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string influx_lines(const index_snapshot& snapshot, size_t& points) {
  points = 0;
  const auto& o = snapshot.overview;
  auto ts = o.ts;
  auto index = influx_tag(o.index);
  std::string out;
  out.reserve(snapshot.options.size() * 256 + 512);
  for (const auto& r : snapshot.options) {
    std::string fields;
    float_field(fields, "price", r.last_price);
    float_field(fields, "bid", r.bid);
    float_field(fields, "ask", r.ask);
    float_field(fields, "oi", r.oi);
    float_field(fields, "oi_change", r.oi_change);
    integer_field(fields, "volume", r.volume);
    float_field(fields, "iv", r.iv);
    float_field(fields, "delta", r.delta);
    float_field(fields, "gamma", r.gamma);
    float_field(fields, "theta", r.theta);
    float_field(fields, "vega", r.vega);
    float_field(fields, "rho", r.rho);
    float_field(fields, "underlying", r.underlying);
    integer_field(fields, "flags", r.flags);
    auto key = fmt::format("option_data,index={},expiry={},type={},strike={},symbol={}", index, format_date(r.expiry),
                           to_string(r.type), r.strike, influx_tag(r.symbol));
    point(out, key, fields, ts, points);
  }
  std::string fields;
  for (auto bucket : all_expiry_buckets) {
    auto i = static_cast<size_t>(bucket);
    float_field(fields, fmt::format("pcr_{}", to_string(bucket)), o.pcr_oi[i]);
    float_field(fields, fmt::format("atm_iv_{}", to_string(bucket)), o.atm_iv[i]);
    float_field(fields, fmt::format("fit_atm_iv_{}", to_string(bucket)), o.fit_atm_iv[i]);
    float_field(fields, fmt::format("fit_rr25_{}", to_string(bucket)), o.fit_rr25[i]);
    float_field(fields, fmt::format("fit_bf25_{}", to_string(bucket)), o.fit_bf25[i]);
    float_field(fields, fmt::format("fit_atm_skew_{}", to_string(bucket)), o.fit_atm_skew[i]);
  }
  float_field(fields, "index_price", o.underlying);
  float_field(fields, "day_width", o.day_width);
  integer_field(fields, "expected_mask", o.expected_mask);
  integer_field(fields, "collected_mask", o.collected_mask);
  integer_field(fields, "missing_mask", o.missing_mask);
  integer_field(fields, "options_expected", o.options_expected);
  integer_field(fields, "options_collected", o.options_collected);
  point(out, "options_overview,index=" + index, fields, ts, points);
  for (const auto& x : snapshot.surfaces) {
    if (x.status != surface_status::fitted)
      continue;
    std::string surface;
    for (auto [name, value] : {std::pair{"T", x.years},
                               {"forward", x.forward},
                               {"a", x.a},
                               {"b", x.b},
                               {"rho", x.rho},
                               {"m", x.m},
                               {"sigma", x.sigma},
                               {"rmse_vol_pts", x.rmse_vol_pts},
                               {"max_err_vol_pts", x.max_err_vol_pts},
                               {"atm_iv", x.atm_iv},
                               {"rr25", x.rr25},
                               {"bf25", x.bf25},
                               {"atm_skew", x.atm_skew}})
      float_field(surface, name, value);
    integer_field(surface, "points_used", x.points_used);
    integer_field(surface, "excluded", x.excluded);
    integer_field(surface, "butterfly_ok", x.butterfly_ok ? 1 : 0);
    integer_field(surface, "wing_ok", x.wing_ok ? 1 : 0);
    integer_field(surface, "calendar_ok", x.calendar_ok ? 1 : 0);
    // Line protocol has no empty tag value: an expiry that fills no bucket has no bucket tag.
    auto key = fmt::format("vol_surface,index={},expiry={}", index, format_date(x.expiry));
    if (is_slot(x.bucket))
      key += fmt::format(",bucket={}", to_string(x.bucket));
    point(out, key, surface, ts, points);
  }
  std::string cycle;
  integer_field(cycle, "cycle_id", static_cast<int64_t>(snapshot.cycle_id));
  integer_field(cycle, "rows", static_cast<int64_t>(snapshot.rows_committed));
  integer_field(cycle, "commit_latency_us", snapshot.commit_latency_us);
  point(out, "g6_cycle,index=" + index, cycle, ts, points);
  return out;
}

} // namespace g6
