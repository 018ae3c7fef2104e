// time_to_expiry.hpp — how long an option has left, in the years the pricing formulas take. Options
// expire at 15:30 IST on their expiry day; the year fraction depends on a day-count basis.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "config/calendar.hpp"
#include "messages/market.hpp"

namespace g6 {

/// How time to expiry is measured. Each basis is one enumerator and one case in years_to_expiry.
enum class time_basis : uint8_t {
  calendar_365, // every minute counts: minutes to expiry / (365·24·60)
  trading_252,  // only trading minutes count: the rest of today's session (09:15–15:30 IST) plus every
                // whole session after it up to and including the expiry's, over 252 sessions of 375
                // minutes; nights, weekends and exchange holidays do not decay
};

std::string_view to_string(time_basis x);
std::optional<time_basis> parse_time_basis(std::string_view text);

/// The instant an option expiring on `expiry` stops trading: 15:30 IST that day.
epoch_ms expiry_instant(day_number expiry);

/// Years from `now` to expiry_instant(expiry) under `basis`; zero or negative once expired (the
/// calendar minutes past expiry, on the basis's own scale). trading_252 counts the sessions of
/// `calendar`.
double years_to_expiry(epoch_ms now, day_number expiry, time_basis basis,
                       const exchange_calendar& calendar = exchange_calendar::builtin(exchange::nse));

} // namespace g6
