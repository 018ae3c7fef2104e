// ticker_figures.hpp — the live counters of an app's ticker, shared by the three parties that move them:
// the I/O thread (frames, ticks, last frame per connection), the ticker actor (connection states,
// reconnects, subscriptions) and the provider (quotes served from the stream or by REST). Atomics, so
// the provider's status answer reads them without asking anyone. The ticker has connections of its own app
// and of each spill app; each connection's app is kept so that an operator sees which app streams.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "actors/provider/kite/ticker/ticker_link.hpp"
#include "actors/provider/kite/ticker/ticker_plan.hpp"
#include "messages/kite_tick_mode.hpp"
#include "messages/ticker_reading.hpp"

namespace g6 {

struct ticker_figures {
  /// One connection for each entry of `connection_apps`: the provider name of its app.
  explicit ticker_figures(std::vector<std::string> connection_apps);

  const std::vector<std::string> connection_apps; // the provider name of each connection's app
  std::atomic<uint64_t> frames{0};                // binary messages, heartbeats included
  std::atomic<uint64_t> heartbeats{0};
  std::atomic<uint64_t> malformed_frames{0};       // binary messages the reader found a problem in
  std::atomic<uint64_t> unknown_packets{0};        // packets skipped for a size Kite does not document
  std::atomic<uint64_t> text_errors{0};            // Kite's {"type":"error"} messages
  std::array<std::atomic<uint64_t>, 3> ticks{};    // by kite_tick_mode
  std::vector<std::atomic<int64_t>> last_frame_ms; // steady, per connection
  std::vector<std::atomic<ticker_link_state>> states;
  std::array<std::atomic<uint64_t>, 4> reconnects{}; // by ticker_loss
  std::atomic<uint64_t> subscribed{0};
  std::atomic<uint64_t> left_out{0};        // wanted instruments no connection had room for
  std::atomic<uint64_t> quotes_streamed{0}; // quotes and levels a cycle took from the tick book
  std::atomic<uint64_t> quotes_fallback{0}; // ... and those fetched by REST instead (no fresh tick)
};

/// The figures now, as the provider's status reports them; `now` is steady ms (for the last frame's age).
ticker_reading read_ticker_figures(const ticker_figures& figures, int64_t now);

} // namespace g6
