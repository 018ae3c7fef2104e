#include "messages/market.hpp"

#include <chrono>

namespace g6 {

epoch_ms wall_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string_view to_string(option_type x) {
  return x == option_type::call ? "CE" : "PE";
}

} // namespace g6
