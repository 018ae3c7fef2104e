// ticker_socket.hpp — g6-fake-kite's WebSocket ticker on a connection that asked to upgrade (Boost.Beast):
// the handshake answered as fake_kite decides (101, or 403/429 with Kite's error body), then, on the
// connection's own thread and io_context, the client's text messages read (at most
// ticker_max_request_bytes each) while fake_kite is polled every 100 ms for what to send.
#pragma once

#include <cstdint>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "tools/fake_kite/fake_kite.hpp"

namespace g6 {

/// Serves the ticker on `socket` (created on `io`, which nothing else runs) until either side closes.
void serve_ticker(boost::asio::io_context& io, boost::asio::ip::tcp::socket socket,
                  const boost::beast::http::request<boost::beast::http::string_body>& upgrade, fake_kite& kite);

} // namespace g6
