// enum_names.hpp — the one table of words for a domain-state enum (cycle status, node role, breaker
// state, ...) and the two lookups every such enum needs: its word, and the value a word names. Each word
// is written once, in its enum's table, so to_string and parse cannot disagree.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace g6 {

template <class Enum, size_t N>
using enum_names = std::array<std::pair<Enum, std::string_view>, N>;

/// The word of `x`; "unknown" for a value outside the table (a cast from a bad integer).
template <class Enum, size_t N>
constexpr std::string_view name_of(const enum_names<Enum, N>& names, Enum x) {
  for (auto& [value, name] : names)
    if (value == x)
      return name;
  return "unknown";
}

/// The value `text` names exactly; nullopt for any other text.
template <class Enum, size_t N>
constexpr std::optional<Enum> value_named(const enum_names<Enum, N>& names, std::string_view text) {
  for (auto& [value, name] : names)
    if (name == text)
      return value;
  return std::nullopt;
}

} // namespace g6
