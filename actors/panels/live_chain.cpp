#include "actors/panels/live_chain.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "actors/collector/sanitiser.hpp"

namespace g6 {

namespace {

// The flags a quote brings (the sanitiser's); the others are the pricing's, set again by price_chain.
constexpr uint32_t quote_flags = flag_no_bid_ask | flag_stale;

bool same_quote(const option_row& row, const option_quote& q) {
  return row.last_price == q.last_price && row.bid == q.bid && row.ask == q.ask && row.volume == q.volume
         && row.oi == q.oi && row.quote_ts == q.quote_ts;
}

bool move_spot(index_snapshot& snapshot, const live_quotes& quotes) {
  for (auto& spot : quotes.spots) {
    if (spot.index != snapshot.overview.index || spot.ts < snapshot.spot.ts || !std::isfinite(spot.last_price)
        || !(spot.last_price > 0) || spot.last_price == snapshot.overview.underlying)
      continue;
    snapshot.spot = spot;
    snapshot.overview.underlying = spot.last_price;
    return true;
  }
  return false;
}

/// The snapshot's rows as the request a cycle at `ts` would have priced: one expiry_chain per expiry, in
/// the order the rows list them, each quote flagged by the sanitiser at that instant (a quote ages).
chain_request request_of(const index_snapshot& snapshot, epoch_ms ts, epoch_ms max_quote_age_ms) {
  chain_request request;
  request.index = snapshot.overview.index;
  request.ts = ts;
  request.spot = snapshot.overview.underlying;
  std::unordered_map<day_number, size_t> chain_of;
  for (auto& row : snapshot.options) {
    auto [at, added] = chain_of.try_emplace(row.expiry, request.expiries.size());
    if (added)
      request.expiries.push_back(expiry_chain{row.expiry, row.bucket, {}});
    chain_leg leg;
    leg.instrument = option_instrument{row.token, row.symbol, row.expiry, row.strike, row.type};
    leg.quote = option_quote{row.token, row.last_price, row.bid, row.ask, row.volume, row.oi, row.oi_change, row.quote_ts};
    auto verdict = sanitise(leg.quote, ts, max_quote_age_ms);
    leg.flags = verdict.kept() ? verdict.flags : row.flags & quote_flags;
    request.expiries[at->second].legs.push_back(std::move(leg));
  }
  return request;
}

} // namespace

live_change apply_live_quotes(index_snapshot& snapshot, const live_quotes& quotes, const live_pricing& pricing) {
  live_change change;
  change.spot_moved = move_spot(snapshot, quotes);
  std::unordered_map<uint64_t, size_t> row_of;
  row_of.reserve(snapshot.options.size());
  for (size_t i = 0; i < snapshot.options.size(); ++i)
    row_of.emplace(snapshot.options[i].token, i);
  for (auto& quote : quotes.options) {
    auto at = row_of.find(quote.token);
    if (at == row_of.end())
      continue;
    auto& row = snapshot.options[at->second];
    if (quote.quote_ts < row.quote_ts || same_quote(row, quote))
      continue;
    auto verdict = sanitise(quote, quotes.as_of, pricing.max_quote_age_ms);
    if (!verdict.kept()) {
      ++change.rejected;
      continue;
    }
    row.last_price = quote.last_price;
    row.bid = quote.bid;
    row.ask = quote.ask;
    row.volume = quote.volume;
    row.oi = quote.oi;
    row.oi_change = quote.oi_change;
    row.quote_ts = quote.quote_ts;
    ++change.applied;
  }
  if (!change.changed())
    return change;
  auto ts = std::max(quotes.as_of, snapshot.overview.ts);
  auto priced = price_chain(request_of(snapshot, ts, pricing.max_quote_age_ms), pricing.analytics);
  snapshot.options = std::move(priced.detailed.result.rows);
  return change;
}

} // namespace g6
