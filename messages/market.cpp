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

std::string_view to_string(expiry_bucket x) {
  switch (x) {
    case expiry_bucket::this_week: return "this_week";
    case expiry_bucket::next_week: return "next_week";
    case expiry_bucket::this_month: return "this_month";
    case expiry_bucket::next_month: return "next_month";
  }
  return "unknown";
}

std::optional<expiry_bucket> parse_expiry_bucket(std::string_view text) {
  for (auto bucket : all_expiry_buckets)
    if (to_string(bucket) == text)
      return bucket;
  return std::nullopt;
}

} // namespace g6
