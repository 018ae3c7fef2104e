// loopback_http_server.hpp — a small HTTP/1.1 server on 127.0.0.1 (Boost.Beast) for tests of the HTTP
// client, plain or TLS: one thread per connection, keep-alive, and a count of the connections accepted so
// a test can see whether the client reused one. Its routes:
//   /hello   200 "hello"
//   /echo    200 "<method> <content-type> <x-test header> <body>"
//   /hang    no answer; the connection stays open until the client leaves
//   /big     200 with 2 MiB and a Content-Length
//   /stream  200 with 2 MiB in chunks, no Content-Length
//   else     404
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/support/self_signed_cert.hpp"

namespace g6::testing {

class loopback_http_server {
public:
  static constexpr size_t big_bytes = size_t{2} << 20;

  /// Serves plain http, or https with `identity`.
  explicit loopback_http_server(std::optional<tls_identity> identity = std::nullopt);
  ~loopback_http_server();
  loopback_http_server(const loopback_http_server&) = delete;
  loopback_http_server& operator=(const loopback_http_server&) = delete;

  /// "http://127.0.0.1:<port><target>" (https when serving TLS).
  std::string url(std::string_view target) const;
  int connections() const { return connections_.load(); }

private:
  struct state;
  void accept_loop();
  std::unique_ptr<state> state_;
  std::atomic<int> connections_{0};
  std::thread acceptor_thread_;
};

} // namespace g6::testing
