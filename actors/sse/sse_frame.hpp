// sse_frame.hpp — the Server-Sent Events wire format (WHATWG HTML, "server-sent events"): an event is
// `event:`, `id:` and one `data:` line per line of its data, ended by a blank line; `retry:` tells the
// client how long to wait before reconnecting; a line starting with ':' is a comment (heartbeats).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace g6::sse {

/// One event on the wire. Without an id the client's Last-Event-ID stays where it was.
std::string frame_event(std::string_view type, std::optional<uint64_t> id, std::string_view data);

/// "retry: <ms>\n\n".
std::string frame_retry(uint64_t milliseconds);

/// A comment line (": <text>\n\n"); clients ignore it, proxies see traffic.
std::string frame_comment(std::string_view text);

} // namespace g6::sse
