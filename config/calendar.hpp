// calendar.hpp — exchange calendars: trading days and hours (09:15–15:30 IST, weekends and exchange
// holidays closed) and the expiry rules of each index with their effective dates. Holidays ship in
// config/calendars/ (compiled in); an expiry that falls on a holiday moves to the previous trading day.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "messages/market.hpp"

namespace g6 {

enum class exchange { nse, bse };
std::string_view to_string(exchange x); // "NSE", "BSE"

enum class expiry_kind { weekly, monthly };
std::string_view to_string(expiry_kind x); // "weekly", "monthly"

struct expiry_date {
  day_number date = 0;
  expiry_kind kind = expiry_kind::weekly;
  friend bool operator==(const expiry_date&, const expiry_date&) = default;
};

/// Trading days and hours of one exchange.
class exchange_calendar {
public:
  /// The shipped calendar of an exchange (config/calendars/<nse|bse>_holidays.json).
  static const exchange_calendar& builtin(exchange venue);

  exchange_calendar(exchange venue, std::set<day_number> holidays, day_number covered_from, day_number covered_to);

  exchange venue() const { return venue_; }
  /// First and last date whose holidays are known; outside it only weekends are closed.
  day_number covered_from() const { return covered_from_; }
  day_number covered_to() const { return covered_to_; }

  bool is_holiday(day_number date) const;
  bool is_trading_day(day_number date) const;
  day_number previous_trading_day(day_number date) const; // strictly before
  day_number next_trading_day(day_number date) const;     // strictly after
  /// Trading days in [from, to].
  std::vector<day_number> sessions(day_number from, day_number to) const;

  /// 09:15 and 15:30 IST of a date.
  static epoch_ms session_open(day_number date);
  static epoch_ms session_close(day_number date);
  /// True when t lies in [09:15, 15:30) IST of a trading day.
  bool is_open(epoch_ms t) const;
  /// t itself when open, else the next session's opening instant.
  epoch_ms next_open(epoch_ms t) const;

private:
  exchange venue_;
  std::set<day_number> holidays_;
  day_number covered_from_;
  day_number covered_to_;
};

/// The exchange an index trades on: SENSEX and BANKEX on BSE, the rest on NSE.
exchange exchange_of(std::string_view index);

/// Strike step of the synthetic market and the default universe: NIFTY 50, BANKNIFTY 100, FINNIFTY 50,
/// MIDCPNIFTY 25, SENSEX 100, and the stocks the rules list (RELIANCE 10, ...); a live provider's
/// instrument list is the authority.
std::optional<double> default_strike_step(std::string_view index);

/// Whether the rules know this underlying: an index, or a stock of the rules' stock list (monthly
/// expiries only, NSE's stock option rules).
bool has_expiry_rules(std::string_view index);

/// Whether the rules know this name as an index (not a stock).
bool is_known_index(std::string_view name);

/// The next `count` expiries of an index on or after `from` (an expiry on `from` itself counts), by the
/// exchange rules in force on each date, holiday-shifted to the previous trading day. A weekly expiry
/// that is also the month's expiry is listed once, as monthly. Empty for an index without rules.
std::vector<expiry_date> expiries(std::string_view index, day_number from, int count,
                                  const exchange_calendar& calendar);

} // namespace g6
