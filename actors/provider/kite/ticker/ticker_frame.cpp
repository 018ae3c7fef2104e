#include "actors/provider/kite/ticker/ticker_frame.hpp"

#include "actors/provider/kite/ticker/ticker_layout.hpp"

namespace g6 {

namespace {

// Kite documents every field as int32. Prices (and the index change) are read signed, so that a
// negative price or change reads as one; quantities, open interest and times unsigned, as Kite's own
// clients read them (a day's volume may pass 2^31 units; a uint32 epoch lasts to 2106).
uint32_t unsigned_at(const std::byte* p, size_t offset) {
  p += offset;
  return (std::to_integer<uint32_t>(p[0]) << 24) | (std::to_integer<uint32_t>(p[1]) << 16)
         | (std::to_integer<uint32_t>(p[2]) << 8) | std::to_integer<uint32_t>(p[3]);
}

int32_t signed_at(const std::byte* p, size_t offset) {
  return static_cast<int32_t>(unsigned_at(p, offset));
}

uint16_t short_at(const std::byte* p, size_t offset) {
  return static_cast<uint16_t>((std::to_integer<uint32_t>(p[offset]) << 8) | std::to_integer<uint32_t>(p[offset + 1]));
}

struct price_reader {
  const std::byte* packet;
  double divisor;
  double operator()(size_t offset) const { return signed_at(packet, offset) / divisor; }
};

void read_depth(const std::byte* packet, const price_reader& price, std::array<kite_depth_entry, 5>& side,
                size_t offset) {
  for (auto& entry : side) {
    entry.quantity = unsigned_at(packet, offset + ticker_layout::depth_quantity);
    entry.price = price(offset + ticker_layout::depth_price);
    entry.orders = short_at(packet, offset + ticker_layout::depth_orders);
    offset += ticker_layout::depth_entry_size;
  }
}

// One packet of a documented size (8, 28, 32, 44 or 184 bytes) into `out`; false, leaving `out`
// untouched, for any other size.
bool decode_packet(std::span<const std::byte> packet, kite_tick& out) {
  auto size = packet.size();
  if (size != ltp_packet_size && size != index_quote_packet_size && size != index_full_packet_size
      && size != quote_packet_size && size != full_packet_size)
    return false;
  namespace L = ticker_layout;
  const std::byte* p = packet.data();
  auto& t = out;
  t = kite_tick{};
  t.instrument_token = unsigned_at(p, L::token);
  auto segment = segment_of(t.instrument_token);
  t.is_index = segment == kite_segment::indices;
  price_reader price{p, price_divisor(segment)};
  t.last_price = price(L::last_price);
  switch (size) {
    case ltp_packet_size:
      t.mode = kite_tick_mode::ltp;
      break;
    case index_quote_packet_size:
    case index_full_packet_size:
      t.mode = size == index_full_packet_size ? kite_tick_mode::full : kite_tick_mode::quote;
      t.high = price(L::index_high);
      t.low = price(L::index_low);
      t.open = price(L::index_open);
      t.close = price(L::index_close);
      t.change = price(L::index_change);
      if (size == index_full_packet_size)
        t.exchange_time = unsigned_at(p, L::index_exchange_time);
      break;
    default: // quote_packet_size, full_packet_size
      t.mode = size == full_packet_size ? kite_tick_mode::full : kite_tick_mode::quote;
      t.last_quantity = unsigned_at(p, L::last_quantity);
      t.average_price = price(L::average_price);
      t.volume = unsigned_at(p, L::volume);
      t.total_buy_quantity = unsigned_at(p, L::total_buy_quantity);
      t.total_sell_quantity = unsigned_at(p, L::total_sell_quantity);
      t.open = price(L::open);
      t.high = price(L::high);
      t.low = price(L::low);
      t.close = price(L::close);
      if (size == full_packet_size) {
        t.last_trade_time = unsigned_at(p, L::last_trade_time);
        t.oi = unsigned_at(p, L::oi);
        t.oi_day_high = unsigned_at(p, L::oi_day_high);
        t.oi_day_low = unsigned_at(p, L::oi_day_low);
        t.exchange_time = unsigned_at(p, L::exchange_time);
        read_depth(p, price, t.bids, L::depth);
        read_depth(p, price, t.asks, L::asks);
      }
      break;
  }
  return true;
}

} // namespace

ticker_frame_reader::ticker_frame_reader(std::span<const std::byte> message)
  : position_(message.data()), end_(message.data() + message.size()) {
  auto size = message.size();
  if (size == ticker_layout::heartbeat_size) {
    outcome_.heartbeat = true;
    position_ = end_;
    return;
  }
  if (size < ticker_layout::count_size) {
    outcome_.problem = ticker_frame_problem::truncated_header;
    return;
  }
  packets_left_ = short_at(position_, 0);
  outcome_.packets_counted = packets_left_;
  position_ += ticker_layout::count_size;
}

ticker_frame_reader::ticker_frame_reader(std::string_view message)
  : ticker_frame_reader(std::as_bytes(std::span{message.data(), message.size()})) {}

bool ticker_frame_reader::next(kite_tick& out) {
  auto structural = [this](ticker_frame_problem problem) {
    outcome_.problem = problem;
    packets_left_ = 0;
    position_ = end_;
    return false;
  };
  while (packets_left_ > 0) {
    auto left = static_cast<size_t>(end_ - position_);
    if (left < ticker_layout::length_size)
      return structural(ticker_frame_problem::truncated_packet);
    size_t length = short_at(position_, 0);
    if (left - ticker_layout::length_size < length)
      return structural(ticker_frame_problem::packet_beyond_message);
    std::span<const std::byte> packet{position_ + ticker_layout::length_size, length};
    position_ += ticker_layout::length_size + length;
    --packets_left_;
    if (decode_packet(packet, out)) {
      ++outcome_.ticks;
      return true;
    }
    ++outcome_.unknown_packets;
    outcome_.problem = ticker_frame_problem::unknown_packet_size;
  }
  if (position_ != end_) {
    outcome_.trailing_bytes = static_cast<size_t>(end_ - position_);
    return structural(ticker_frame_problem::trailing_bytes);
  }
  return false;
}

option_quote to_option_quote(const kite_tick& tick) {
  option_quote q;
  q.token = tick.instrument_token;
  q.last_price = tick.last_price;
  q.bid = tick.bids[0].price;
  q.ask = tick.asks[0].price;
  q.volume = tick.volume;
  q.oi = static_cast<double>(tick.oi);
  q.oi_change = 0;
  auto seconds = tick.exchange_time != 0 ? tick.exchange_time : tick.last_trade_time;
  q.quote_ts = seconds * 1000;
  return q;
}

} // namespace g6
