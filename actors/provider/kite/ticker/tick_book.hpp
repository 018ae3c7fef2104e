// tick_book.hpp — the latest tick of every streamed instrument, with when it arrived. A cycle in stream
// mode takes its quotes from here: a tick that arrived before `oldest` is stale and, like an instrument
// that never ticked, goes to REST. Kite sends an instrument's whole state in each tick of its mode, so
// the newest tick replaces the previous one outright. Between cycles the book also says which
// instruments ticked since it was last asked, for the live views (live_quotes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "actors/provider/kite/ticker/ticker_frame.hpp"
#include "messages/market.hpp"
#include "messages/observability.hpp"

namespace g6 {

struct booked_tick {
  kite_tick tick;
  epoch_ms received = 0; // the market clock when it arrived
};

/// The book's answer for a set of instruments.
struct book_snapshot {
  std::vector<booked_tick> fresh;
  std::vector<uint64_t> missing; // no tick, or a stale one, in the order asked
};

class tick_book {
public:
  /// Books ticks that arrived at `received` on the market clock (`received_wall` on the wall clock).
  void update(std::span<const kite_tick> ticks, epoch_ms received, epoch_ms received_wall = 0);

  /// The ticks of `tokens` that arrived at or after `oldest`; the others are missing.
  book_snapshot snapshot(std::span<const uint64_t> tokens, epoch_ms oldest) const;

  /// Forgets instruments no longer subscribed, so a stale price cannot outlive its subscription.
  void forget(std::span<const uint64_t> tokens);

  size_t size() const { return ticks_.size(); }

  /// Whether an instrument ticked since the last take_changes.
  bool changed() const { return !changed_.empty(); }

  /// The latest tick of every instrument that ticked since the last call, in token order: index levels
  /// (tokens in `index_of`, named by it) as spots, the rest as option quotes. A tick forgotten since is
  /// left out.
  live_quotes take_changes(const std::map<uint64_t, std::string>& index_of);

private:
  std::unordered_map<uint64_t, booked_tick> ticks_;
  std::unordered_set<uint64_t> changed_;
  epoch_ms newest_received_ = 0;
  epoch_ms newest_received_wall_ = 0;
  epoch_ms oldest_pending_wall_ = 0; // the first arrival since the last take_changes
};

/// The quote a booked tick gives: to_option_quote, stamped with its arrival when the tick carries no time.
option_quote to_option_quote(const booked_tick& booked);

/// The index level a booked index tick gives.
index_spot to_index_spot(const booked_tick& booked, const std::string& index);

} // namespace g6
