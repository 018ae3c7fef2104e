// ticker_encoder.hpp — the inverse of ticker_frame_reader: kite_tick values written as one binary message
// of Kite's ticker (a 2-byte packet count, each packet behind its 2-byte length, big-endian, prices times
// the segment's divisor), and the 1-byte heartbeat. g6-fake-kite sends what it writes, and `g6 bench
// ticker` reads it; the field offsets are ticker_layout.hpp's, the reader's own.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "actors/provider/kite/ticker/ticker_frame.hpp"

namespace g6 {

/// The packet size a tick is written in: its mode, and for an index (segment 9) the index packets
/// (8 ltp, 28 quote, 32 full; else 8, 44, 184).
size_t packet_size_of(const kite_tick& tick);

/// Appends one tick as a packet behind its 2-byte length. The packet's size follows packet_size_of;
/// fields that size does not carry are not written. Prices are rounded to the nearest integer after
/// scaling; quantities and times are written as their low 32 bits.
void append_ticker_packet(const kite_tick& tick, std::string& message);

/// One binary message holding every tick in order. At most ticker_layout::max_packets_per_message
/// ticks (65,535: the count is 2 bytes); more is a programming error and is cut at that.
std::string encode_ticker_message(std::span<const kite_tick> ticks);

/// The 1-byte message Kite sends when it has nothing else to send.
std::string ticker_heartbeat();

} // namespace g6
