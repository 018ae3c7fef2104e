// chaos_support.hpp — what every chaos test shares: how many rounds to run (G6_CHAOS_SCALE, default 1: the
// bounded CI run) and a seeded random source (G6_CHAOS_SEED, default random) whose seed is printed, so a
// failing run can be repeated exactly.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

namespace g6::testing {

/// Rounds multiplier: 1 in CI, larger by hand.
inline unsigned chaos_scale() {
  if (const char* text = std::getenv("G6_CHAOS_SCALE")) {
    char* end = nullptr;
    auto n = std::strtoul(text, &end, 10);
    if (end != text && *end == '\0' && n >= 1 && n <= 10000)
      return static_cast<unsigned>(n);
  }
  return 1;
}

/// A random source for one test, its seed printed with the test's name.
inline std::mt19937_64 chaos_random(const std::string& test) {
  uint64_t seed = std::random_device{}();
  if (const char* text = std::getenv("G6_CHAOS_SEED"))
    seed = std::strtoull(text, nullptr, 10);
  std::cout << test << ": G6_CHAOS_SEED=" << seed << std::endl;
  return std::mt19937_64{seed};
}

} // namespace g6::testing
