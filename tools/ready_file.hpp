// ready_file.hpp — `g6 run --ready-file PATH`: once the node is up (storage registered, ports open), g6
// writes PATH, a JSON object saying where it listens, and removes it when it stops. Scripts and tests wait
// for the file instead of reading log lines, and take the ports from it rather than configuring fixed ones.
#pragma once

#include <filesystem>
#include <string>

#include "actors/network/node_role.hpp"
#include "actors/node/node_tree.hpp"
#include "messages/expected.hpp"

namespace g6 {

struct ready_announcement {
  long pid = 0;
  node_role role = node_role::all;
  std::string node;         // the gateway's host:port (consoles, collectors)
  node_endpoints endpoints; // metrics and live stream URLs, empty when not running
};

/// {"pid": …, "role": "all", "node": "127.0.0.1:40317", "metrics": "http://…/metrics", "sse": "http://…"};
/// an endpoint that does not run is null.
std::string ready_file_text(const ready_announcement& ready);

/// Writes the file atomically (a reader sees all of it or none); why not, on failure.
expected<void, std::string> write_ready_file(const std::filesystem::path& file, const ready_announcement& ready);

} // namespace g6
