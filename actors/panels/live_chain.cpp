#include "actors/panels/live_chain.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "actors/collector/sanitiser.hpp"

namespace g6 {

namespace {

// The flags a quote brings (the sanitiser's); the others are the pricing's, set again by price_chain.
constexpr uint32_t quote_flags = flag_no_bid_ask | flag_stale;

bool same_quote(const option_quote& a, const option_quote& b) {
  return a.last_price == b.last_price && a.bid == b.bid && a.ask == b.ask && a.volume == b.volume && a.oi == b.oi
         && a.quote_ts == b.quote_ts;
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

/// The snapshot's rows as the chain request a cycle would price: one expiry_chain per expiry, in the
/// order the rows list them, each leg with its row's quote and the flags that quote brought.
chain_request request_of(const index_snapshot& snapshot) {
  chain_request request;
  request.index = snapshot.overview.index;
  std::unordered_map<day_number, size_t> chain_of;
  for (auto& row : snapshot.options) {
    auto [at, added] = chain_of.try_emplace(row.expiry, request.expiries.size());
    if (added)
      request.expiries.push_back(expiry_chain{row.expiry, row.bucket, {}});
    chain_leg leg;
    leg.instrument = option_instrument{row.token, row.symbol, row.expiry, row.strike, row.type};
    leg.quote =
      option_quote{row.token, row.last_price, row.bid, row.ask, row.volume, row.oi, row.oi_change, row.quote_ts};
    leg.flags = row.flags & quote_flags;
    request.expiries[at->second].legs.push_back(std::move(leg));
  }
  return request;
}

std::unordered_map<uint64_t, chain_leg*> legs_by_token(chain_request& request) {
  std::unordered_map<uint64_t, chain_leg*> leg_of;
  for (auto& chain : request.expiries)
    for (auto& leg : chain.legs)
      leg_of.emplace(leg.instrument.token, &leg);
  return leg_of;
}

} // namespace

live_change apply_live_quotes(index_snapshot& snapshot, const live_quotes& quotes, const live_pricing& pricing) {
  live_change change;
  change.spot_moved = move_spot(snapshot, quotes);
  auto request = request_of(snapshot);
  auto leg_of = legs_by_token(request);
  for (auto& quote : quotes.options) {
    auto at = leg_of.find(quote.token);
    if (at == leg_of.end())
      continue;
    auto& leg = *at->second;
    if (quote.quote_ts < leg.quote.quote_ts || same_quote(leg.quote, quote))
      continue;
    if (!sanitise(quote, quotes.as_of, pricing.max_quote_age_ms).kept()) {
      ++change.rejected;
      continue;
    }
    leg.quote = quote;
    ++change.applied;
  }
  if (!change.changed())
    return change;
  // Priced at the tick's time, every quote flagged by the sanitiser at that instant (a quote ages).
  request.ts = std::max(quotes.as_of, snapshot.overview.ts);
  request.spot = snapshot.overview.underlying;
  for (auto& chain : request.expiries)
    for (auto& leg : chain.legs)
      if (auto verdict = sanitise(leg.quote, request.ts, pricing.max_quote_age_ms); verdict.kept())
        leg.flags = verdict.flags;
  auto priced = price_chain(request, pricing.analytics);
  snapshot.options = std::move(priced.detailed.result.rows);
  return change;
}

} // namespace g6
