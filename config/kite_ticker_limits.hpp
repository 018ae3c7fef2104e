// kite_ticker_limits.hpp — Kite's limits on its WebSocket ticker (3,000 instruments a connection, 3
// connections an app) and the strike margin g6 subscribes around each window: shared by the config check
// that bounds a ticker's demand at load (ticker_capacity.hpp) and the ticker that places instruments at run
// time (ticker_plan.hpp).
#pragma once

#include <cstddef>

namespace g6 {

inline constexpr size_t kite_ticker_instruments_per_connection = 3000;
inline constexpr size_t kite_ticker_connections_per_app = 3;
/// Listed strikes subscribed beyond each side of a cycle's window, so that a move of ATM finds the strikes
/// entering the window already streaming.
inline constexpr size_t ticker_strike_margin = 5;

/// Instruments a ticker of `connections` connections holds.
constexpr size_t ticker_capacity(size_t connections) {
  return connections * kite_ticker_instruments_per_connection;
}

} // namespace g6
