// rate_window.hpp — the rate limit g6-fake-kite enforces on an endpoint class, as Kite does: a sliding
// window. A rate of r requests a second allows n = max(1, floor(r)) requests in any window of n / r
// seconds: 3/s is 3 in any second, 0.5/s is 1 in any 2 s, 2.5/s is 2 in any 0.8 s. Fractional rates
// count, so "0 violations" at --quote-rate 0.5 means the client kept one request per 2 s. Time is passed
// in (milliseconds of a monotonic clock). Pure code.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

namespace g6 {

/// Why `rate` is not a usable requests-per-second limit (nan, infinite, not above 0, over 1,000,000).
std::optional<std::string> rate_problem(double rate);

class rate_window {
public:
  /// `rate` > 0 and finite (the caller checks); arrivals up to `tolerance_ms` early still count as
  /// within the limit (network jitter).
  rate_window(double rate, int64_t tolerance_ms);

  /// Records a request at now_ms when it is within the limit; false (nothing recorded) when over it.
  bool admit(int64_t now_ms);

  size_t capacity() const { return capacity_; }
  int64_t window_ms() const { return window_ms_; }

private:
  size_t capacity_;
  int64_t window_ms_; // already shortened by the tolerance
  std::deque<int64_t> arrivals_;
};

} // namespace g6
