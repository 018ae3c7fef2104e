// sse_parser.hpp — the client side of the Server-Sent Events wire format: bytes in any chunking, events
// out, as a browser's EventSource reads them (fields event, data, id, retry; comments; CR, LF or CRLF
// line ends). Used by `g6 tail`, the benchmark and the tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace g6::sse {

struct parsed_event {
  std::string type = "message";  // the event: field, "message" when absent
  std::string data;              // data: lines joined with '\n'
  std::optional<std::string> id; // the id: field of this event, when it had one
};

class event_parser {
public:
  /// Feeds bytes; returns the events they completed.
  std::vector<parsed_event> feed(std::string_view bytes);

  /// The last id seen (what EventSource sends as Last-Event-ID on reconnect).
  const std::string& last_event_id() const { return last_id_; }
  /// The last retry: value, in milliseconds.
  std::optional<uint64_t> retry_ms() const { return retry_; }
  /// Comment lines seen (heartbeats).
  uint64_t comments() const { return comments_; }

private:
  void line(std::string_view text, std::vector<parsed_event>& out);

  std::string pending_;
  bool skip_lf_ = false;
  parsed_event current_;
  bool has_data_ = false;
  std::string last_id_;
  std::optional<uint64_t> retry_;
  uint64_t comments_ = 0;
};

} // namespace g6::sse
