// kite_quotes.hpp — Kite Connect's market quote answers (GET /quote and GET /quote/ltp), parsed with
// simdjson into plain structs keyed by "EXCHANGE:TRADINGSYMBOL", and their mapping to g6's quotes.
// Timestamps are IST wall-clock strings ("2021-06-08 15:45:56") turned into UTC instants.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "actors/provider/kite/kite_error.hpp"
#include "messages/market.hpp"

namespace g6 {

struct kite_depth_level {
  double price = 0;
  int64_t quantity = 0;
  int64_t orders = 0;
};

/// One instrument's quote; fields /quote/ltp leaves out stay at their defaults.
struct kite_quote {
  uint64_t instrument_token = 0;
  double last_price = 0;
  int64_t volume = 0;
  double oi = 0;
  double oi_day_high = 0;
  double oi_day_low = 0;
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  epoch_ms timestamp = 0;       // 0 when absent
  epoch_ms last_trade_time = 0; // 0 when absent
  std::array<kite_depth_level, 5> buy{};
  std::array<kite_depth_level, 5> sell{};
};

/// The data map of a quote answer, by "EXCHANGE:TRADINGSYMBOL".
using kite_quotes = std::map<std::string, kite_quote, std::less<>>;

/// Parses a successful /quote or /quote/ltp body. Malformed JSON, a missing data object or a field of
/// the wrong type is kite_errc::malformed with a snippet; {"status":"error",...} is classified as
/// classify_failure does (HTTP 200 assumed).
kite_result<kite_quotes> parse_quotes(std::string_view body);

/// "2021-06-08 15:45:56" (IST) as an instant; nullopt when malformed.
std::optional<epoch_ms> parse_kite_time(std::string_view text);

/// g6's quote of an option from Kite's: the best bid and ask of the depth, the quote's timestamp (the
/// last trade time when there is none). Kite does not report the previous session's open interest,
/// so oi_change is 0.
option_quote to_option_quote(uint64_t token, const kite_quote& q);

} // namespace g6
