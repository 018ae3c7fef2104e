// ticker_capacity.hpp — what the configured windows ask of a stream-mode Kite ticker, known when the config
// loads, against what it holds: 3,000 instruments on each connection of its own app and of its spill apps
// (ticker.connections of each, at most Kite's 3; providers.kite.ticker.spill_apps; kite_ticker_limits.hpp).
// A window
// of fixed strike and expiry counts has an upper bound; one with "all" strikes or expiries is sized only by
// the day's instrument dump, so the ticker reports it at run time (its ticker_capacity event) instead.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/kite_ticker_limits.hpp"
#include "config/loader.hpp"
#include "config/settings.hpp"

namespace g6 {

/// At most how many instruments a cycle of `index` subscribes: per expiry (a bucket each, or the number
/// given), the window's strikes and the margin on both sides, as calls and puts; and the index level.
/// nullopt when strikes or expiries are "all".
std::optional<size_t> ticker_instruments_bound(const index_settings& index);

/// The enabled underlyings' demand on a ticker: the bound of those with fixed windows, and the names of
/// those it cannot bound.
struct ticker_demand {
  size_t instruments = 0;
  std::vector<std::string> bounded;   // "NAME N", for messages
  std::vector<std::string> unbounded; // names with "all" strikes or expiries
};
ticker_demand ticker_demand_of(const std::vector<index_settings>& indices);

/// For each Kite app of the provider chain in stream mode: a problem at its ticker when the fixed windows
/// need more instruments than its connections and those of its spill apps hold, naming the numbers.
std::vector<config_problem> check_ticker_capacity(const settings& s);

} // namespace g6
