// event_stream_client.hpp — the client end of the live stream (`g6 tail`, the server's tests): a GET on
// /events whose text/event-stream body is handed on as it arrives. Beast's response parser reads the
// answer (chunked or not, its head bounded in size); connecting and the answer's head have a deadline.
// One-shot calls (/resync, /health) go through the project's http_client (http/). Pure code.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "messages/expected.hpp"

namespace g6::sse {

/// Where an event stream is: "http://host:port/path?query" taken apart.
struct stream_url {
  std::string host;
  std::string port;
  std::string target; // the path with the query
};

/// "http://host:port/path" (https is not spoken). Error: what is wrong with it.
expected<stream_url, std::string> parse_stream_url(std::string_view url);

using header_list = std::vector<std::pair<std::string, std::string>>;

struct stream_limits {
  size_t max_header_bytes = 16 * 1024;   // the answer's status line and headers together
  size_t max_plain_body_bytes = 1 << 20; // the body of an answer that is not an event stream (a refusal)
};

/// An open GET whose body arrives over time.
class event_stream_client {
public:
  /// Connects, sends the request and reads the answer's status and headers, all within `deadline`.
  /// Error: what failed ("no answer within 500 ms", "the answer's head is larger than 16384 bytes", ...).
  static expected<std::unique_ptr<event_stream_client>, std::string> open(const stream_url& url,
                                                                          const header_list& headers,
                                                                          std::chrono::milliseconds deadline,
                                                                          stream_limits limits = {});
  ~event_stream_client();
  event_stream_client(const event_stream_client&) = delete;
  event_stream_client& operator=(const event_stream_client&) = delete;

  unsigned status() const { return status_; }
  const std::map<std::string, std::string>& headers() const { return headers_; } // names in lower case

  /// Body bytes, decoded: what arrived within `wait` ("" when nothing did; the stream stays open), or
  /// nothing once the body is complete, over its limit, or the connection ended.
  std::optional<std::string> read(std::chrono::milliseconds wait);

  struct impl;

private:
  explicit event_stream_client(std::unique_ptr<impl> i);
  std::unique_ptr<impl> impl_;
  unsigned status_ = 0;
  std::map<std::string, std::string> headers_;
};

} // namespace g6::sse
