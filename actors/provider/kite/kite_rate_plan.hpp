// kite_rate_plan.hpp — whether the configured universe fits Kite's quote rate limit: the options a
// cycle asks for (at most), the merged quote calls that takes (500 instruments each, plus one call for
// the index levels) and the seconds those calls need at the configured rate, against the interval.
// Said at start-up, so an impossible config is known before the market opens. A full chain (strikes or
// expiries "all") is sized by the instrument dump only: the sentence names it as not counted.
#pragma once

#include <string>

#include "config/settings.hpp"

namespace g6 {

struct kite_rate_plan {
  size_t options = 0;     // upper bound: expiries × strikes × 2 per enabled index, full chains left out
  size_t quote_calls = 0; // per cycle, including the index-level call
  double seconds = 0;     // quote_calls / quote rate
  double interval = 0;    // collection.interval_seconds
  bool fits = true;
  std::string sentence; // the arithmetic, for the start-up event and log
};

/// The plan of the enabled indices of `cfg` at the quote rate of `app`.
kite_rate_plan plan_rate(const settings& cfg, const kite_settings& app);

} // namespace g6
