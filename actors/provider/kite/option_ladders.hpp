// option_ladders.hpp — the listed strikes of every option chain in the instrument dump, per underlying,
// expiry and type, so the ticker can subscribe a margin of strikes around what the collectors ask for:
// when the market moves and ATM shifts, the strikes entering the window already stream, and the cycle
// does not fall back to REST for them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "actors/provider/kite/kite_instruments.hpp"

namespace g6 {

class option_ladders {
public:
  option_ladders() = default;
  /// The CE and PE rows of the dump, by underlying name, expiry and type, in strike order.
  explicit option_ladders(std::span<const kite_instrument> rows);
  // The index points into its own ladders: moved, never copied.
  option_ladders(const option_ladders&) = delete;
  option_ladders& operator=(const option_ladders&) = delete;
  option_ladders(option_ladders&&) = default;
  option_ladders& operator=(option_ladders&&) = default;

  /// `tokens` and, for each chain they touch, the `margin` listed strikes below the lowest and above the
  /// highest of them. Tokens not in any ladder (index levels) pass through. No duplicates; order unspecified.
  std::vector<uint64_t> widen(std::span<const uint64_t> tokens, size_t margin) const;

private:
  using chain_key = std::tuple<std::string, day_number, bool>;                // name, expiry, is_call
  std::map<chain_key, std::vector<uint64_t>> ladders_;                        // tokens in strike order
  std::map<uint64_t, std::pair<const std::vector<uint64_t>*, size_t>> place_; // token -> its ladder and rung
};

} // namespace g6
