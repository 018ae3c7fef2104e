// token_bucket.hpp — the rate limit of one Kite endpoint class (quotes 1/s, others 10/s by default):
// a bucket of `burst` requests refilled at `rate` per second. Time is passed in (milliseconds of a
// monotonic clock), so the arithmetic is testable without waiting.
#pragma once

#include <cstdint>

namespace g6 {

class token_bucket {
public:
  /// A full bucket at `now_ms`. rate > 0, burst >= 1.
  token_bucket(double rate_per_second, double burst, int64_t now_ms);

  /// Takes one request's token when one is available at now_ms.
  bool try_take(int64_t now_ms);

  /// Milliseconds from now_ms until a token is available (0: now).
  int64_t wait_ms(int64_t now_ms) const;

  /// After a 429: halve the rate (not below `floor` per second) and empty the bucket.
  void slow_down(double floor, int64_t now_ms);

  /// After a success: raise a lowered rate by a quarter, up to `nominal`.
  void recover(double nominal);

  double rate() const { return rate_; }

private:
  void refill(int64_t now_ms);
  double rate_;
  double burst_;
  double tokens_;
  int64_t last_ms_;
};

} // namespace g6
