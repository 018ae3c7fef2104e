// fake_ticker.hpp — the ticker side of g6-fake-kite without sockets: one WebSocket connection's
// subscriptions as Kite's JSON requests change them ({"a":"subscribe"|"unsubscribe","v":[tokens]},
// {"a":"mode","v":["ltp"|"quote"|"full",[tokens]]}), Kite's limits (3,000 instruments a connection, 3
// connections an API key), and when each instrument is due to tick again (about once a second). fake_kite
// owns one per connection and turns the due instruments into ticks of its market.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/provider/kite/ticker/ticker_frame.hpp"

namespace g6 {

/// Kite's limits, and the fake's cadence.
inline constexpr size_t ticker_max_instruments = 3000;        // per connection
inline constexpr size_t ticker_max_connections_per_key = 3;   // concurrent, per API key
inline constexpr size_t ticker_max_request_bytes = 64 * 1024; // a client message longer is dropped unread
inline constexpr int64_t ticker_tick_interval_ms = 1000;      // each instrument ticks this often; heartbeats too
inline constexpr kite_tick_mode ticker_default_mode = kite_tick_mode::quote; // Kite's mode for a new subscription

/// What a client's text message was.
enum class ticker_request_kind : uint8_t { subscribe, unsubscribe, mode, malformed };

struct ticker_request_outcome {
  ticker_request_kind kind = ticker_request_kind::malformed;
  size_t tokens = 0;  // tokens the request named
  size_t refused = 0; // subscriptions beyond ticker_max_instruments, not made
  std::string reply;  // a text message for the client (Kite's {"type":"error","data":...}); empty: none
};

/// One connection's instruments: mode and when each is next due.
class ticker_subscriptions {
public:
  /// Applies one text message. Anything but a well-formed request (not JSON, an unknown action, a token
  /// that is not an integer in 0..2^32-1, a bad mode) changes nothing and is `malformed`. Subscriptions
  /// beyond the limit are refused with an error reply; new ones are due at once in the default mode; a
  /// mode applies to subscribed instruments only (others are ignored, as unsubscribed ones tick nothing).
  ticker_request_outcome apply(std::string_view text);

  /// The instruments due at `now_ms`, in token order, each next due a tick interval later.
  std::vector<std::pair<uint32_t, kite_tick_mode>> take_due(int64_t now_ms);

  size_t size() const { return instruments_.size(); }

private:
  struct instrument {
    kite_tick_mode mode = ticker_default_mode;
    int64_t due_ms = 0;
  };
  std::map<uint32_t, instrument> instruments_;
};

} // namespace g6
