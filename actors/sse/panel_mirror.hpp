// panel_mirror.hpp — a client's copy of the panels, rebuilt from the live stream: panel_full replaces it,
// panel_diff applies each merge patch after checking the base hash, and every result is checked against
// the event's hash. Pure code, used by `g6 tail`, the benchmark and the tests.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "actors/sse/sse_parser.hpp"

namespace g6::sse {

class panel_mirror {
public:
  /// Applies one event. Error: why the copy can no longer be trusted (the client should resync).
  /// hello and unknown event types change nothing.
  std::optional<std::string> apply(const parsed_event& event);

  /// Replaces the copy with a /resync body.
  std::optional<std::string> apply_snapshot(const nlohmann::json& body);

  const std::map<std::string, nlohmann::json>& panels() const { return panels_; }
  const std::map<std::string, std::string>& hashes() const { return hashes_; }
  /// The id of the last panel event applied.
  uint64_t last_id() const { return last_id_; }
  /// A truncated event was seen: the copy is stale until a resync.
  bool needs_resync() const { return needs_resync_; }

private:
  std::map<std::string, nlohmann::json> panels_;
  std::map<std::string, std::string> hashes_;
  uint64_t last_id_ = 0;
  bool needs_resync_ = false;
};

} // namespace g6::sse
