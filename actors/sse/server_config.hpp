// server_config.hpp — the SSE server's settings from the `sse` config section.
#pragma once

#include <string>

#include "actors/sse/sse_server.hpp"
#include "config/settings.hpp"

namespace g6::sse {

/// The server settings of a node; event ids start at `first_id` (the node's start instant in ms, so
/// they keep growing across restarts and a client's old Last-Event-ID is never mistaken for a new one).
server_settings to_server_settings(const sse_settings& s, std::string version, uint64_t first_id);

} // namespace g6::sse
