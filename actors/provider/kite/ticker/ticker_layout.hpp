// ticker_layout.hpp — where each field sits in a packet of Kite's binary ticker, in bytes from the start
// of the packet (after its 2-byte length). One copy of the layout, shared by the reader
// (ticker_frame.cpp) and the encoder (ticker_encoder.cpp), so that the two cannot drift apart. Every
// field is a big-endian 4-byte integer except a depth entry's order count (2 bytes) and padding.
#pragma once

#include <cstddef>

namespace g6::ticker_layout {

// Every packet: token, then the last price.
inline constexpr size_t token = 0;
inline constexpr size_t last_price = 4;

// Index packets (28 bytes quote, 32 full).
inline constexpr size_t index_high = 8;
inline constexpr size_t index_low = 12;
inline constexpr size_t index_open = 16;
inline constexpr size_t index_close = 20;
inline constexpr size_t index_change = 24;
inline constexpr size_t index_exchange_time = 28; // full only

// Tradable instruments' quote (44 bytes) and full (184) packets.
inline constexpr size_t last_quantity = 8;
inline constexpr size_t average_price = 12;
inline constexpr size_t volume = 16;
inline constexpr size_t total_buy_quantity = 20;
inline constexpr size_t total_sell_quantity = 24;
inline constexpr size_t open = 28;
inline constexpr size_t high = 32;
inline constexpr size_t low = 36;
inline constexpr size_t close = 40;
// Full only.
inline constexpr size_t last_trade_time = 44;
inline constexpr size_t oi = 48;
inline constexpr size_t oi_day_high = 52;
inline constexpr size_t oi_day_low = 56;
inline constexpr size_t exchange_time = 60;
// 5 bids then 5 asks, each entry: quantity (4), price (4), orders (2), padding (2).
inline constexpr size_t depth = 64;
inline constexpr size_t depth_levels = 5;
inline constexpr size_t depth_entry_size = 12;
inline constexpr size_t depth_quantity = 0;
inline constexpr size_t depth_price = 4;
inline constexpr size_t depth_orders = 8;
inline constexpr size_t asks = depth + depth_levels * depth_entry_size;

// A message: a 2-byte packet count, then each packet behind a 2-byte length; a heartbeat is 1 byte.
inline constexpr size_t count_size = 2;
inline constexpr size_t length_size = 2;
inline constexpr size_t heartbeat_size = 1;
inline constexpr size_t max_packets_per_message = 0xffff;

} // namespace g6::ticker_layout
