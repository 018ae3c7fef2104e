// ticker_benchmark.hpp — `g6 bench ticker`: how fast one core reads Kite ticker messages into ticks, per
// mode (ltp, quote, full), on realistic messages: NFO option tokens, prices of a few rupees to tens of
// thousands in paise, a full book of depth, many packets per message as Kite batches them. The issue's
// target is 10 M full packets/s. A checksum over the decoded fields keeps the work from being optimised
// away and lets two runs of the same seed be compared.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "actors/provider/kite/ticker/ticker_frame.hpp"

namespace g6 {

struct ticker_bench_options {
  size_t packets = 10'000'000; // per mode
  size_t packets_per_message = 100;
  uint64_t seed = 20261204;
};

/// One mode's showing.
struct ticker_mode_showing {
  kite_tick_mode mode = kite_tick_mode::ltp;
  size_t packet_size = 0;
  size_t packets = 0; // parsed, a whole number of messages
  double seconds = 0;
  double packets_per_second = 0;
  double ns_per_packet = 0;
  double megabytes_per_second = 0; // of message bytes
  double checksum = 0;
};

struct ticker_bench_report {
  ticker_bench_options options;
  std::array<ticker_mode_showing, 3> modes{}; // ltp, quote, full
};

/// The full-mode rate the issue asks for, in packets per second.
inline constexpr double ticker_full_target_per_second = 10e6;

/// Builds the messages and reads them per mode.
ticker_bench_report run_ticker_benchmark(const ticker_bench_options& options);

/// The report as `g6 bench ticker` prints it, ending with whether the full-mode target was met.
std::string format_ticker_bench(const ticker_bench_report& report);

} // namespace g6
