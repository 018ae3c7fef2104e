// ticker_client.hpp — the sockets of an app's ticker connections: Boost.Beast WebSocket over TLS (wss://,
// Kite) or plain TCP (ws://, a local g6-fake-kite), all on one I/O thread of their own. The client only
// moves bytes: it opens, writes text messages, hands every received message to a callback and reports
// each connection's fate (opened, refused with an HTTP status, failed, closed). Deciding when to connect,
// what to subscribe and what silence means is the ticker actor's job (ticker_link, ticker_plan).
// Callbacks run on the I/O thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "messages/enum_names.hpp"
#include "messages/expected.hpp"

namespace g6 {

/// Where the ticker is: ws[s]://host[:port][/path][?query].
struct ticker_address {
  bool tls = true;
  std::string host;
  std::string port;   // 443 or 80 unless given
  std::string target; // path and query, "/" at least
};

/// The address of a ticker URL; error: what is wrong with it.
expected<ticker_address, std::string> parse_ticker_url(std::string_view url);

/// The request target with Kite's credentials added: target?api_key=...&access_token=...
std::string ticker_target(const ticker_address& address, std::string_view api_key, std::string_view access_token);

enum class ticker_socket_event_kind : uint8_t {
  opened,  // the WebSocket handshake succeeded
  refused, // the server answered the handshake with an HTTP status (403: the token was refused)
  failed,  // no connection: resolve, connect, TLS or handshake failed or timed out
  closed,  // an open connection ended, not by the client's close()
};

inline constexpr enum_names<ticker_socket_event_kind, 4> ticker_socket_event_kind_names{{
  {ticker_socket_event_kind::opened, "opened"},
  {ticker_socket_event_kind::refused, "refused"},
  {ticker_socket_event_kind::failed, "failed"},
  {ticker_socket_event_kind::closed, "closed"},
}};

constexpr std::string_view to_string(ticker_socket_event_kind x) {
  return name_of(ticker_socket_event_kind_names, x);
}

struct ticker_socket_event {
  size_t connection = 0;
  uint64_t generation = 0; // the attempt the event belongs to (see ticker_link::connecting)
  ticker_socket_event_kind kind = ticker_socket_event_kind::failed;
  unsigned http_status = 0; // refused only
  std::string detail;
};

struct ticker_client_callbacks {
  /// One whole WebSocket message: binary (ticks, heartbeats) or text (JSON).
  std::function<void(size_t connection, uint64_t generation, std::string_view message, bool text)> on_message;
  std::function<void(ticker_socket_event)> on_event;
};

struct ticker_client_options {
  ticker_address address;
  std::chrono::milliseconds connect_timeout{3000};    // resolve and TCP connect
  std::chrono::milliseconds handshake_timeout{10000}; // TLS and WebSocket handshakes
  size_t max_message_bytes = 4 * 1024 * 1024;         // 3,000 full ticks are about 560 KB
};

class ticker_client {
public:
  ticker_client(ticker_client_options options, ticker_client_callbacks callbacks);
  /// Closes every connection and joins the I/O thread; no callback runs after it returns.
  ~ticker_client();

  ticker_client(const ticker_client&) = delete;
  ticker_client& operator=(const ticker_client&) = delete;

  /// Opens connection `connection` (closing any previous one of that number) as attempt `generation`.
  void open(size_t connection, uint64_t generation, std::string api_key, std::string access_token);
  /// Queues text messages on the connection's attempt `generation` (dropped if that attempt is gone).
  void send(size_t connection, uint64_t generation, std::vector<std::string> texts);
  /// Closes the connection at once (no close handshake); no event follows for this attempt.
  void close(size_t connection, uint64_t generation);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace g6
