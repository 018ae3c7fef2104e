#include "tools/fake_kite/rate_window.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace g6 {

namespace {

// Bounds that keep the arithmetic in range for any positive rate: a million requests per window, and a
// window of at most a year.
constexpr double max_capacity = 1e6;
constexpr double max_window_ms = 365.0 * 86'400'000.0;

} // namespace

std::optional<std::string> rate_problem(double rate) {
  if (std::isfinite(rate) && rate > 0 && rate <= max_capacity)
    return std::nullopt;
  return fmt::format("{} is not a rate in requests per second (a number above 0, at most {:.0f})", rate, max_capacity);
}

rate_window::rate_window(double rate, int64_t tolerance_ms) {
  auto n = std::clamp(std::floor(rate), 1.0, max_capacity);
  capacity_ = static_cast<size_t>(n);
  auto window = std::min(1000.0 * n / rate, max_window_ms);
  window_ms_ = std::max<int64_t>(1, std::llround(window) - tolerance_ms);
}

bool rate_window::admit(int64_t now_ms) {
  while (!arrivals_.empty() && arrivals_.front() <= now_ms - window_ms_)
    arrivals_.pop_front();
  if (arrivals_.size() >= capacity_)
    return false;
  arrivals_.push_back(now_ms);
  return true;
}

} // namespace g6
