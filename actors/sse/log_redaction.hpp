// log_redaction.hpp — what of a request may go into a log line. A request target keeps its path and
// its query parameter names; every query value, a fragment and the user information of an
// absolute-form target become "<redacted>": a token sent as ?token=... must never reach a log file.
// Headers are never logged, Authorization and Cookie above all. Pure code.
#pragma once

#include <string>
#include <string_view>

namespace g6::sse {

/// "/events?token=abc&x=1" -> "/events?token=<redacted>&x=<redacted>"; a parameter without "=" is a
/// value too ("/events?abc" -> "/events?<redacted>"). At most `max_bytes` of the result (then "...").
std::string redact_target(std::string_view target, size_t max_bytes = 200);

} // namespace g6::sse
