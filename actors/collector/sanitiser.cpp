#include "actors/collector/sanitiser.hpp"

#include <cmath>
#include <numeric>

namespace g6 {

std::string_view to_string(drop_reason x) {
  switch (x) {
    case drop_reason::nan:
      return "nan";
    case drop_reason::negative:
      return "negative";
    case drop_reason::crossed:
      return "crossed";
    case drop_reason::zero:
      return "zero";
  }
  return "unknown";
}

uint32_t drop_counts::total() const {
  return std::accumulate(by_reason.begin(), by_reason.end(), uint32_t{0});
}

quote_verdict sanitise(const option_quote& quote, epoch_ms cycle_ts, epoch_ms max_age_ms) {
  quote_verdict verdict;
  auto finite = [](double x) { return std::isfinite(x); };
  if (!finite(quote.last_price) || !finite(quote.bid) || !finite(quote.ask) || !finite(quote.oi)
      || !finite(quote.oi_change)) {
    verdict.dropped = drop_reason::nan;
    return verdict;
  }
  // oi_change may be negative: open interest falls when positions close.
  if (quote.last_price < 0 || quote.bid < 0 || quote.ask < 0 || quote.oi < 0 || quote.volume < 0) {
    verdict.dropped = drop_reason::negative;
    return verdict;
  }
  if (quote.bid > 0 && quote.ask > 0 && quote.bid > quote.ask) {
    verdict.dropped = drop_reason::crossed;
    return verdict;
  }
  if (quote.last_price == 0 && quote.bid == 0 && quote.ask == 0) {
    verdict.dropped = drop_reason::zero;
    return verdict;
  }
  if (quote.bid == 0 || quote.ask == 0)
    verdict.flags |= flag_no_bid_ask;
  if (cycle_ts - quote.quote_ts > max_age_ms)
    verdict.flags |= flag_stale;
  return verdict;
}

} // namespace g6
