#include "actors/influx/http_post.hpp"

#include <fmt/format.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace g6 {

namespace {

using steady = std::chrono::steady_clock;

int remaining_ms(steady::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

/// Waits until the socket is ready for `events` or the deadline passes.
bool wait_for(int fd, short events, steady::time_point deadline) {
  pollfd p{fd, events, 0};
  for (;;) {
    int n = ::poll(&p, 1, remaining_ms(deadline));
    if (n > 0)
      return true;
    if (n == 0 || errno != EINTR)
      return false;
  }
}

struct socket_guard {
  int fd = -1;
  ~socket_guard() {
    if (fd >= 0)
      ::close(fd);
  }
};

std::variant<int, http_error> connect_to(const http_endpoint& to, steady::time_point deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  auto port = std::to_string(to.port);
  if (int rc = ::getaddrinfo(to.host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return http_error{fmt::format("resolve {}: {}", to.host, ::gai_strerror(rc))};
  std::string last_error = "no address";
  for (auto* a = found; a; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0)
      continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0 || errno == EINPROGRESS) {
      int err = 0;
      socklen_t len = sizeof err;
      if (wait_for(fd, POLLOUT, deadline) && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) {
        ::freeaddrinfo(found);
        return fd;
      }
      last_error = err != 0 ? std::strerror(err) : "connect timed out";
    } else {
      last_error = std::strerror(errno);
    }
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return http_error{fmt::format("connect {}:{}: {}", to.host, to.port, last_error)};
}

bool is_chunked(std::string_view headers) {
  std::string lower{headers};
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("transfer-encoding: chunked") != std::string::npos;
}

/// The body of a chunked response: hex size, CRLF, data, CRLF, ... ending with a zero size.
std::optional<std::string> dechunk(std::string_view body) {
  std::string out;
  for (;;) {
    auto line_end = body.find("\r\n");
    if (line_end == std::string_view::npos)
      return std::nullopt;
    size_t size = 0;
    auto [end, ec] = std::from_chars(body.data(), body.data() + line_end, size, 16);
    if (ec != std::errc{})
      return std::nullopt;
    if (size == 0)
      return out;
    if (body.size() < line_end + 2 + size)
      return std::nullopt;
    out.append(body.substr(line_end + 2, size));
    body.remove_prefix(std::min(body.size(), line_end + 2 + size + 2));
  }
}

} // namespace

std::optional<http_endpoint> parse_http_url(std::string_view url) {
  constexpr std::string_view scheme = "http://";
  if (url.substr(0, scheme.size()) != scheme)
    return std::nullopt;
  auto rest = url.substr(scheme.size());
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    if (rest.substr(slash) != "/")
      return std::nullopt;
    rest = rest.substr(0, slash);
  }
  http_endpoint e;
  auto colon = rest.rfind(':');
  if (colon == std::string_view::npos) {
    e.host = std::string{rest};
  } else {
    e.host = std::string{rest.substr(0, colon)};
    auto digits = rest.substr(colon + 1);
    unsigned port = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc{} || end != digits.data() + digits.size() || port == 0 || port > 65535)
      return std::nullopt;
    e.port = static_cast<uint16_t>(port);
  }
  if (e.host.empty())
    return std::nullopt;
  return e;
}

std::variant<http_response, http_error> http_post(const http_endpoint& to, std::string_view target,
                                                  std::string_view body,
                                                  const std::vector<std::pair<std::string, std::string>>& headers,
                                                  std::chrono::milliseconds timeout) {
  auto deadline = steady::now() + timeout;
  auto connected = connect_to(to, deadline);
  if (auto* err = std::get_if<http_error>(&connected))
    return *err;
  socket_guard sock{std::get<int>(connected)};
  std::string request = fmt::format("POST {} HTTP/1.1\r\nHost: {}:{}\r\nContent-Length: {}\r\nConnection: close\r\n",
                                    target, to.host, to.port, body.size());
  for (auto& [name, value] : headers)
    request += name + ": " + value + "\r\n";
  request += "\r\n";
  request.append(body);
  size_t sent = 0;
  while (sent < request.size()) {
    if (!wait_for(sock.fd, POLLOUT, deadline))
      return http_error{"send timed out"};
    auto n = ::send(sock.fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (n < 0)
      return http_error{fmt::format("send: {}", std::strerror(errno))};
    sent += static_cast<size_t>(n);
  }
  // Connection: close — the response ends when the server closes.
  std::string response;
  char buffer[8192];
  for (;;) {
    if (!wait_for(sock.fd, POLLIN, deadline))
      return http_error{"response timed out"};
    auto n = ::recv(sock.fd, buffer, sizeof buffer, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (n < 0)
      return http_error{fmt::format("receive: {}", std::strerror(errno))};
    if (n == 0)
      break;
    response.append(buffer, static_cast<size_t>(n));
  }
  // "HTTP/1.1 204 No Content"
  if (response.size() < 12 || response.compare(0, 5, "HTTP/") != 0)
    return http_error{"malformed response"};
  auto space = response.find(' ');
  int status = 0;
  auto [end, ec] = std::from_chars(response.data() + space + 1, response.data() + response.size(), status);
  if (ec != std::errc{})
    return http_error{"malformed status line"};
  http_response r;
  r.status = status;
  auto header_end = response.find("\r\n\r\n");
  if (header_end == std::string::npos)
    return r;
  auto content = std::string_view{response}.substr(header_end + 4);
  if (!is_chunked(std::string_view{response}.substr(0, header_end))) {
    r.body = std::string{content};
    return r;
  }
  auto decoded = dechunk(content);
  if (!decoded)
    return http_error{"malformed chunked body"};
  r.body = std::move(*decoded);
  return r;
}

} // namespace g6
