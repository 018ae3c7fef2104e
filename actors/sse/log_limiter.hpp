// log_limiter.hpp — at most one log line per key (a refusal reason) per window: a flood of refusals
// must not flood the log. The first occurrence in a window is logged in full; the rest are only
// counted, and the count is reported once the window has passed ("refused 401 x 484 in the last 10 s").
// The metrics count every occurrence regardless. Time is passed in (ms of a monotonic clock), so the
// arithmetic is testable without waiting. Not thread-safe: the caller serialises. Pure code.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace g6::sse {

/// Occurrences of a key that were counted but not logged.
struct suppressed_lines {
  std::string key;
  uint64_t count = 0;
  int64_t since_ms = 0; // start of the window they fell in
};

class log_limiter {
public:
  explicit log_limiter(int64_t window_ms);

  /// One occurrence of `key` at now_ms. A value: log this one in full, after reporting that value's
  /// suppressed lines of an earlier window (count 0: none). nullopt: counted, not to be logged now.
  std::optional<suppressed_lines> admit(const std::string& key, int64_t now_ms);

  /// The suppressed lines of every window that has passed by now_ms, for a summary line each; those
  /// windows close, so the next occurrence of their key is logged in full again.
  std::vector<suppressed_lines> due(int64_t now_ms);

private:
  struct window {
    int64_t start_ms = 0;
    uint64_t suppressed = 0;
  };
  int64_t window_ms_;
  std::map<std::string, window, std::less<>> windows_; // keys are a small fixed set (reasons)
};

} // namespace g6::sse
