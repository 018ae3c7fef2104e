#include "actors/provider/kite/ticker/ticker_benchmark.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <vector>

#include "actors/provider/kite/ticker/ticker_encoder.hpp"

namespace g6 {

namespace {

// Distinct messages per mode, cycled through: more than fit a small cache level, as a live feed would.
constexpr size_t distinct_messages = 64;

size_t packet_size_of(kite_tick_mode mode) {
  kite_tick nfo;
  nfo.instrument_token = 2; // NFO
  nfo.mode = mode;
  return g6::packet_size_of(nfo);
}

// One message of `packets` NFO option packets in `mode`, written by the ticker encoder.
std::string make_message(kite_tick_mode mode, size_t packets, std::mt19937_64& rng) {
  std::uniform_int_distribution<uint32_t> instrument{1, 0xffffff};
  std::uniform_int_distribution<uint32_t> paise{5, 2'500'000};
  std::uniform_int_distribution<uint32_t> quantity{0, 50'000'000};
  std::uniform_int_distribution<uint32_t> spread{5, 500};
  constexpr uint32_t session_open = 1'764'819'900; // 2025-12-04 09:15 IST
  auto rupees = [](uint32_t p) { return p / 100.0; };
  std::vector<kite_tick> ticks(packets);
  for (auto& t : ticks) {
    t.mode = mode;
    auto ltp = paise(rng);
    t.instrument_token = instrument(rng) << 8 | 2u; // NFO
    t.last_price = rupees(ltp);
    if (mode == kite_tick_mode::ltp)
      continue;
    t.last_quantity = quantity(rng) % 1'000;
    t.average_price = t.last_price;
    t.volume = quantity(rng);
    t.total_buy_quantity = quantity(rng);
    t.total_sell_quantity = quantity(rng);
    t.open = rupees(paise(rng));
    t.high = rupees(paise(rng));
    t.low = rupees(paise(rng));
    t.close = rupees(paise(rng));
    if (mode == kite_tick_mode::quote)
      continue;
    auto now = session_open + quantity(rng) % 22'500;
    t.last_trade_time = now - 1;
    t.oi = quantity(rng);
    t.oi_day_high = quantity(rng);
    t.oi_day_low = quantity(rng);
    t.exchange_time = now;
    for (int side = 0; side < 2; ++side)
      for (uint32_t level = 0; level < 5; ++level) {
        auto& entry = side == 0 ? t.bids[level] : t.asks[level];
        entry.quantity = quantity(rng) % 100'000;
        entry.price =
          rupees(side == 0 ? ltp - std::min(ltp, (level + 1) * spread(rng)) : ltp + (level + 1) * spread(rng));
        entry.orders = static_cast<int32_t>(quantity(rng) % 200);
      }
  }
  return encode_ticker_message(ticks);
}

ticker_mode_showing run_mode(kite_tick_mode mode, const ticker_bench_options& o, std::mt19937_64& rng) {
  std::vector<std::string> messages;
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
      checksum += tick.last_price + static_cast<double>(tick.volume) + tick.close + tick.bids[0].price
                  + tick.asks[4].price + static_cast<double>(tick.exchange_time - tick.last_trade_time);
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
  auto out =
    fmt::format("g6 bench ticker: at least {} packets per mode on one core, in messages of {} NFO packets ({} distinct "
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
