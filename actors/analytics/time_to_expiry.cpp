#include "actors/analytics/time_to_expiry.hpp"

#include <algorithm>

#include "config/ist_time.hpp"

namespace g6 {

namespace {

constexpr double ms_per_minute = 60'000;
constexpr double minutes_per_calendar_year = 365.0 * 24 * 60;
constexpr double minutes_per_session = 375; // 09:15 to 15:30
constexpr double minutes_per_trading_year = 252 * minutes_per_session;

double minutes_between(epoch_ms from, epoch_ms to) {
  return static_cast<double>(to - from) / ms_per_minute;
}

/// Trading minutes from `now` to the close of the expiry's session.
double trading_minutes(epoch_ms now, day_number expiry, const exchange_calendar& calendar) {
  auto today = ist_date(now);
  double minutes = 0;
  if (calendar.is_trading_day(today)) {
    auto open = exchange_calendar::session_open(today);
    auto close = exchange_calendar::session_close(today);
    minutes += minutes_between(std::clamp(now, open, close), close);
  }
  if (expiry > today)
    minutes += minutes_per_session * static_cast<double>(calendar.sessions(today + 1, expiry).size());
  return minutes;
}

} // namespace

std::string_view to_string(time_basis x) {
  switch (x) {
    case time_basis::calendar_365:
      return "calendar_365";
    case time_basis::trading_252:
      return "trading_252";
  }
  return "unknown";
}

std::optional<time_basis> parse_time_basis(std::string_view text) {
  for (auto basis : {time_basis::calendar_365, time_basis::trading_252})
    if (text == to_string(basis))
      return basis;
  return std::nullopt;
}

epoch_ms expiry_instant(day_number expiry) {
  return ist_instant(expiry, 15, 30);
}

double years_to_expiry(epoch_ms now, day_number expiry, time_basis basis, const exchange_calendar& calendar) {
  auto calendar_minutes = minutes_between(now, expiry_instant(expiry));
  switch (basis) {
    case time_basis::calendar_365:
      return calendar_minutes / minutes_per_calendar_year;
    case time_basis::trading_252:
      if (calendar_minutes <= 0)
        return calendar_minutes / minutes_per_trading_year;
      return trading_minutes(now, expiry, calendar) / minutes_per_trading_year;
  }
  return calendar_minutes / minutes_per_calendar_year;
}

} // namespace g6
