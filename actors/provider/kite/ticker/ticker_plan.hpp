// ticker_plan.hpp — which instruments ride on which of a ticker's connections. Kite takes at most 3,000
// instruments on a connection and 3 connections per app; a ticker has its own app's 3 and then 3 for each
// spill app, in order. The plan keeps every instrument where it already is (a move would cost an
// unsubscribe and a subscribe), drops the ones no longer wanted, and puts new ones on the first connection
// with room, so that a small plan opens one connection, not three (a user's own KiteTicker may hold another
// of the app's three), and a spill app's connections open only once its predecessors' are full. What does
// not fit is left out and counted: those instruments are served by REST, and the owner reports the numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "config/kite_ticker_limits.hpp"

namespace g6 {

/// One connection's changes: what to subscribe and what to unsubscribe, in token order.
struct ticker_connection_change {
  std::vector<uint64_t> subscribe;
  std::vector<uint64_t> unsubscribe;
};

struct ticker_replan {
  std::vector<ticker_connection_change> changes; // one per connection
  std::vector<uint64_t> left_out;                // wanted, but no connection has room
};

class ticker_plan {
public:
  explicit ticker_plan(size_t connections = kite_ticker_connections_per_app,
                       size_t per_connection = kite_ticker_instruments_per_connection);

  /// Moves the plan to `wanted` and says what changes on each connection.
  ticker_replan replan(const std::set<uint64_t>& wanted);

  /// The instruments planned on connection `connection` (to subscribe again after a reconnect).
  std::vector<uint64_t> instruments_of(size_t connection) const;

  size_t connections() const { return loads_.size(); }
  size_t load(size_t connection) const { return loads_[connection]; }
  size_t planned() const { return placed_.size(); }

private:
  size_t per_connection_;
  std::map<uint64_t, size_t> placed_; // token -> connection
  std::vector<size_t> loads_;
};

/// What the cycles want streamed: every instrument asked for, with when it was last asked for. An
/// instrument is unwanted once the demands of a whole `window` before the newest left it out (ATM moved,
/// its expiry passed), not merely when nothing asked for a while: while no cycle asks at all (the provider's
/// breaker open, collection paused), everything stays wanted, so the cycles that resume find their ticks
/// instead of fetching every quote by REST again.
class instrument_demand {
public:
  explicit instrument_demand(int64_t window_ms = 0) : window_ms_(window_ms) {}

  /// Instruments asked for at `now_ms`; whether any was not wanted before.
  bool ask(const std::vector<uint64_t>& tokens, int64_t now_ms);
  /// Forgets the unwanted instruments; whether there were any.
  bool forget_unwanted();

  std::set<uint64_t> wanted() const;
  size_t size() const { return last_asked_.size(); }

private:
  int64_t window_ms_;
  int64_t newest_ms_ = 0;
  std::map<uint64_t, int64_t> last_asked_; // token -> when last asked for
};

} // namespace g6
