#include "config/ist_time.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace g6 {

namespace {

using namespace std::chrono;

epoch_ms floor_div(epoch_ms a, epoch_ms b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

bool parse_int(std::string_view text, int& out) {
  if (text.empty())
    return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

} // namespace

day_number ist_date(epoch_ms t) {
  return static_cast<day_number>(floor_div(t + ist_offset_ms, ms_per_day));
}

epoch_ms ist_time_of_day(epoch_ms t) {
  return t + ist_offset_ms - static_cast<epoch_ms>(ist_date(t)) * ms_per_day;
}

epoch_ms ist_instant(day_number date, int hour, int minute, int second) {
  return static_cast<epoch_ms>(date) * ms_per_day + ((hour * 60LL + minute) * 60 + second) * 1000 - ist_offset_ms;
}

int weekday(day_number date) {
  // 1970-01-01 was a Thursday (ISO index 3).
  return static_cast<int>(((static_cast<epoch_ms>(date) % 7) + 7 + 3) % 7);
}

day_number make_date(int year, unsigned month, unsigned day) {
  return static_cast<day_number>(
    sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}}.time_since_epoch().count());
}

std::string format_date(day_number date) {
  year_month_day ymd{sys_days{days{date}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

std::optional<day_number> parse_date(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !parse_int(text.substr(0, 4), y)
      || !parse_int(text.substr(5, 2), m) || !parse_int(text.substr(8, 2), d) || m < 1 || d < 1)
    return std::nullopt;
  year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                     std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok())
    return std::nullopt;
  return static_cast<day_number>(sys_days{ymd}.time_since_epoch().count());
}

std::optional<epoch_ms> parse_iso8601(std::string_view text) {
  // YYYY-MM-DDTHH:MM[:SS[.fff]](Z|+HH:MM|-HH:MM)
  if (text.size() < 17 || (text[10] != 'T' && text[10] != ' '))
    return std::nullopt;
  auto date = parse_date(text.substr(0, 10));
  int hour = 0, minute = 0, second = 0, millis = 0;
  if (!date || text[13] != ':' || !parse_int(text.substr(11, 2), hour) || !parse_int(text.substr(14, 2), minute)
      || hour > 23 || minute > 59)
    return std::nullopt;
  size_t pos = 16;
  if (pos < text.size() && text[pos] == ':') {
    if (!parse_int(text.substr(pos + 1, 2), second) || second > 59)
      return std::nullopt;
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      size_t start = ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
        ++pos;
      if (pos == start)
        return std::nullopt;
      std::string digits{text.substr(start, std::min<size_t>(pos - start, 3))};
      digits.resize(3, '0');
      parse_int(digits, millis);
    }
  }
  if (pos >= text.size())
    return std::nullopt;
  epoch_ms offset = 0;
  auto zone = text.substr(pos);
  if (zone != "Z") {
    int oh = 0, om = 0;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' || !parse_int(zone.substr(1, 2), oh)
        || !parse_int(zone.substr(4, 2), om) || oh > 23 || om > 59)
      return std::nullopt;
    offset = (oh * 60LL + om) * 60 * 1000 * (zone[0] == '-' ? -1 : 1);
  }
  return static_cast<epoch_ms>(*date) * ms_per_day + ((hour * 60LL + minute) * 60 + second) * 1000 + millis - offset;
}

std::string format_ist(epoch_ms t) {
  auto local = ist_time_of_day(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lld.%03lld+05:30", format_date(ist_date(t)).c_str(),
                static_cast<long long>(local / 3600000), static_cast<long long>(local / 60000 % 60),
                static_cast<long long>(local / 1000 % 60), static_cast<long long>(local % 1000));
  return buf;
}

} // namespace g6
