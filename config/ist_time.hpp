// ist_time.hpp — Indian Standard Time (UTC+05:30, no DST) conversions between instants (epoch_ms, UTC)
// and market dates/times. Market logic speaks IST; storage speaks UTC epoch milliseconds.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "messages/market.hpp"

namespace g6 {

inline constexpr epoch_ms ist_offset_ms = (5 * 60 + 30) * 60 * 1000;
inline constexpr epoch_ms ms_per_day = 24LL * 60 * 60 * 1000;

/// The IST calendar date of an instant.
day_number ist_date(epoch_ms t);

/// Milliseconds since IST midnight of an instant.
epoch_ms ist_time_of_day(epoch_ms t);

/// The instant of a wall-clock time (hours, minutes) in IST on a date.
epoch_ms ist_instant(day_number date, int hour, int minute, int second = 0);

/// Day of week of a date: 0 = Monday ... 6 = Sunday (ISO order).
int weekday(day_number date);

/// "YYYY-MM-DD" <-> day_number. parse_date returns nullopt for anything that is not a valid date.
std::string format_date(day_number date);
std::optional<day_number> parse_date(std::string_view text);
day_number make_date(int year, unsigned month, unsigned day);

/// ISO 8601 with an explicit offset ("2026-11-26T09:15:00+05:30", "...Z"), to an instant; nullopt when
/// malformed. Seconds and fractional seconds are optional.
std::optional<epoch_ms> parse_iso8601(std::string_view text);

/// An instant as IST ISO 8601, "2026-11-26T09:15:00.000+05:30".
std::string format_ist(epoch_ms t);

} // namespace g6
