// config_fuzzer.cpp — libFuzzer target: any bytes as a config file through the loader (bounds, parse,
// duplicate keys, schema and its messages, settings, the checks a schema cannot express). It must return
// settings or problems, never crash, hang or recurse without bound; settings it accepts must print and
// load back to the same settings.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "config/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const g6::environment no_env = [](std::string_view) { return std::optional<std::string>{}; };
  std::string_view text{reinterpret_cast<const char*>(data), size};
  auto loaded = g6::load_settings_json(text, no_env);
  if (loaded.value.has_value() == !loaded.problems.empty())
    std::abort(); // settings or problems, never both or neither
  if (loaded.value) {
    auto again = g6::load_settings_json(g6::settings_to_json(*loaded.value), no_env);
    if (!again.value || g6::settings_to_json(*again.value) != g6::settings_to_json(*loaded.value))
      std::abort();
  }
  return 0;
}
