// ticker_frame.hpp — one binary message of Kite's WebSocket ticker read into ticks. Kite packs many
// instruments' ticks into one message: a 2-byte packet count, then each packet behind its 2-byte length;
// a packet's size says what it holds (8 LTP, 28/32 index quote/full, 44 quote, 184 full with depth). All
// integers are big-endian; prices are integers scaled by a divisor that depends on the instrument's
// segment (the low byte of its token). The reader walks the message in place: no copy, no allocation,
// no exception, and on any bytes at all it stops where the message stops making sense and says why.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "messages/enum_names.hpp"
#include "messages/kite_tick_mode.hpp"
#include "messages/market.hpp"

namespace g6 {

/// Kite's exchange segments, as the low byte of an instrument token carries them.
enum class kite_segment : uint8_t {
  unknown = 0, // a low byte Kite does not document
  nse = 1,
  nfo = 2,
  cds = 3, // NSE currency derivatives
  bse = 4,
  bfo = 5,
  bcd = 6, // BSE currency derivatives
  mcx = 7,
  mcxsx = 8,
  indices = 9,
};

inline constexpr enum_names<kite_segment, 10> kite_segment_names{{
  {kite_segment::unknown, "unknown"},
  {kite_segment::nse, "nse"},
  {kite_segment::nfo, "nfo"},
  {kite_segment::cds, "cds"},
  {kite_segment::bse, "bse"},
  {kite_segment::bfo, "bfo"},
  {kite_segment::bcd, "bcd"},
  {kite_segment::mcx, "mcx"},
  {kite_segment::mcxsx, "mcxsx"},
  {kite_segment::indices, "indices"},
}};

constexpr std::string_view to_string(kite_segment x) {
  return name_of(kite_segment_names, x);
}

/// The segment an instrument token belongs to: its low byte.
constexpr kite_segment segment_of(uint32_t instrument_token) {
  auto low = instrument_token & 0xffu;
  return low >= 1 && low <= 9 ? static_cast<kite_segment>(low) : kite_segment::unknown;
}

/// What a packet's integer prices are divided by to give rupees: paise (100) everywhere except NSE
/// currency derivatives (10^7) and BSE currency derivatives (10^4).
constexpr double price_divisor(kite_segment segment) {
  switch (segment) {
    case kite_segment::cds:
      return 10'000'000.0;
    case kite_segment::bcd:
      return 10'000.0;
    default:
      return 100.0;
  }
}

/// One level of the order book.
struct kite_depth_entry {
  int64_t quantity = 0;
  double price = 0; // rupees
  int32_t orders = 0;
};

/// Exactly what one packet carries; fields its size does not carry stay 0. Prices in rupees (the
/// segment's divisor applied), quantities in units, times as Unix epoch seconds (0: not carried).
struct kite_tick {
  uint32_t instrument_token = 0;
  kite_tick_mode mode = kite_tick_mode::ltp;
  bool is_index = false; // segment 9: not tradable, no volume or depth
  double last_price = 0;
  // Quote and full (44, 184 bytes).
  int64_t last_quantity = 0;
  double average_price = 0;
  int64_t volume = 0;
  int64_t total_buy_quantity = 0;
  int64_t total_sell_quantity = 0;
  // Quote and full, index quote and full (28, 32 bytes).
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  double change = 0; // index packets only: Kite's change against the previous close, in rupees
  // Full (184 bytes); exchange_time also in index full (32 bytes).
  int64_t last_trade_time = 0;
  int64_t oi = 0;
  int64_t oi_day_high = 0;
  int64_t oi_day_low = 0;
  int64_t exchange_time = 0;
  std::array<kite_depth_entry, 5> bids{};
  std::array<kite_depth_entry, 5> asks{};
};

/// Packet sizes Kite sends, in bytes.
inline constexpr size_t ltp_packet_size = 8;
inline constexpr size_t index_quote_packet_size = 28;
inline constexpr size_t index_full_packet_size = 32;
inline constexpr size_t quote_packet_size = 44;
inline constexpr size_t full_packet_size = 184;

/// What was wrong with a message. One value per message, the gravest: a structural problem ends the
/// reading (the ticks before it were delivered); unknown_packet_size only when nothing else was wrong.
enum class ticker_frame_problem : uint8_t {
  none,
  truncated_header,      // fewer than the 2 bytes of the packet count (and not a 1-byte heartbeat)
  truncated_packet,      // the message ends before a packet's 2-byte length: fewer packets than counted
  packet_beyond_message, // a packet's length runs past the end of the message
  unknown_packet_size,   // packets of a size Kite does not document were skipped (counted)
  trailing_bytes,        // bytes left after the counted packets (those packets were delivered)
};

inline constexpr enum_names<ticker_frame_problem, 6> ticker_frame_problem_names{{
  {ticker_frame_problem::none, "none"},
  {ticker_frame_problem::truncated_header, "truncated_header"},
  {ticker_frame_problem::truncated_packet, "truncated_packet"},
  {ticker_frame_problem::packet_beyond_message, "packet_beyond_message"},
  {ticker_frame_problem::unknown_packet_size, "unknown_packet_size"},
  {ticker_frame_problem::trailing_bytes, "trailing_bytes"},
}};

constexpr std::string_view to_string(ticker_frame_problem x) {
  return name_of(ticker_frame_problem_names, x);
}

/// How a message went, once it has been read to its end.
struct ticker_frame_outcome {
  bool heartbeat = false;       // a 1-byte message: the connection is alive, nothing else
  uint32_t packets_counted = 0; // the message's packet count
  uint32_t ticks = 0;           // packets delivered as ticks
  uint32_t unknown_packets = 0; // packets skipped for their size
  size_t trailing_bytes = 0;    // bytes after the counted packets
  ticker_frame_problem problem = ticker_frame_problem::none;
};

/// Reads one binary message tick by tick, in place; the bytes must outlive the reader.
///
///     ticker_frame_reader reader{message};
///     kite_tick tick;
///     while (reader.next(tick))
///       use(tick);
///     auto outcome = reader.outcome();
class ticker_frame_reader {
public:
  explicit ticker_frame_reader(std::span<const std::byte> message);
  explicit ticker_frame_reader(std::string_view message);

  /// The next packet as a tick, skipping (and counting) packets of unknown size; false at the end of
  /// the message or at a problem that ends it. `out` is overwritten whole when true, untouched when false.
  bool next(kite_tick& out);

  /// The counts so far and the problem; final once next() has returned false.
  const ticker_frame_outcome& outcome() const { return outcome_; }

private:
  const std::byte* position_;
  const std::byte* end_;
  uint32_t packets_left_ = 0;
  ticker_frame_outcome outcome_;
};

/// g6's quote of an option from a tick: the best bid and ask of the depth (0 when the tick carries
/// none), the exchange time (the last trade time when it has none; 0 for ltp and quote ticks, which
/// carry no time: the tick book stamps those). Kite does not send the previous session's open
/// interest, so oi_change is 0.
option_quote to_option_quote(const kite_tick& tick);

} // namespace g6
