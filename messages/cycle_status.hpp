// cycle_status.hpp — how an index, or a whole cycle, fared: a type rather than a string, so that a typo
// in a comparison is a compile error. Its word ("ok", "partial", "failed") is what the cycles table,
// the panels, the metrics' `status` label and the logs show, and what travels between nodes.
#pragma once

#include <cstdint>

#include "messages/enum_names.hpp"

namespace g6 {

enum class cycle_status : uint8_t {
  ok,      // every expected option collected, analysed and stored
  partial, // stored, but fewer options or buckets than expected
  failed,  // nothing stored
};

inline constexpr enum_names<cycle_status, 3> cycle_status_names{
  {{cycle_status::ok, "ok"}, {cycle_status::partial, "partial"}, {cycle_status::failed, "failed"}}};

constexpr std::string_view to_string(cycle_status x) {
  return name_of(cycle_status_names, x);
}
constexpr std::optional<cycle_status> parse_cycle_status(std::string_view text) {
  return value_named(cycle_status_names, text);
}

/// Whether the index's rows reached storage (ok or partial).
constexpr bool is_stored(cycle_status x) {
  return x == cycle_status::ok || x == cycle_status::partial;
}

} // namespace g6
