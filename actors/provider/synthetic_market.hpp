// synthetic_market.hpp — a deterministic imitation of the Indian index and stock options market, for
// tests and demos. Every answer is a pure function of (seed, index or token, instant): two markets with the same
// seed agree on everything, whatever order and thread they are asked from.
//
// The model, briefly:
// - Each underlying (config/synthetic_underlyings.hpp) has a slowly wandering anchor level (smooth noise around a
// realistic base level). A
//   session opens a small overnight gap away from the previous close and closes near the next day's
//   anchor, walking there minute by minute (a Brownian bridge in log space, annualised vol 12–16%).
// - Instruments: the calendar's expiries (the next four expiries' weeklies plus the next three
//   monthlies; a stock has monthlies only), strikes on the underlying's step around the previous close,
//   a call and a put for each.
// - Quotes: Black-76 on the forward with a volatility smile and term structure, on the 0.05 tick,
//   spreads widening away from the money, volume and open interest concentrated near the money.
//
// Tokens encode (index, expiry, strike, type), so quote(token) needs no lookup table. Trading symbols
// follow the Zerodha/NSE scheme: weekly NIFTY25D0225000CE (YY, month 1–9/O/N/D, DD), monthly
// NIFTY25DEC25000CE (YY, three-letter month).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "config/calendar.hpp"
#include "messages/expected.hpp"
#include "messages/market.hpp"

namespace g6 {

enum class market_errc : uint8_t {
  unknown_index,   // not an underlying of config/synthetic_underlyings.hpp
  no_expiry_rules, // the calendar lists no expiries for the index on that date
};

struct market_error {
  market_errc code = market_errc::unknown_index;
  std::string message; // names the index and, where it matters, the date
};

/// A market answer or the reason there is none.
template <class T>
using market_result = expected<T, market_error>;

/// What a synthetic token stands for.
struct synthetic_token {
  std::string_view index; // an underlying's name (static storage)
  day_number expiry = 0;
  double strike = 0;
  option_type type = option_type::call;
  friend bool operator==(const synthetic_token&, const synthetic_token&) = default;
};

/// The token of an option of the synthetic market; nullopt for an unknown index or a strike that is
/// not a positive multiple of the index's strike step.
std::optional<uint64_t> encode_synthetic_token(const synthetic_token& option);

/// The option a token stands for; nullopt when the token is not a synthetic one.
std::optional<synthetic_token> decode_synthetic_token(uint64_t token);

/// An option of the synthetic market as its instrument list names it: the token and the trading symbol
/// (weekly or monthly style by `expiry.kind`); nullopt where encode_synthetic_token has no token. The
/// market quotes any such option of a calendar expiry within 20% of the index level, listed or not.
std::optional<option_instrument> synthetic_instrument(std::string_view index, const expiry_date& expiry, double strike,
                                                      option_type type);

/// A uniform draw in (0, 1), a pure function of its arguments: the dice of deterministic fault
/// injection, independent of every draw the market itself makes.
double seeded_uniform(uint64_t seed, uint64_t key, uint64_t subkey);

class synthetic_market {
public:
  explicit synthetic_market(uint64_t seed);

  uint64_t seed() const { return seed_; }

  /// The index level at `t`. Outside a session, the last session's final values (ts = its close).
  market_result<index_spot> spot(std::string_view index, epoch_ms t) const;

  /// The option universe of an index on a date (a trading day or not).
  market_result<instrument_list> instruments(std::string_view index, day_number session) const;

  /// The quote of an option at `t`: nullopt for a token that is not synthetic, names an expiry the
  /// calendar does not know, has expired (after 15:30 IST of its expiry day), or a strike further
  /// than 20% from the index level (never listed). Outside a session, the last session's close.
  std::optional<option_quote> quote(uint64_t token, epoch_ms t) const;

private:
  struct session_cache;
  uint64_t seed_;
  // Memoised intraday paths; their content is a pure function of the seed, so sharing is harmless.
  std::shared_ptr<session_cache> cache_;
};

} // namespace g6
