#include "actors/provider/kite/token_bucket.hpp"

#include <algorithm>
#include <cmath>

namespace g6 {

token_bucket::token_bucket(double rate_per_second, double burst, int64_t now_ms)
  : rate_(rate_per_second), burst_(std::max(1.0, burst)), tokens_(burst_), last_ms_(now_ms) {}

void token_bucket::refill(int64_t now_ms) {
  if (now_ms > last_ms_) {
    tokens_ = std::min(burst_, tokens_ + static_cast<double>(now_ms - last_ms_) * rate_ / 1000.0);
    last_ms_ = now_ms;
  }
}

bool token_bucket::try_take(int64_t now_ms) {
  refill(now_ms);
  if (tokens_ < 1.0)
    return false;
  tokens_ -= 1.0;
  return true;
}

int64_t token_bucket::wait_ms(int64_t now_ms) const {
  double tokens = tokens_;
  if (now_ms > last_ms_)
    tokens = std::min(burst_, tokens + static_cast<double>(now_ms - last_ms_) * rate_ / 1000.0);
  if (tokens >= 1.0)
    return 0;
  // The epsilon keeps rounding noise from adding a millisecond.
  return static_cast<int64_t>(std::ceil((1.0 - tokens) * 1000.0 / rate_ - 1e-6));
}

void token_bucket::slow_down(double floor, int64_t now_ms) {
  refill(now_ms);
  rate_ = std::max(floor, rate_ / 2);
  tokens_ = 0;
}

void token_bucket::recover(double nominal) {
  rate_ = std::min(nominal, rate_ * 1.25);
}

} // namespace g6
