#include "actors/provider/kite/ticker/ticker_benchmark.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <vector>

namespace g6 {

namespace {

// Distinct messages per mode, cycled through: more than fit a small cache level, as a live feed would.
constexpr size_t distinct_messages = 64;

class message_builder {
public:
  void put16(uint32_t v) {
    bytes.push_back(static_cast<std::byte>(v >> 8));
    bytes.push_back(static_cast<std::byte>(v));
  }
  void put32(uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
      bytes.push_back(static_cast<std::byte>(v >> shift));
  }
  std::vector<std::byte> bytes;
};

size_t packet_size_of(kite_tick_mode mode) {
  switch (mode) {
  case kite_tick_mode::ltp:
    return ltp_packet_size;
  case kite_tick_mode::quote:
    return quote_packet_size;
  case kite_tick_mode::full:
    return full_packet_size;
  }
  return full_packet_size;
}

// One message of `packets` NFO option packets in `mode`.
std::vector<std::byte> make_message(kite_tick_mode mode, size_t packets, std::mt19937_64& rng) {
  std::uniform_int_distribution<uint32_t> instrument{1, 0xffffff};
  std::uniform_int_distribution<uint32_t> paise{5, 2'500'000};
  std::uniform_int_distribution<uint32_t> quantity{0, 50'000'000};
  std::uniform_int_distribution<uint32_t> spread{5, 500};
  constexpr uint32_t session_open = 1'764'819'900; // 2025-12-04 09:15 IST
  message_builder m;
  m.put16(static_cast<uint32_t>(packets));
  for (size_t i = 0; i < packets; ++i) {
    m.put16(static_cast<uint32_t>(packet_size_of(mode)));
    auto ltp = paise(rng);
    m.put32(instrument(rng) << 8 | 2u); // NFO
    m.put32(ltp);
    if (mode == kite_tick_mode::ltp)
      continue;
    m.put32(quantity(rng) % 1'000);       // last quantity
    m.put32(ltp);                         // average price
    for (int q = 0; q < 3; ++q)           // volume, total buy and sell quantity
      m.put32(quantity(rng));
    for (int p = 0; p < 4; ++p)           // open, high, low, close
      m.put32(paise(rng));
    if (mode == kite_tick_mode::quote)
      continue;
    auto now = session_open + static_cast<uint32_t>(quantity(rng) % 22'500);
    m.put32(now - 1);                     // last trade time
    for (int q = 0; q < 3; ++q)           // oi, oi day high, oi day low
      m.put32(quantity(rng));
    m.put32(now);                         // exchange time
    for (int side = 0; side < 2; ++side)
      for (uint32_t level = 0; level < 5; ++level) {
        m.put32(quantity(rng) % 100'000);
        m.put32(side == 0 ? ltp - std::min(ltp, (level + 1) * spread(rng)) : ltp + (level + 1) * spread(rng));
        m.put16(quantity(rng) % 200);
        m.put16(0);
      }
  }
  return std::move(m.bytes);
}

ticker_mode_showing run_mode(kite_tick_mode mode, const ticker_bench_options& o, std::mt19937_64& rng) {
  std::vector<std::vector<std::byte>> messages;
  for (size_t i = 0; i < distinct_messages; ++i)
    messages.push_back(make_message(mode, o.packets_per_message, rng));
  ticker_mode_showing s;
  s.mode = mode;
  s.packet_size = packet_size_of(mode);
  size_t bytes = 0;
  double checksum = 0;
  kite_tick tick;
  auto start = std::chrono::steady_clock::now();
  for (size_t m = 0; s.packets < o.packets; ++m) {
    auto& message = messages[m % distinct_messages];
    ticker_frame_reader reader{message};
    while (reader.next(tick))
      checksum += tick.last_price + static_cast<double>(tick.volume) + tick.close + tick.bids[0].price +
                  tick.asks[4].price + static_cast<double>(tick.exchange_time - tick.last_trade_time);
    s.packets += reader.outcome().ticks;
    bytes += message.size();
  }
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  s.packets_per_second = static_cast<double>(s.packets) / s.seconds;
  s.ns_per_packet = s.seconds * 1e9 / static_cast<double>(s.packets);
  s.megabytes_per_second = static_cast<double>(bytes) / s.seconds / 1e6;
  s.checksum = checksum;
  return s;
}

} // namespace

ticker_bench_report run_ticker_benchmark(const ticker_bench_options& options) {
  ticker_bench_report report;
  report.options = options;
  std::mt19937_64 rng{options.seed};
  size_t i = 0;
  for (auto mode : {kite_tick_mode::ltp, kite_tick_mode::quote, kite_tick_mode::full})
    report.modes[i++] = run_mode(mode, options, rng);
  return report;
}

std::string format_ticker_bench(const ticker_bench_report& r) {
  auto out = fmt::format(
    "g6 bench ticker: at least {} packets per mode on one core, in messages of {} NFO packets ({} distinct "
    "messages per mode, cycled), seed {}\n",
    r.options.packets, r.options.packets_per_message, distinct_messages, r.options.seed);
  for (auto& s : r.modes)
    out += fmt::format("  {:<6} {:>3} B: {:>7.2f} M packets/s  {:>6.1f} ns/packet  {:>7.0f} MB/s  ({} packets in "
                       "{:.3f} s)  checksum {:.6e}\n",
                       to_string(s.mode), s.packet_size, s.packets_per_second / 1e6, s.ns_per_packet,
                       s.megabytes_per_second, s.packets, s.seconds, s.checksum);
  auto& full = r.modes[2];
  out += fmt::format("target: >= {:.0f} M full packets/s: {}\n", ticker_full_target_per_second / 1e6,
                     full.packets_per_second >= ticker_full_target_per_second ? "met" : "not met");
  return out;
}

} // namespace g6
