// sse_stream.hpp — the /events stream's own bytes: the response head with the retry, the hello that
// opens the stream, what a (re)connecting client is sent before the live events (nothing, the events it
// missed, or the snapshot) and the heartbeat comment. The live events themselves are panel_stream's,
// framed once for every client. Pure code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/sse/panel_stream.hpp"
#include "actors/sse/sse_routing.hpp"
#include "actors/sse/sse_server.hpp"

namespace g6::sse {

/// How a stream opens for a client.
struct stream_opening {
  std::string hello;              // the framed hello event
  std::vector<event_ptr> backlog; // what it missed, or the snapshot
  uint64_t next_id = 0;           // the first live event id it does not have from the backlog
};

/// The opening for a client with this Last-Event-ID (none: a new client). The caller holds the
/// stream's lock, so that no event is published between the backlog and the client's registration.
stream_opening open_stream(const panel_stream& stream, std::optional<std::string_view> last_event_id,
                           const server_settings& settings);

/// The response head as Beast writes it, then the retry. These bytes go out in one write with the hello
/// and the backlog, so the serializer writes into a string rather than to the socket.
std::string event_stream_head(const answer_fields& fields, uint64_t retry_ms);

/// A comment naming the latest event id: proxies see traffic, clients ignore it.
std::string heartbeat_frame(uint64_t last_id);

} // namespace g6::sse
