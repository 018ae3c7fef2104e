#include "actors/analytics/analyze_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>

#include "actors/analytics/chain_analysis.hpp"
#include "actors/analytics/chain_report_options.hpp"
#include "actors/analytics/nse_option_chain.hpp"
#include "config/ist_time.hpp"
#include "config/json_number.hpp"

namespace g6 {

namespace {

using json = nlohmann::json;

/// The parameters of the query's mode, rate and price, or what is wrong with one of them.
expected<analytics_params, std::string> params_for(const analyze_query& query) {
  auto params = params_for_mode(query.mode, query.rate);
  if (params && query.price == "mid")
    params->premium = premium_source::mid;
  else if (params && query.price != "ltp")
    return unexpected{"bad --price '" + query.price + "': expected ltp or mid"};
  return params;
}

/// The premium analytics solved from, for the report.
double premium_of(const option_row& row, premium_source source) {
  if (source == premium_source::last_price)
    return std::isfinite(row.last_price) && row.last_price > 0 ? row.last_price : absent;
  return std::isfinite(row.bid) && std::isfinite(row.ask) && row.bid > 0 && row.ask >= row.bid
           ? 0.5 * (row.bid + row.ask)
           : absent;
}

std::string as_json(const nse_option_chain& chain, const detailed_chain_result& analysed,
                    const analytics_params& params) {
  json legs = json::array();
  for (size_t i = 0; i < analysed.result.rows.size(); ++i) {
    auto& row = analysed.result.rows[i];
    auto reason = analysed.reasons[i];
    legs.push_back({{"expiry", format_date(row.expiry)},
                    {"strike", row.strike},
                    {"type", to_string(row.type)},
                    {"price", number_or_null(premium_of(row, params.premium))},
                    {"iv_pct", number_or_null(100 * row.iv)},
                    {"reason", reason == leg_iv::solved ? json(nullptr) : json(to_string(reason))},
                    {"delta", number_or_null(row.delta)},
                    {"gamma", number_or_null(row.gamma)},
                    {"theta", number_or_null(row.theta)},
                    {"vega", number_or_null(row.vega)}});
  }
  json expiries = json::array();
  for (auto& stats : analysed.result.expiries)
    expiries.push_back({{"expiry", format_date(stats.expiry)},
                        {"forward", number_or_null(stats.forward)},
                        {"atm_iv_pct", number_or_null(100 * stats.atm_iv)},
                        {"pcr_oi", number_or_null(stats.pcr_oi)},
                        {"pcr_volume", number_or_null(stats.pcr_volume)},
                        {"max_pain", number_or_null(stats.max_pain)}});
  json document = {{"underlying", chain.underlying},
                   {"timestamp", iso_ist(chain.timestamp)},
                   {"legs", std::move(legs)},
                   {"expiries", std::move(expiries)}};
  return document.dump(2) + "\n";
}

std::string as_text(const nse_option_chain& chain, const detailed_chain_result& analysed,
                    const analytics_params& params) {
  std::string out;
  out += fmt::format("{} at {}, spot {:.2f}; {}; IV from {}\n", chain.underlying.empty() ? "?" : chain.underlying,
                     iso_ist(chain.timestamp), chain.spot, pricing_description(params), to_string(params.premium));
  size_t row = 0;
  for (auto& stats : analysed.result.expiries) {
    out += fmt::format(
      "\nexpiry {}  T {} days  forward {}  ATM IV {}%  RR25 {}  BF25 {}  PCR OI {} volume {}  max pain {}\n"
      "  OI change: calls +{} -{}, puts +{} -{}; IV solved {}, failed {}\n",
      format_date(stats.expiry), fixed(stats.years_to_expiry * 365, 3), fixed(stats.forward, 2),
      fixed(100 * stats.atm_iv, 2), fixed(100 * stats.rr25, 2), fixed(100 * stats.bf25, 2), fixed(stats.pcr_oi, 3),
      fixed(stats.pcr_volume, 3), fixed(stats.max_pain, 0), stats.calls_adding_oi, stats.calls_shedding_oi,
      stats.puts_adding_oi, stats.puts_shedding_oi, stats.iv_solved, stats.iv_failed);
    out += fmt::format("  {:>10} {:>4} {:>10} {:>8} {:>9} {:>10} {:>9} {:>9}  {}\n", "strike", "type", "price", "IV %",
                       "delta", "gamma", "theta", "vega", "note");
    for (; row < analysed.result.rows.size() && analysed.result.rows[row].expiry == stats.expiry; ++row) {
      auto& r = analysed.result.rows[row];
      auto reason = analysed.reasons[row];
      out += fmt::format("  {:>10} {:>4} {:>10} {:>8} {:>9} {:>10} {:>9} {:>9}  {}\n", fixed(r.strike, 2),
                         to_string(r.type), fixed(premium_of(r, params.premium), 2), fixed(100 * r.iv, 3),
                         fixed(r.delta, 4), fixed(r.gamma, 7), fixed(r.theta, 3), fixed(r.vega, 3),
                         reason == leg_iv::solved ? std::string_view{} : to_string(reason));
    }
  }
  return out;
}

} // namespace

analyze_report run_analyze(const analyze_query& query) {
  return report_on_chain_file(
    query.file, params_for(query), [&](const analysed_chain_file& file, const analytics_params& params) {
      return query.json ? as_json(file.chain, file.analysed, params) : as_text(file.chain, file.analysed, params);
    });
}

} // namespace g6
