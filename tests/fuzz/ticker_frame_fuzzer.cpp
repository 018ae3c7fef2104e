// ticker_frame_fuzzer.cpp — libFuzzer target: any bytes as a Kite ticker binary message (every tick read
// and mapped to an option quote) and as a text message. Both must end with ticks and an outcome, or an
// event or a typed problem: never a crash, a hang or a read out of bounds.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "actors/provider/kite/ticker/ticker_frame.hpp"
#include "actors/provider/kite/ticker/ticker_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  g6::ticker_frame_reader reader{std::as_bytes(std::span{data, size})};
  g6::kite_tick tick;
  uint32_t ticks = 0;
  while (reader.next(tick)) {
    (void)g6::to_option_quote(tick);
    ++ticks;
  }
  auto& outcome = reader.outcome();
  if (outcome.ticks != ticks || outcome.ticks + outcome.unknown_packets > outcome.packets_counted)
    __builtin_trap();
  (void)g6::parse_ticker_text(std::string_view{reinterpret_cast<const char*>(data), size});
  return 0;
}
