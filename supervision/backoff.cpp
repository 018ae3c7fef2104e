#include "supervision/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace g6 {

std::chrono::nanoseconds backoff_ceiling(const backoff_policy& policy, unsigned attempt) {
  if (policy.initial.count() <= 0 || policy.max.count() <= 0)
    return std::chrono::nanoseconds{0};
  // Doubling stops at the first value past max, so it cannot overflow for any sane max.
  auto result = policy.initial;
  for (unsigned i = 0; i < attempt && result < policy.max; ++i)
    result *= 2;
  return std::min(result, policy.max);
}

std::chrono::nanoseconds backoff_delay(const backoff_policy& policy, unsigned attempt, std::mt19937_64& rng) {
  auto ceiling = backoff_ceiling(policy, attempt).count();
  // 53 random bits make a double in [0, 1) exactly; the factor is then in [0.5, 1.0).
  auto unit = std::ldexp(static_cast<double>(rng() >> 11), -53);
  auto half = ceiling / 2;
  auto jitter = static_cast<std::chrono::nanoseconds::rep>(unit * static_cast<double>(ceiling - half));
  return std::chrono::nanoseconds{half + jitter};
}

} // namespace g6
