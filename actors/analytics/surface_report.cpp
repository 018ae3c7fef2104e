#include "actors/analytics/surface_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <vector>

#include "actors/analytics/chain_analysis.hpp"
#include "actors/analytics/chain_report_options.hpp"
#include "actors/analytics/nse_option_chain.hpp"
#include "actors/analytics/surface_json.hpp"
#include "actors/analytics/svi.hpp"
#include "actors/analytics/vol_surface.hpp"
#include "config/ist_time.hpp"
#include "config/json_number.hpp"

namespace g6 {

namespace {

using json = nlohmann::json;

/// One expiry as the report shows it: the fitted slice and the quotes the fit saw.
struct expiry_surface {
  const surface_slice* slice = nullptr;
  smile_selection smile;
};

/// The slices of the analysed chain with their smiles fitted again the way fit_surface fitted them (same
/// forward, T, rate and surface parameters, and the same stale trades left out), so the table shows
/// exactly the points fitted.
std::vector<expiry_surface> surfaces_of(const chain_result& analysed, const analytics_params& params) {
  std::vector<expiry_surface> surfaces;
  for (size_t i = 0; i < analysed.surfaces.size() && i < analysed.expiries.size(); ++i) {
    auto& stats = analysed.expiries[i];
    expiry_surface surface{&analysed.surfaces[i], {}};
    if (params.surface.enabled)
      surface.smile = fit_expiry(analysed.rows, stats, params.risk_free_rate, params.surface).smile;
    surfaces.push_back(std::move(surface));
  }
  return surfaces;
}

bool fitted(const surface_slice& slice) {
  return slice.status == surface_status::fitted;
}

/// The fitted curve's IV at a quote (absent when the slice has no fit).
double fitted_iv(const surface_slice& slice, const smile_quote& quote) {
  return fitted(slice) ? svi_implied_vol(params_of(slice), quote.point.k, slice.years) : absent;
}

std::string as_json(const nse_option_chain& chain, const std::vector<expiry_surface>& surfaces) {
  json expiries = json::array();
  for (auto& [slice, smile] : surfaces) {
    json points = json::array();
    for (auto& quote : smile.quotes)
      points.push_back({{"strike", quote.strike},
                        {"type", to_string(quote.type)},
                        {"market_iv", number_or_null(quote.iv)},
                        {"fitted_iv", number_or_null(fitted_iv(*slice, quote))},
                        {"in_use", quote.in_use}});
    // The slice as the live stream and the web API show it, with the quotes instead of a sampled curve.
    auto entry = surface_slice_json(*slice, 0);
    entry.erase("curve");
    entry["points"] = std::move(points);
    expiries.push_back(std::move(entry));
  }
  json document = {{"index", chain.underlying}, {"expiries", std::move(expiries)}};
  return document.dump(2) + "\n";
}

/// SVI parameters of short expiries are small numbers: significant digits, not decimals.
std::string significant(double x) {
  return std::isfinite(x) ? fmt::format("{:.6g}", x) : std::string{"-"};
}

std::string check_text(bool ok, double worst_k) {
  return ok ? std::string{"ok"} : fmt::format("FAILS (worst at k {})", fixed(worst_k, 4));
}

std::string slice_text(const surface_slice& s) {
  auto out = fmt::format("\nexpiry {}  T {} years ({} days)  forward {}  {}\n", format_date(s.expiry),
                         fixed(s.years, 6), fixed(s.years * 365, 3), fixed(s.forward, 2), to_string(s.status));
  out += fmt::format("  points used {}, excluded {}; fit {} us\n", s.points_used, s.excluded, s.fit_us);
  if (!fitted(s))
    return out;
  out += fmt::format("  a {}  b {}  rho {}  m {}  sigma {}\n", significant(s.a), significant(s.b), fixed(s.rho, 4),
                     significant(s.m), significant(s.sigma));
  out += fmt::format("  RMSE {} vol pts (vega-weighted), max error {} vol pts, k {}..{}\n", fixed(s.rmse_vol_pts, 3),
                     fixed(s.max_err_vol_pts, 3), fixed(s.k_min, 4), fixed(s.k_max, 4));
  auto wing =
    s.wing_ok ? std::string{"ok"} : fmt::format("FAILS (b(1 + |rho|) = {} > 2)", fixed(s.b * (1 + std::abs(s.rho)), 4));
  out += fmt::format("  butterfly {}, wing {}, calendar {}\n", check_text(s.butterfly_ok, s.butterfly_worst_k), wing,
                     check_text(s.calendar_ok, s.calendar_worst_k));
  out += fmt::format("  ATM IV {}%  RR25 {}  BF25 {} vol pts  ATM skew {} (dIV/dk)\n", fixed(100 * s.atm_iv, 2),
                     fixed(100 * s.rr25, 2), fixed(100 * s.bf25, 2), fixed(s.atm_skew, 4));
  return out;
}

/// Market against fitted IV at every quote of a fitted expiry; the weight is the quote's share of the
/// fit's weights (1/uncertainty²).
std::string quotes_text(const surface_slice& slice, const smile_selection& smile) {
  double weights = 0;
  for (auto& quote : smile.quotes)
    if (quote.in_use)
      weights += quote.point.weight;
  auto out = fmt::format("  {:>10} {:>4} {:>10} {:>4} {:>9} {:>9} {:>7} {:>6}\n", "strike", "type", "premium", "from",
                         "market %", "fitted %", "diff", "wt %");
  for (auto& quote : smile.quotes) {
    auto fit = fitted_iv(slice, quote);
    out += fmt::format("  {:>10} {:>4} {:>10} {:>4} {:>9} {:>9} {:>7} {:>6}\n", fixed(quote.strike, 2),
                       to_string(quote.type), fixed(quote.premium, 2), quote.from_mid ? "mid" : "ltp",
                       fixed(100 * quote.iv, 3), fixed(100 * fit, 3), fixed(100 * (fit - quote.iv), 3),
                       quote.in_use ? fixed(100 * quote.point.weight / weights, 2) : std::string{"stale"});
  }
  return out;
}

std::string as_text(const nse_option_chain& chain, const std::vector<expiry_surface>& surfaces,
                    const analytics_params& params) {
  auto out = fmt::format("{} at {}, spot {:.2f}; {}; raw SVI per expiry on out-of-the-money quotes\n",
                         chain.underlying.empty() ? "?" : chain.underlying, iso_ist(chain.timestamp), chain.spot,
                         pricing_description(params));
  for (auto& [slice, smile] : surfaces) {
    out += slice_text(*slice);
    if (fitted(*slice))
      out += quotes_text(*slice, smile);
  }
  return out;
}

} // namespace

surface_report run_surface(const surface_query& query) {
  return report_on_chain_file(query.file, params_for_mode(query.mode, query.rate),
                              [&](const analysed_chain_file& file, const analytics_params& params) {
                                auto surfaces = surfaces_of(file.analysed.result, params);
                                return query.json ? as_json(file.chain, surfaces)
                                                  : as_text(file.chain, surfaces, params);
                              });
}

} // namespace g6
