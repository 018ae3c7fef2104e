#include "config/calendar.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "config/embedded.hpp"
#include "config/ist_time.hpp"

namespace g6 {

namespace {

constexpr int saturday = 5;

/// One period of an index's expiry rules: from `from` on, weeklies on `weekly` (none when absent) and
/// the monthly on the last `monthly` weekday of the month. Weekdays use ISO order, 0 = Monday.
struct rule_period {
  day_number from = 0;
  std::optional<int> weekly;
  int monthly = 0;
};

struct index_rules {
  bool index = true; // false: a stock
  exchange venue = exchange::nse;
  double strike_step = 0;
  std::vector<rule_period> periods; // ascending by `from`
};

/// A shipped calendar file that does not parse is a broken build, not bad user input: the unit tests
/// load every shipped file, so this names the file and the problem and stops.
[[noreturn]] void broken_shipped_file(std::string_view file, const std::string& problem) {
  std::fprintf(stderr, "g6: shipped file config/%.*s is invalid: %s\n", static_cast<int>(file.size()), file.data(),
               problem.c_str());
  std::abort();
}

nlohmann::json load_shipped(std::string_view file) {
  auto text = embedded_file(file);
  if (text.empty())
    broken_shipped_file(file, "not embedded");
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    broken_shipped_file(file, "not a valid JSON object");
  return doc;
}

day_number date_field(std::string_view file, const nlohmann::json& object, const char* field) {
  if (!object.contains(field) || !object[field].is_string())
    broken_shipped_file(file, std::string{"missing date field '"} + field + "'");
  auto text = object[field].get<std::string>();
  auto date = parse_date(text);
  if (!date)
    broken_shipped_file(file, std::string{"field '"} + field + "' is not a YYYY-MM-DD date: " + text);
  return *date;
}

std::optional<int> parse_weekday(std::string_view name) {
  static constexpr std::string_view names[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                               "Friday", "Saturday", "Sunday"};
  for (int i = 0; i < 7; ++i)
    if (names[i] == name)
      return i;
  return std::nullopt;
}

exchange_calendar load_calendar(exchange venue) {
  std::string_view file = venue == exchange::nse ? "calendars/nse_holidays.json" : "calendars/bse_holidays.json";
  auto doc = load_shipped(file);
  if (!doc.contains("holidays") || !doc.at("holidays").is_array())
    broken_shipped_file(file, "missing array 'holidays'");
  std::set<day_number> holidays;
  for (auto& entry : doc.at("holidays"))
    holidays.insert(date_field(file, entry, "date"));
  return exchange_calendar{venue, std::move(holidays), date_field(file, doc, "covered_from"),
                           date_field(file, doc, "covered_to")};
}

rule_period parse_period(std::string_view file, const std::string& where, const nlohmann::json& period) {
  rule_period p;
  p.from = date_field(file, period, "from");
  auto weekly = period.value("weekly", nlohmann::json{});
  if (!weekly.is_null()) {
    p.weekly = parse_weekday(weekly.is_string() ? weekly.get<std::string>() : "");
    if (!p.weekly)
      broken_shipped_file(file, where + ".weekly must be a weekday name or null");
  }
  auto monthly = period.value("monthly", std::string{});
  auto day = monthly.rfind("last ", 0) == 0 ? parse_weekday(std::string_view{monthly}.substr(5)) : std::nullopt;
  if (!day)
    broken_shipped_file(file, where + ".monthly must be \"last <Weekday>\"");
  p.monthly = *day;
  return p;
}

/// An entry's exchange and rule periods (its strike step is the caller's).
index_rules parse_rules(std::string_view file, const std::string& where, const nlohmann::json& entry) {
  index_rules rules;
  auto venue = entry.value("exchange", std::string{});
  if (venue != "NSE" && venue != "BSE")
    broken_shipped_file(file, where + ".exchange must be NSE or BSE");
  rules.venue = venue == "NSE" ? exchange::nse : exchange::bse;
  auto periods = entry.value("periods", nlohmann::json::array());
  if (!periods.is_array() || periods.empty())
    broken_shipped_file(file, where + ".periods must be a non-empty array");
  for (size_t i = 0; i < periods.size(); ++i) {
    auto p = parse_period(file, where + ".periods[" + std::to_string(i) + "]", periods[i]);
    if (!rules.periods.empty() && p.from <= rules.periods.back().from)
      broken_shipped_file(file, where + ".periods must be in ascending order of 'from'");
    rules.periods.push_back(p);
  }
  return rules;
}

index_rules with_step(std::string_view file, const std::string& where, index_rules rules, double step) {
  rules.strike_step = step;
  if (!(rules.strike_step > 0))
    broken_shipped_file(file, where + " must be a positive number");
  return rules;
}

std::map<std::string, index_rules, std::less<>> load_rules() {
  constexpr std::string_view file = "calendars/expiry_rules.json";
  auto doc = load_shipped(file);
  if (!doc.contains("indices") || !doc.at("indices").is_object())
    broken_shipped_file(file, "missing object 'indices'");
  std::map<std::string, index_rules, std::less<>> result;
  try {
    for (auto& [name, entry] : doc.at("indices").items())
      result.emplace(name, with_step(file, "indices." + name + ".strike_step",
                                     parse_rules(file, "indices." + name, entry), entry.value("strike_step", 0.0)));
    if (!doc.contains("stocks") || !doc.at("stocks").contains("strike_steps"))
      broken_shipped_file(file, "missing object 'stocks.strike_steps'");
    const auto& stocks = doc.at("stocks");
    auto stock_rules = parse_rules(file, "stocks", stocks);
    stock_rules.index = false;
    for (auto& [name, step] : stocks.at("strike_steps").items())
      if (!result.emplace(name, with_step(file, "stocks.strike_steps." + name, stock_rules, step.get<double>())).second)
        broken_shipped_file(file, "stocks.strike_steps." + name + " is an index too");
  } catch (const nlohmann::json::exception& e) { // a field of the wrong type
    broken_shipped_file(file, e.what());
  }
  return result;
}

const std::map<std::string, index_rules, std::less<>>& rule_table() {
  static const auto table = load_rules();
  return table;
}

const index_rules* rules_of(std::string_view index) {
  auto& table = rule_table();
  auto i = table.find(index);
  return i == table.end() ? nullptr : &i->second;
}

/// The rule period in force on a date, if any.
const rule_period* period_on(const index_rules& rules, day_number date) {
  const rule_period* found = nullptr;
  for (auto& p : rules.periods)
    if (p.from <= date)
      found = &p;
  return found;
}

/// Whether `date` is the last of its weekday in its calendar month.
bool last_of_month(day_number date) {
  using namespace std::chrono;
  auto month_of = [](day_number d) { return year_month_day{sys_days{days{d}}}.month(); };
  return month_of(date) != month_of(date + 7);
}

} // namespace

std::string_view to_string(exchange x) {
  return x == exchange::nse ? "NSE" : "BSE";
}

std::string_view to_string(expiry_kind x) {
  return x == expiry_kind::weekly ? "weekly" : "monthly";
}

const exchange_calendar& exchange_calendar::builtin(exchange venue) {
  static const exchange_calendar nse = load_calendar(exchange::nse);
  static const exchange_calendar bse = load_calendar(exchange::bse);
  return venue == exchange::nse ? nse : bse;
}

exchange_calendar::exchange_calendar(exchange venue, std::set<day_number> holidays, day_number covered_from,
                                     day_number covered_to)
  : venue_{venue}, holidays_{std::move(holidays)}, covered_from_{covered_from}, covered_to_{covered_to} {}

bool exchange_calendar::is_holiday(day_number date) const {
  return holidays_.count(date) > 0;
}

bool exchange_calendar::is_trading_day(day_number date) const {
  return weekday(date) < saturday && !is_holiday(date);
}

day_number exchange_calendar::previous_trading_day(day_number date) const {
  do
    --date;
  while (!is_trading_day(date));
  return date;
}

day_number exchange_calendar::next_trading_day(day_number date) const {
  do
    ++date;
  while (!is_trading_day(date));
  return date;
}

std::vector<day_number> exchange_calendar::sessions(day_number from, day_number to) const {
  std::vector<day_number> result;
  for (auto date = from; date <= to; ++date)
    if (is_trading_day(date))
      result.push_back(date);
  return result;
}

epoch_ms exchange_calendar::session_open(day_number date) {
  return ist_instant(date, 9, 15);
}

epoch_ms exchange_calendar::session_close(day_number date) {
  return ist_instant(date, 15, 30);
}

bool exchange_calendar::is_open(epoch_ms t) const {
  auto date = ist_date(t);
  return is_trading_day(date) && t >= session_open(date) && t < session_close(date);
}

epoch_ms exchange_calendar::next_open(epoch_ms t) const {
  if (is_open(t))
    return t;
  auto date = ist_date(t);
  if (is_trading_day(date) && t < session_open(date))
    return session_open(date);
  return session_open(next_trading_day(date));
}

exchange exchange_of(std::string_view index) {
  auto rules = rules_of(index);
  return rules ? rules->venue : exchange::nse;
}

std::optional<double> default_strike_step(std::string_view index) {
  auto rules = rules_of(index);
  if (!rules)
    return std::nullopt;
  return rules->strike_step;
}

bool has_expiry_rules(std::string_view index) {
  return rules_of(index) != nullptr;
}

bool is_known_index(std::string_view name) {
  auto rules = rules_of(name);
  return rules && rules->index;
}

std::vector<expiry_date> expiries(std::string_view index, day_number from, int count,
                                  const exchange_calendar& calendar) {
  std::vector<expiry_date> result;
  auto rules = rules_of(index);
  if (!rules || count <= 0)
    return result;
  // Walk scheduled (pre-holiday) dates from `from` on: a holiday only moves an expiry earlier, so no
  // scheduled date before `from` can land on or after it. Every rule period has a monthly, so the
  // walk meets at least one expiry a month and ends.
  for (auto date = std::max(from, rules->periods.front().from); static_cast<int>(result.size()) < count; ++date) {
    auto rule = period_on(*rules, date);
    auto day = weekday(date);
    bool monthly = day == rule->monthly && last_of_month(date);
    bool weekly = rule->weekly && day == *rule->weekly;
    if (!monthly && !weekly)
      continue;
    auto actual = calendar.is_trading_day(date) ? date : calendar.previous_trading_day(date);
    if (actual < from)
      continue;
    auto kind = monthly ? expiry_kind::monthly : expiry_kind::weekly;
    // Two scheduled dates that a long closure folds onto one trading day are one expiry.
    if (!result.empty() && result.back().date == actual) {
      if (kind == expiry_kind::monthly)
        result.back().kind = kind;
      continue;
    }
    result.push_back({actual, kind});
  }
  return result;
}

} // namespace g6
