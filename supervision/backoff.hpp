// backoff.hpp — how long to wait before the n-th consecutive retry or restart: exponential growth up to
// a ceiling, with "equal jitter" so that many components failing together do not retry in lockstep.
// The random source is injected, so a seed makes every delay reproducible.
#pragma once

#include <chrono>
#include <random>

namespace g6 {

struct backoff_policy {
  std::chrono::nanoseconds initial{std::chrono::milliseconds{50}};
  std::chrono::nanoseconds max{std::chrono::seconds{5}};
};

/// min(max, initial * 2^attempt): the delay before jitter. Attempts count from 0; a non-positive
/// initial gives 0, a max below initial caps every attempt at max.
std::chrono::nanoseconds backoff_ceiling(const backoff_policy& policy, unsigned attempt);

/// The ceiling scaled by a factor drawn uniformly from [0.5, 1.0] with one draw from `rng`. The factor
/// is computed from the raw 64-bit output (whose sequence the standard fixes for a seed), not through a
/// std distribution, so delays are the same with every standard library.
std::chrono::nanoseconds backoff_delay(const backoff_policy& policy, unsigned attempt, std::mt19937_64& rng);

} // namespace g6
