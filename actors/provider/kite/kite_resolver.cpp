// The resolver half of kite_instruments.hpp: one underlying's option universe from the dump, and how the
// listed expiries compare with the calendar rules. The CSV half is kite_instruments.cpp.
#include "actors/provider/kite/kite_instruments.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "actors/collector/expiry_buckets.hpp"
#include "config/calendar.hpp"
#include "config/ist_time.hpp"

namespace g6 {

namespace {

// NSE and BSE index options: three serial monthly contracts, then quarterly and half-yearly ones.
constexpr int serial_monthlies = 3;

bool names_underlying(const kite_instrument& row, std::string_view underlying) {
  if (!row.name.empty())
    return row.name == underlying;
  std::string_view symbol = row.tradingsymbol;
  return symbol.size() > underlying.size() + 2 && symbol.substr(0, underlying.size()) == underlying
         && std::isdigit(static_cast<unsigned char>(symbol[underlying.size()]))
         && std::isdigit(static_cast<unsigned char>(symbol[underlying.size() + 1]));
}

} // namespace

kite_index_source default_index_source(std::string_view index) {
  if (exchange_of(index) == exchange::bse)
    return {std::string{index}, "BFO-OPT", "BFO"};
  return {std::string{index}, "NFO-OPT", "NFO"};
}

kite_result<instrument_list> resolve_index(const std::vector<kite_instrument>& rows, std::string_view index,
                                           const kite_index_source& source, day_number date) {
  instrument_list list;
  list.index = std::string{index};
  std::map<day_number, std::set<double>> strikes;
  std::map<day_number, int32_t> lots;
  for (auto& row : rows) {
    if (row.segment != source.segment || row.expiry < date || row.expiry == 0
        || (row.instrument_type != "CE" && row.instrument_type != "PE") || !names_underlying(row, source.underlying))
      continue;
    list.options.push_back({row.instrument_token, row.tradingsymbol, row.expiry, row.strike,
                            row.instrument_type == "CE" ? option_type::call : option_type::put});
    strikes[row.expiry].insert(row.strike);
    lots.emplace(row.expiry, row.lot_size);
  }
  if (list.options.empty())
    return unexpected{kite_error{kite_errc::input_error,
                                 fmt::format("the instrument dump lists no {} options of {} in segment {} on or "
                                             "after {}",
                                             index, source.underlying, source.segment, format_date(date))}};
  double step = 0;
  for (auto& [expiry, set] : strikes) {
    list.expiries.push_back(expiry);
    for (auto i = set.begin(), j = std::next(set.begin()); j != set.end(); ++i, ++j)
      if (step == 0 || *j - *i < step)
        step = *j - *i;
  }
  list.strike_step = step;
  list.lot_size = lots.begin()->second;
  std::sort(list.options.begin(), list.options.end(), [](auto& a, auto& b) {
    return std::tie(a.expiry, a.strike, a.type) < std::tie(b.expiry, b.strike, b.type);
  });
  return list;
}

std::vector<kite_index_source> underlying_sources(std::string_view name) {
  if (is_known_index(name))
    return {default_index_source(name)};
  return {{std::string{name}, "NFO-OPT", "NFO"}, {std::string{name}, "BFO-OPT", "BFO"}};
}

kite_result<instrument_list> resolve_underlying(const std::vector<kite_instrument>& rows, std::string_view name,
                                                day_number date) {
  auto sources = underlying_sources(name);
  if (sources.size() == 1) // an index: its own segment's answer
    return resolve_index(rows, name, sources.front(), date);
  std::vector<std::string> searched;
  for (auto& source : sources) {
    auto resolved = resolve_index(rows, name, source, date);
    if (resolved)
      return resolved;
    searched.push_back(source.segment);
  }
  return unexpected{kite_error{kite_errc::input_error,
                               fmt::format("unknown underlying {}: the instrument dump lists no options of it in {} "
                                           "on or after {}",
                                           name, fmt::join(searched, " or "), format_date(date))}};
}

std::vector<std::string> calendar_mismatches(std::string_view index, const std::vector<day_number>& listed,
                                             day_number date) {
  std::vector<std::string> out;
  if (!has_expiry_rules(index) || listed.empty())
    return out;
  const auto& calendar = exchange_calendar::builtin(exchange_of(index));
  std::vector<expiry_date> predicted;
  for (int count = 8;; count *= 2) {
    predicted = expiries(index, date, count, calendar);
    if (predicted.empty() || predicted.back().date >= listed.back() || count > 4096)
      break;
  }
  // A predicted expiry counts as missing only inside the horizon the exchange lists in full: weeklies up
  // to the last listed weekly, monthlies up to the last listed monthly but not past the serial months.
  // Beyond those the exchange lists only long-dated quarterly and half-yearly contracts, and the
  // monthlies between them are not missing.
  // A listed date the rules predict has the rules' kind; another is monthly when it is the last listed
  // in its month (a hole must not turn the weekly before it into a monthly).
  std::map<day_number, expiry_kind> predicted_kind;
  for (auto& e : predicted)
    predicted_kind.emplace(e.date, e.kind);
  std::map<expiry_kind, day_number> horizon;
  for (auto& e : classify_expiries(listed)) {
    auto known = predicted_kind.find(e.date);
    auto kind = known == predicted_kind.end() ? e.kind : known->second;
    horizon[kind] = std::max(horizon[kind], e.date);
  }
  if (auto monthly = horizon.find(expiry_kind::monthly); monthly != horizon.end()) {
    int serial = 0;
    for (auto& e : predicted)
      if (e.kind == expiry_kind::monthly && ++serial == serial_monthlies)
        monthly->second = std::min(monthly->second, e.date);
  }
  std::set<day_number> have(listed.begin(), listed.end());
  for (auto d : have)
    if (!predicted_kind.contains(d))
      out.push_back(fmt::format("{} listed, not in the rules", format_date(d)));
  for (auto& e : predicted)
    if (!have.contains(e.date) && horizon.contains(e.kind) && e.date <= horizon[e.kind])
      out.push_back(fmt::format("{} in the rules, not listed", format_date(e.date)));
  return out;
}

} // namespace g6
