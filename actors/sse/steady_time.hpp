// steady_time.hpp — the monotonic clock the live stream measures with (timeouts, heartbeats, rate
// limits, publish-to-write latency): wall-clock jumps must not end streams or refill token buckets.
#pragma once

#include <chrono>
#include <cstdint>

namespace g6::sse {

inline int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
    .count();
}

inline int64_t steady_ms() {
  return steady_ns() / 1'000'000;
}

} // namespace g6::sse
