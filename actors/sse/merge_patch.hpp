// merge_patch.hpp — JSON merge patches (RFC 7386) between two versions of a panel. nlohmann::json applies
// them (merge_patch); this makes them: members that changed, members removed as null, arrays and
// non-objects replaced whole.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>

namespace g6::sse {

/// The merge patch that turns `from` into `to`, or nothing when no merge patch can: RFC 7386 reads a
/// null member as "remove", so a `to` holding null inside an object that changed cannot be reached.
/// The result is checked: applying it to `from` yields exactly `to`.
std::optional<nlohmann::json> create_merge_patch(const nlohmann::json& from, const nlohmann::json& to);

} // namespace g6::sse
