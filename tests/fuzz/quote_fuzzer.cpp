// quote_fuzzer.cpp — libFuzzer target: any bytes through the Kite quote answer parser and the failure
// classifier. They must return a quote map or a typed error, never crash, hang or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "actors/provider/kite/kite_quotes.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body{reinterpret_cast<const char*>(data), size};
  auto parsed = g6::parse_quotes(body);
  if (parsed)
    for (auto& [key, q] : *parsed)
      (void)g6::to_option_quote(q.instrument_token, q);
  (void)g6::classify_failure(500, body);
  return 0;
}
