// steady_time.hpp — the monotonic clock G6 measures real durations with (timeouts, heartbeats, rate
// limits, backoff, latency): wall-clock jumps must not end streams, refill token buckets or wake a
// reconnect early.
#pragma once

#include <chrono>
#include <cstdint>

namespace g6 {

inline int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
    .count();
}

inline int64_t steady_ms() {
  return steady_ns() / 1'000'000;
}

} // namespace g6
