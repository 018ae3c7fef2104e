// sanitiser.hpp — whether a provider's quote is usable. Providers are not trusted: a quote with a NaN
// or infinite field, a negative price or size, a crossed book, or no price at all is dropped with its
// reason (counted per reason by the collector); a usable quote is kept with quality flags
// (quote_flag in messages/market.hpp) for a one-sided book or age. Whether a price is under intrinsic
// value is the analytics' call: for European index options the bound is the discounted forward's
// intrinsic value, which only the pricing model knows (a deep ITM put legitimately trades under K − S).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "messages/market.hpp"

namespace g6 {

enum class drop_reason : uint8_t {
  nan = 0,      // a NaN or infinite price, size or open interest
  negative = 1, // negative last price, bid, ask, open interest or volume
  crossed = 2,  // bid above ask, both quoted
  zero = 3,     // no last price and no bid or ask
};
inline constexpr int drop_reason_count = 4;
inline constexpr std::array<drop_reason, drop_reason_count> all_drop_reasons{drop_reason::nan, drop_reason::negative,
                                                                             drop_reason::crossed, drop_reason::zero};

/// "nan", "negative", "crossed", "zero".
std::string_view to_string(drop_reason x);

/// Drops per reason over a cycle.
struct drop_counts {
  std::array<uint32_t, drop_reason_count> by_reason{};
  void add(drop_reason x) { ++by_reason[static_cast<size_t>(x)]; }
  uint32_t operator[](drop_reason x) const { return by_reason[static_cast<size_t>(x)]; }
  uint32_t total() const;
};

/// The sanitiser's decision on one quote.
struct quote_verdict {
  std::optional<drop_reason> dropped; // set: unusable, not stored
  uint32_t flags = 0;                 // quote_flag bits of a kept quote
  bool kept() const { return !dropped; }
};

/// Judges `quote` in the cycle at `cycle_ts`. Drop reasons are checked in the order nan, negative,
/// crossed, zero; the first that applies is reported. A kept quote is flagged no_bid_ask when the bid or
/// the ask is 0, and stale when `quote_ts` is more than `max_age_ms` before `cycle_ts` (a quote without
/// a timestamp, 0, is stale).
quote_verdict sanitise(const option_quote& quote, epoch_ms cycle_ts, epoch_ms max_age_ms);

} // namespace g6
