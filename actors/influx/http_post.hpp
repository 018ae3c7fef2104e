// http_post.hpp — a minimal blocking HTTP/1.1 POST over a plain TCP connection (the InfluxDB write API on
// a trusted network), with a deadline for connecting, sending and reading. Pure code (POSIX sockets).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace g6 {

struct http_endpoint {
  std::string host;
  uint16_t port = 80;
};

/// Parses "http://host[:port][/]"; nullopt for anything else (https included: not supported).
std::optional<http_endpoint> parse_http_url(std::string_view url);

struct http_response {
  int status = 0;
  std::string body;
};

struct http_error {
  std::string message;
};

/// POSTs `body` to `target` ("/write?db=g6&precision=ms") with the extra headers; the response, or why
/// there is none (refused, timed out, malformed).
std::variant<http_response, http_error> http_post(const http_endpoint& to, std::string_view target,
                                                  std::string_view body,
                                                  const std::vector<std::pair<std::string, std::string>>& headers,
                                                  std::chrono::milliseconds timeout);

} // namespace g6
