#include "messages/cycle_status.hpp"

namespace g6 {

std::string_view to_string(cycle_status x) {
  switch (x) {
    case cycle_status::ok: return "ok";
    case cycle_status::partial: return "partial";
    case cycle_status::failed: return "failed";
  }
  return "unknown";
}

std::optional<cycle_status> parse_cycle_status(std::string_view text) {
  for (auto status : all_cycle_statuses)
    if (to_string(status) == text)
      return status;
  return std::nullopt;
}

} // namespace g6
