#include "actors/csv/csv_layout.hpp"

#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <map>
#include <utility>

#include "config/ist_time.hpp"

namespace g6 {

const std::string_view csv_option_header =
  "timestamp,index,expiry_tag,expiry_date,offset,index_price,atm,strike,ce,pe,tp,avg_ce,avg_pe,avg_tp,"
  "ce_vol,pe_vol,ce_oi,pe_oi,ce_iv,pe_iv,ce_delta,pe_delta,ce_theta,pe_theta,ce_vega,pe_vega,ce_gamma,"
  "pe_gamma,ce_rho,pe_rho,tp_net_change,tp_day_change";

const std::string_view csv_overview_header =
  "timestamp,index,pcr_this_week,pcr_next_week,pcr_this_month,pcr_next_month,day_width,index_price,"
  "index_net_change,index_day_change,VIX,expiries_expected,expiries_collected,expected_mask,"
  "collected_mask,missing_mask";

namespace {

/// A number as its shortest exact text; an absent value is an empty field.
std::string number(double x) {
  return is_present(x) ? fmt::format("{}", x) : std::string{};
}

std::string side_number(const option_row* leg, double option_row::*field) {
  return leg ? number(leg->*field) : std::string{};
}

struct strike_pair {
  const option_row* ce = nullptr;
  const option_row* pe = nullptr;
};

std::string option_line(const std::string& ts, const index_snapshot& s, double atm, double strike,
                        const strike_pair& pair) {
  const auto& any = pair.ce ? *pair.ce : *pair.pe;
  double tp = pair.ce && pair.pe ? pair.ce->last_price + pair.pe->last_price : absent;
  auto volume = [](const option_row* leg) { return leg ? fmt::format("{}", leg->volume) : std::string{}; };
  // avg_* (the provider's average traded price) and the tp changes need figures no provider here
  // supplies; they stay empty rather than invented.
  return fmt::format(
    "{},{},{},{},{},{},{},{},{},{},{},,,,{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},,", ts, s.overview.index,
    to_string(any.bucket), format_date(any.expiry), csv_offset(strike, atm), number(s.overview.underlying), number(atm),
    number(strike), side_number(pair.ce, &option_row::last_price), side_number(pair.pe, &option_row::last_price),
    number(tp), volume(pair.ce), volume(pair.pe), side_number(pair.ce, &option_row::oi),
    side_number(pair.pe, &option_row::oi), side_number(pair.ce, &option_row::iv), side_number(pair.pe, &option_row::iv),
    side_number(pair.ce, &option_row::delta), side_number(pair.pe, &option_row::delta),
    side_number(pair.ce, &option_row::theta), side_number(pair.pe, &option_row::theta),
    side_number(pair.ce, &option_row::vega), side_number(pair.pe, &option_row::vega),
    side_number(pair.ce, &option_row::gamma), side_number(pair.pe, &option_row::gamma),
    side_number(pair.ce, &option_row::rho), side_number(pair.pe, &option_row::rho));
}

std::string overview_line(const std::string& ts, const index_snapshot& s) {
  const auto& o = s.overview;
  const auto& spot = s.spot;
  double net_change = spot.prev_close > 0 ? spot.last_price - spot.prev_close : absent;
  double day_change = spot.day_open > 0 ? spot.last_price - spot.day_open : absent;
  // No provider here quotes India VIX: the column stays empty.
  return fmt::format("{},{},{},{},{},{},{},{},{},{},,{},{},{},{},{}", ts, o.index, number(o.pcr_oi[0]),
                     number(o.pcr_oi[1]), number(o.pcr_oi[2]), number(o.pcr_oi[3]), number(o.day_width),
                     number(o.underlying), number(net_change), number(day_change), std::popcount(o.expected_mask),
                     std::popcount(o.collected_mask), int{o.expected_mask}, int{o.collected_mask}, int{o.missing_mask});
}

} // namespace

double csv_atm(std::string_view index, double spot) {
  double step = index == "BANKNIFTY" || index == "SENSEX" ? 100 : 50;
  return std::round(spot / step) * step;
}

std::string csv_offset(double strike, double atm) {
  double offset = strike - atm;
  if (offset == 0)
    return "0";
  return offset > 0 ? fmt::format("+{}", offset) : fmt::format("{}", offset);
}

std::string csv_timestamp(epoch_ms t) {
  auto date = format_date(ist_date(t)); // YYYY-MM-DD
  auto seconds = ist_time_of_day(t) / 1000;
  return fmt::format("{}-{}-{} {:02}:{:02}:{:02}", date.substr(8, 2), date.substr(5, 2), date.substr(0, 4),
                     seconds / 3600, seconds / 60 % 60, seconds % 60);
}

std::vector<csv_line> csv_lines(const index_snapshot& snapshot) {
  const auto& index = snapshot.overview.index;
  auto ts = csv_timestamp(snapshot.overview.ts);
  auto day = format_date(ist_date(snapshot.overview.ts)) + ".csv";
  double atm = csv_atm(index, snapshot.overview.underlying);
  // Ordered by expiry then strike, so each file's lines come out in a stable order.
  std::map<std::pair<day_number, double>, strike_pair> pairs;
  for (const auto& row : snapshot.options) {
    auto& pair = pairs[{row.expiry, row.strike}];
    (row.type == option_type::call ? pair.ce : pair.pe) = &row;
  }
  std::vector<csv_line> lines;
  lines.reserve(pairs.size() + 1);
  for (const auto& [key, pair] : pairs) {
    const auto& any = pair.ce ? *pair.ce : *pair.pe;
    auto tag = is_slot(any.bucket) ? std::string{to_string(any.bucket)} : format_date(any.expiry);
    auto file = std::filesystem::path{index} / tag / csv_offset(key.second, atm) / day;
    lines.push_back({std::move(file), option_line(ts, snapshot, atm, key.second, pair), csv_option_header});
  }
  lines.push_back({std::filesystem::path{"overview"} / index / day, overview_line(ts, snapshot), csv_overview_header});
  return lines;
}

} // namespace g6
