// http_client.hpp — a small blocking HTTP/1.1 client on Asio for the live stream's own tools and tests:
// URLs, one GET with its whole answer, and an open event stream read with a time limit. Pure code.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace g6::sse {

struct http_url {
  std::string host;
  std::string port;
  std::string path; // with the query
};

/// "http://host:port/path" (https is not spoken). Error: what is wrong with it.
std::variant<http_url, std::string> parse_url(std::string_view url);

using header_list = std::vector<std::pair<std::string, std::string>>;

struct http_answer {
  unsigned status = 0;
  std::map<std::string, std::string> headers; // names in lower case
  std::string body;
};

/// GET `url` and read the answer until the server closes. Error: what failed.
std::variant<http_answer, std::string> http_get(const http_url& url, const header_list& headers,
                                                std::chrono::milliseconds limit);

/// An open GET whose body arrives over time (text/event-stream).
class http_stream {
public:
  /// Connects, sends the request and reads the status and headers. Error: what failed.
  static std::variant<std::unique_ptr<http_stream>, std::string> open(const http_url& url, const header_list& headers,
                                                                      std::chrono::milliseconds limit);
  ~http_stream();
  http_stream(const http_stream&) = delete;
  http_stream& operator=(const http_stream&) = delete;

  unsigned status() const { return status_; }
  const std::map<std::string, std::string>& headers() const { return headers_; }

  /// Body bytes: what arrived within `limit` ("" when nothing did), or nothing once the stream ended.
  std::optional<std::string> read(std::chrono::milliseconds limit);

  struct impl;

private:
  explicit http_stream(std::unique_ptr<impl> i);
  std::unique_ptr<impl> impl_;
  unsigned status_ = 0;
  std::map<std::string, std::string> headers_;
};

} // namespace g6::sse
