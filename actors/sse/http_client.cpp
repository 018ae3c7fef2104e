#include "actors/sse/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cctype>

namespace g6::sse {

namespace net = boost::asio;
using tcp = net::ip::tcp;

std::variant<http_url, std::string> parse_url(std::string_view url) {
  constexpr std::string_view scheme = "http://";
  if (url.substr(0, scheme.size()) != scheme)
    return "'" + std::string{url} + "' is not an http:// URL";
  auto rest = url.substr(scheme.size());
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  http_url out;
  out.path = slash == std::string_view::npos ? "/" : std::string{rest.substr(slash)};
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos)
      return "'" + std::string{url} + "' has an unclosed IPv6 address";
    out.host = std::string{authority.substr(1, close - 1)};
    auto after = authority.substr(close + 1);
    out.port = after.size() > 1 && after.front() == ':' ? std::string{after.substr(1)} : "80";
  } else {
    auto colon = authority.rfind(':');
    out.host = std::string{authority.substr(0, colon)};
    out.port = colon == std::string_view::npos ? "80" : std::string{authority.substr(colon + 1)};
  }
  if (out.host.empty() || out.port.empty()
      || !std::all_of(out.port.begin(), out.port.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return "'" + std::string{url} + "' has no host or a bad port";
  return out;
}

struct http_stream::impl {
  net::io_context ioc;
  tcp::socket socket{ioc};
  std::string pending; // body bytes read together with the headers

  /// Runs one asynchronous operation for at most `limit`; past it the operation is cancelled and
  /// completes with operation_aborted (unless it completed just then).
  template <class Start>
  void run(Start start, std::chrono::milliseconds limit) {
    bool done = false;
    start(done);
    ioc.restart();
    ioc.run_for(limit);
    if (!done) {
      boost::system::error_code ignored;
      socket.cancel(ignored);
      ioc.restart();
      ioc.run();
    }
  }
};

http_stream::http_stream(std::unique_ptr<impl> i) : impl_(std::move(i)) {
}

http_stream::~http_stream() = default;

std::variant<std::unique_ptr<http_stream>, std::string> http_stream::open(const http_url& url, const header_list& headers,
                                                                          std::chrono::milliseconds limit) {
  auto i = std::make_unique<impl>();
  boost::system::error_code ec;
  tcp::resolver resolver{i->ioc};
  auto endpoints = resolver.resolve(url.host, url.port, ec);
  if (ec)
    return "cannot resolve " + url.host + ": " + ec.message();
  i->run(
    [&](bool& done) {
      net::async_connect(i->socket, endpoints, [&](boost::system::error_code e, const tcp::endpoint&) {
        ec = e;
        done = true;
      });
    },
    limit);
  if (ec)
    return "cannot connect to " + url.host + ":" + url.port + ": "
           + (ec == net::error::operation_aborted ? std::string{"timed out"} : ec.message());
  std::string request = "GET " + url.path + " HTTP/1.1\r\nHost: " + url.host + ":" + url.port + "\r\n";
  for (auto& [name, value] : headers)
    request += name + ": " + value + "\r\n";
  request += "\r\n";
  net::write(i->socket, net::buffer(request), ec);
  if (ec)
    return "cannot send the request: " + ec.message();
  std::string head;
  while (head.find("\r\n\r\n") == std::string::npos) {
    std::array<char, 4096> chunk{};
    size_t n = 0;
    i->run(
      [&](bool& done) {
        i->socket.async_read_some(net::buffer(chunk), [&](boost::system::error_code e, size_t got) {
          ec = e;
          n = got;
          done = true;
        });
      },
      limit);
    if (ec == net::error::operation_aborted && n == 0)
      return "no answer within " + std::to_string(limit.count()) + " ms";
    head.append(chunk.data(), n);
    if (ec && head.find("\r\n\r\n") == std::string::npos)
      return "connection ended before the answer's headers: " + ec.message();
  }
  auto end = head.find("\r\n\r\n");
  i->pending = head.substr(end + 4);
  head.resize(end);
  std::unique_ptr<http_stream> out{new http_stream(std::move(i))};
  auto line_end = head.find("\r\n");
  auto status_line = head.substr(0, line_end);
  auto space = status_line.find(' ');
  if (status_line.rfind("HTTP/1.", 0) != 0 || space == std::string::npos)
    return "not an HTTP answer: " + status_line;
  out->status_ = static_cast<unsigned>(std::atoi(status_line.c_str() + space + 1));
  size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    auto next = head.find("\r\n", pos);
    auto line = head.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    pos = next == std::string::npos ? head.size() : next + 2;
    auto colon = line.find(':');
    if (colon == std::string::npos)
      continue;
    auto name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    auto value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    out->headers_[name] = value;
  }
  return out;
}

std::optional<std::string> http_stream::read(std::chrono::milliseconds limit) {
  if (!impl_->pending.empty())
    return std::exchange(impl_->pending, std::string{});
  if (!impl_->socket.is_open())
    return std::nullopt;
  std::array<char, 65536> chunk{};
  size_t n = 0;
  boost::system::error_code ec;
  impl_->run(
    [&](bool& done) {
      impl_->socket.async_read_some(net::buffer(chunk), [&](boost::system::error_code e, size_t got) {
        ec = e;
        n = got;
        done = true;
      });
    },
    limit);
  if (n > 0)
    return std::string{chunk.data(), n};
  if (ec == net::error::operation_aborted)
    return std::string{};
  if (ec) {
    boost::system::error_code ignored;
    impl_->socket.close(ignored);
    return std::nullopt;
  }
  return std::string{chunk.data(), n};
}

std::variant<http_answer, std::string> http_get(const http_url& url, const header_list& headers,
                                                std::chrono::milliseconds limit) {
  auto opened = http_stream::open(url, headers, limit);
  if (auto* error = std::get_if<std::string>(&opened))
    return *error;
  auto& stream = *std::get<std::unique_ptr<http_stream>>(opened);
  http_answer answer;
  answer.status = stream.status();
  answer.headers = stream.headers();
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (auto bytes = stream.read(limit)) {
    answer.body += *bytes;
    if (std::chrono::steady_clock::now() > deadline)
      return "answer not complete within " + std::to_string(limit.count()) + " ms";
  }
  return answer;
}

} // namespace g6::sse
