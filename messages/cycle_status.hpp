// cycle_status.hpp — how an index, or a whole cycle, fared: a type rather than a string, so that a typo
// in a comparison is a compile error. Its text ("ok", "partial", "failed") is what the cycles table,
// the panels, the metrics' `status` label and the logs show, and what travels between nodes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace g6 {

enum class cycle_status : uint8_t {
  ok = 0,      // every expected option collected, analysed and stored
  partial = 1, // stored, but fewer options or buckets than expected
  failed = 2,  // nothing stored
};

inline constexpr std::array<cycle_status, 3> all_cycle_statuses{cycle_status::ok, cycle_status::partial,
                                                                cycle_status::failed};

/// "ok", "partial", "failed".
std::string_view to_string(cycle_status x);
/// The status a text names; nullopt for any other text.
std::optional<cycle_status> parse_cycle_status(std::string_view text);

/// Whether the index's rows reached storage (ok or partial).
inline constexpr bool is_stored(cycle_status x) {
  return x == cycle_status::ok || x == cycle_status::partial;
}

} // namespace g6
