#include "actors/sse/log_limiter.hpp"

namespace g6::sse {

log_limiter::log_limiter(int64_t window_ms) : window_ms_(window_ms) {}

std::optional<suppressed_lines> log_limiter::admit(const std::string& key, int64_t now_ms) {
  auto [it, fresh] = windows_.try_emplace(key, window{now_ms, 0});
  auto& w = it->second;
  if (fresh)
    return suppressed_lines{key, 0, now_ms};
  if (now_ms - w.start_ms < window_ms_) {
    ++w.suppressed;
    return std::nullopt;
  }
  // The window passed before due() reported it: its count goes with this line.
  suppressed_lines earlier{key, w.suppressed, w.start_ms};
  w = window{now_ms, 0};
  return earlier;
}

std::vector<suppressed_lines> log_limiter::due(int64_t now_ms) {
  std::vector<suppressed_lines> out;
  for (auto it = windows_.begin(); it != windows_.end();) {
    auto& w = it->second;
    if (now_ms - w.start_ms < window_ms_) {
      ++it;
      continue;
    }
    if (w.suppressed > 0)
      out.push_back({it->first, w.suppressed, w.start_ms});
    it = windows_.erase(it);
  }
  return out;
}

} // namespace g6::sse
