#include "config/calendar_report.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include "config/calendar.hpp"
#include "config/ist_time.hpp"

namespace g6 {

namespace {

constexpr int max_count = 1000;

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::string_view weekday_name(day_number date) {
  static constexpr std::string_view names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return names[weekday(date)];
}

std::optional<day_number> parse_option_date(const char* option, const std::string& text, calendar_report& report) {
  auto date = parse_date(text);
  if (!date)
    report.error = std::string{"bad "} + option + " date '" + text + "': expected YYYY-MM-DD";
  return date;
}

std::string coverage_note(const exchange_calendar& calendar) {
  return std::string{to_string(calendar.venue())} + " holidays are known from " + format_date(calendar.covered_from())
         + " to " + format_date(calendar.covered_to()) + "; outside that range only weekends are closed\n";
}

} // namespace

calendar_report expiries_report(const expiries_query& query) {
  calendar_report report;
  auto index = upper(query.index);
  if (!has_expiry_rules(index)) {
    report.error = "unknown index '" + query.index + "': no expiry rules for it in config/calendars/expiry_rules.json";
    return report;
  }
  auto from = parse_option_date("--from", query.from, report);
  if (!from)
    return report;
  int count = 0;
  auto [end, ec] = std::from_chars(query.count.data(), query.count.data() + query.count.size(), count);
  if (ec != std::errc{} || end != query.count.data() + query.count.size() || count < 1 || count > max_count) {
    report.error = "bad --count '" + query.count + "': expected a whole number from 1 to " + std::to_string(max_count);
    return report;
  }
  auto& calendar = exchange_calendar::builtin(exchange_of(index));
  auto listed = expiries(index, *from, count, calendar);
  auto first_ever = expiries(index, 0, 1, calendar).front().date;
  if (*from < first_ever)
    report.note += "no expiry rules are known before the " + format_date(first_ever) + " expiry of " + index
                   + "; nothing earlier is listed\n";
  if (listed.back().date > calendar.covered_to())
    report.note += coverage_note(calendar);
  if (query.json) {
    auto doc = nlohmann::json::array();
    for (auto& e : listed)
      doc.push_back({{"date", format_date(e.date)}, {"kind", to_string(e.kind)}});
    report.output = doc.dump(2) + "\n";
  } else {
    for (auto& e : listed)
      report.output +=
        format_date(e.date) + " " + std::string{weekday_name(e.date)} + " " + std::string{to_string(e.kind)} + "\n";
  }
  return report;
}

calendar_report sessions_report(const sessions_query& query) {
  calendar_report report;
  auto venue = upper(query.exchange);
  if (venue != "NSE" && venue != "BSE") {
    report.error = "unknown exchange '" + query.exchange + "': expected NSE or BSE";
    return report;
  }
  auto from = parse_option_date("--from", query.from, report);
  if (!from)
    return report;
  auto to = parse_option_date("--to", query.to, report);
  if (!to)
    return report;
  if (*from > *to) {
    report.error = "--from " + query.from + " is after --to " + query.to;
    return report;
  }
  auto& calendar = exchange_calendar::builtin(venue == "NSE" ? exchange::nse : exchange::bse);
  if (*from < calendar.covered_from() || *to > calendar.covered_to())
    report.note = coverage_note(calendar);
  auto days = calendar.sessions(*from, *to);
  if (query.json) {
    auto doc = nlohmann::json::array();
    for (auto date : days)
      doc.push_back(format_date(date));
    report.output = doc.dump(2) + "\n";
  } else {
    for (auto date : days)
      report.output += format_date(date) + " " + std::string{weekday_name(date)} + "\n";
  }
  return report;
}

} // namespace g6
