#include "actors/provider/kite/ticker/tick_book.hpp"

#include <algorithm>

namespace g6 {

void tick_book::update(std::span<const kite_tick> ticks, epoch_ms received, epoch_ms received_wall) {
  if (changed_.empty() && !ticks.empty())
    oldest_pending_wall_ = received_wall;
  for (auto& tick : ticks) {
    ticks_.insert_or_assign(uint64_t{tick.instrument_token}, booked_tick{tick, received});
    changed_.insert(tick.instrument_token);
  }
  newest_received_ = std::max(newest_received_, received);
  newest_received_wall_ = std::max(newest_received_wall_, received_wall);
}

live_quotes tick_book::take_changes(const std::map<uint64_t, std::string>& index_of) {
  std::vector<uint64_t> tokens(changed_.begin(), changed_.end());
  std::sort(tokens.begin(), tokens.end());
  changed_.clear();
  live_quotes out;
  out.as_of = newest_received_;
  out.arrived_wall = newest_received_wall_;
  out.first_arrived_wall = oldest_pending_wall_;
  out.options.reserve(tokens.size());
  for (auto token : tokens) {
    auto i = ticks_.find(token);
    if (i == ticks_.end())
      continue;
    if (auto index = index_of.find(token); index != index_of.end())
      out.spots.push_back(to_index_spot(i->second, index->second));
    else
      out.options.push_back(to_option_quote(i->second));
  }
  return out;
}

book_snapshot tick_book::snapshot(std::span<const uint64_t> tokens, epoch_ms oldest) const {
  book_snapshot out;
  out.fresh.reserve(tokens.size());
  for (auto token : tokens) {
    auto i = ticks_.find(token);
    if (i != ticks_.end() && i->second.received >= oldest)
      out.fresh.push_back(i->second);
    else
      out.missing.push_back(token);
  }
  return out;
}

void tick_book::forget(std::span<const uint64_t> tokens) {
  for (auto token : tokens) {
    ticks_.erase(token);
    changed_.erase(token);
  }
}

option_quote to_option_quote(const booked_tick& booked) {
  auto quote = to_option_quote(booked.tick);
  if (quote.quote_ts == 0)
    quote.quote_ts = booked.received;
  return quote;
}

index_spot to_index_spot(const booked_tick& booked, const std::string& index) {
  auto& t = booked.tick;
  auto ts = t.exchange_time != 0 ? t.exchange_time * 1000 : booked.received;
  return index_spot{index, t.last_price, t.close, t.open, t.high, t.low, ts};
}

} // namespace g6
