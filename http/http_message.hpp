// http_message.hpp — what one HTTP call asks and what it gets back: the request (method, URL, headers,
// body, time limits, the largest answer accepted), the response (status, headers, body) and the typed
// error when there is no response. Plain data, shared by every caller of http_client.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "messages/expected.hpp"

namespace g6 {

enum class http_method : uint8_t { get, post, del };

using http_headers = std::vector<std::pair<std::string, std::string>>;

struct http_request {
  http_method method = http_method::get;
  std::string url;      // http:// or https://, with the query already encoded (url_encode)
  http_headers headers; // sent as given, after libcurl's own
  std::string body;     // sent with post (libcurl's default type: application/x-www-form-urlencoded)
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds timeout{10000};     // the whole call: connect, send, wait and read
  size_t max_response_bytes = size_t{64} << 20; // body after decoding; beyond it the call fails (too_large)
  std::string ca_file;                          // PEM bundle trusted for https; empty: the system's trust store
};

struct http_response {
  long status = 0;
  http_headers headers; // of the final answer, names in lower case
  std::string body;     // decoded (gzip and friends are accepted)

  /// The first header named `name` (lower case), or nullopt.
  std::optional<std::string_view> header(std::string_view name) const;
};

enum class http_errc : uint8_t {
  bad_url,   // not an http(s) URL libcurl accepts
  resolve,   // the host (or proxy) name does not resolve
  connect,   // nothing accepts the connection (refused, unreachable, connect time limit)
  tls,       // the TLS handshake or the certificate check failed
  timeout,   // the answer did not arrive within the time limit
  too_large, // the answer is larger than max_response_bytes
  transfer,  // the connection broke or the answer is not HTTP
  internal,  // libcurl could not be initialised
};

/// "bad_url", "resolve", ... (for logs and metric labels).
std::string_view to_string(http_errc x);

struct http_error {
  http_errc code = http_errc::internal;
  std::string message; // "<url without query or credentials>: what failed"
};

/// A response (any status) or why there is none.
using http_result = expected<http_response, http_error>;

} // namespace g6
