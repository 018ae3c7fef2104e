#include "actors/analytics/time_to_expiry.hpp"

#include "config/ist_time.hpp"

namespace g6 {

namespace {

constexpr double ms_per_minute = 60'000;
constexpr double minutes_per_calendar_year = 365.0 * 24 * 60;

} // namespace

std::string_view to_string(time_basis x) {
  switch (x) {
    case time_basis::calendar_365: return "calendar_365";
  }
  return "unknown";
}

epoch_ms expiry_instant(day_number expiry) {
  return ist_instant(expiry, 15, 30);
}

double years_to_expiry(epoch_ms now, day_number expiry, time_basis basis) {
  auto minutes = static_cast<double>(expiry_instant(expiry) - now) / ms_per_minute;
  switch (basis) {
    case time_basis::calendar_365: return minutes / minutes_per_calendar_year;
  }
  return minutes / minutes_per_calendar_year;
}

} // namespace g6
