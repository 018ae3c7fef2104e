#include "actors/provider/kite/ticker/ticker_encoder.hpp"

#include <algorithm>
#include <cmath>

#include "actors/provider/kite/ticker/ticker_layout.hpp"

namespace g6 {

namespace {

namespace L = ticker_layout;

void put_short(std::string& out, size_t at, uint32_t value) {
  out[at] = static_cast<char>(value >> 8 & 0xffu);
  out[at + 1] = static_cast<char>(value & 0xffu);
}

void put_word(std::string& out, size_t at, uint32_t value) {
  for (size_t i = 0; i < 4; ++i)
    out[at + i] = static_cast<char>(value >> (24 - 8 * i) & 0xffu);
}

// Writes fields of one packet that starts at `base` of the message.
struct packet_writer {
  std::string& out;
  size_t base;
  double divisor;
  void unsigned_field(size_t offset, int64_t value) const {
    put_word(out, base + offset, static_cast<uint32_t>(value));
  }
  void price(size_t offset, double rupees) const {
    put_word(out, base + offset, static_cast<uint32_t>(static_cast<int32_t>(std::llround(rupees * divisor))));
  }
  void depth(size_t offset, const std::array<kite_depth_entry, 5>& side) const {
    for (auto& entry : side) {
      unsigned_field(offset + L::depth_quantity, entry.quantity);
      price(offset + L::depth_price, entry.price);
      put_short(out, base + offset + L::depth_orders, static_cast<uint32_t>(entry.orders));
      offset += L::depth_entry_size;
    }
  }
};

} // namespace

size_t packet_size_of(const kite_tick& tick) {
  bool index = segment_of(tick.instrument_token) == kite_segment::indices;
  switch (tick.mode) {
    case kite_tick_mode::ltp:
      return ltp_packet_size;
    case kite_tick_mode::quote:
      return index ? index_quote_packet_size : quote_packet_size;
    case kite_tick_mode::full:
      return index ? index_full_packet_size : full_packet_size;
  }
  return ltp_packet_size;
}

void append_ticker_packet(const kite_tick& tick, std::string& message) {
  auto size = packet_size_of(tick);
  auto length_at = message.size();
  message.resize(length_at + L::length_size + size, '\0');
  put_short(message, length_at, static_cast<uint32_t>(size));
  packet_writer w{message, length_at + L::length_size, price_divisor(segment_of(tick.instrument_token))};
  w.unsigned_field(L::token, tick.instrument_token);
  w.price(L::last_price, tick.last_price);
  if (size == index_quote_packet_size || size == index_full_packet_size) {
    w.price(L::index_high, tick.high);
    w.price(L::index_low, tick.low);
    w.price(L::index_open, tick.open);
    w.price(L::index_close, tick.close);
    w.price(L::index_change, tick.change);
    if (size == index_full_packet_size)
      w.unsigned_field(L::index_exchange_time, tick.exchange_time);
    return;
  }
  if (size == ltp_packet_size)
    return;
  w.unsigned_field(L::last_quantity, tick.last_quantity);
  w.price(L::average_price, tick.average_price);
  w.unsigned_field(L::volume, tick.volume);
  w.unsigned_field(L::total_buy_quantity, tick.total_buy_quantity);
  w.unsigned_field(L::total_sell_quantity, tick.total_sell_quantity);
  w.price(L::open, tick.open);
  w.price(L::high, tick.high);
  w.price(L::low, tick.low);
  w.price(L::close, tick.close);
  if (size != full_packet_size)
    return;
  w.unsigned_field(L::last_trade_time, tick.last_trade_time);
  w.unsigned_field(L::oi, tick.oi);
  w.unsigned_field(L::oi_day_high, tick.oi_day_high);
  w.unsigned_field(L::oi_day_low, tick.oi_day_low);
  w.unsigned_field(L::exchange_time, tick.exchange_time);
  w.depth(L::depth, tick.bids);
  w.depth(L::asks, tick.asks);
}

std::string encode_ticker_message(std::span<const kite_tick> ticks) {
  ticks = ticks.first(std::min(ticks.size(), L::max_packets_per_message));
  std::string message(L::count_size, '\0');
  put_short(message, 0, static_cast<uint32_t>(ticks.size()));
  for (auto& tick : ticks)
    append_ticker_packet(tick, message);
  return message;
}

std::string ticker_heartbeat() {
  return std::string(L::heartbeat_size, '\0');
}

} // namespace g6
