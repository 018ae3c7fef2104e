// instruments_fuzzer.cpp — libFuzzer target: any bytes through the Kite instrument CSV parser, and the
// rows it accepts back through the writer and the parser again, which must give the same rows.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "actors/provider/kite/kite_instruments.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view csv{reinterpret_cast<const char*>(data), size};
  auto parsed = g6::parse_instruments_csv(csv);
  if (!parsed)
    return 0;
  auto& dump = parsed;
  auto again = g6::parse_instruments_csv(g6::format_instruments_csv(dump->rows));
  auto& second = again;
  if (!second || second->rows.size() != dump->rows.size())
    std::abort();
  for (size_t i = 0; i < dump->rows.size(); ++i)
    if (second->rows[i].tradingsymbol != dump->rows[i].tradingsymbol || second->rows[i].name != dump->rows[i].name
        || second->rows[i].expiry != dump->rows[i].expiry)
      std::abort();
  return 0;
}
