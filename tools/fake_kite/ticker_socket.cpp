#include "tools/fake_kite/ticker_socket.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>
#include <deque>
#include <string>
#include <utility>

#include "supervision/steady_time.hpp"

namespace g6 {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

namespace {

constexpr auto poll_interval = std::chrono::milliseconds{100};
// A client that does not read its messages is dropped once this many wait to be written.
constexpr size_t max_waiting_messages = 64;

// One accepted connection. Everything runs on the connection's io_context in its one thread: one read
// and at most one write outstanding, the poll timer beside them.
class ticker_connection {
public:
  ticker_connection(boost::asio::io_context& io, websocket::stream<tcp::socket>& ws, fake_kite& kite, uint64_t id)
    : ws_(ws), timer_(io), kite_(kite), id_(id) {}

  void start() {
    read();
    poll();
  }

private:
  void read() {
    ws_.async_read(buffer_, [this](beast::error_code ec, size_t) {
      if (ec) {
        if (ec == websocket::error::message_too_big)
          kite_.ticker_malformed(id_);
        return stop();
      }
      if (ws_.got_text()) {
        auto reply = kite_.ticker_request(id_, beast::buffers_to_string(buffer_.data()));
        if (!reply.empty())
          send(false, std::move(reply));
      } else {
        kite_.ticker_malformed(id_);
      }
      buffer_.consume(buffer_.size());
      read();
    });
  }

  void poll() {
    timer_.expires_after(poll_interval);
    timer_.async_wait([this](beast::error_code ec) {
      if (ec || stopped_)
        return;
      auto out = kite_.ticker_poll(id_, steady_ms());
      switch (out.kind) {
        case ticker_send_kind::close: {
          // Abruptly: a TCP reset, no close frame.
          beast::error_code ignored;
          ws_.next_layer().set_option(tcp::socket::linger{true, 0}, ignored);
          return stop();
        }
        case ticker_send_kind::nothing:
          break;
        case ticker_send_kind::ticks:
        case ticker_send_kind::heartbeat:
        case ticker_send_kind::garbage:
          send(true, std::move(out.bytes));
          break;
      }
      poll();
    });
  }

  void send(bool binary, std::string message) {
    if (stopped_)
      return;
    if (waiting_.size() >= max_waiting_messages)
      return stop();
    waiting_.emplace_back(binary, std::move(message));
    if (waiting_.size() == 1)
      write_first();
  }

  void write_first() {
    ws_.binary(waiting_.front().first);
    ws_.async_write(boost::asio::buffer(waiting_.front().second), [this](beast::error_code ec, size_t) {
      if (ec)
        return stop();
      waiting_.pop_front();
      if (!waiting_.empty())
        write_first();
    });
  }

  void stop() {
    if (stopped_)
      return;
    stopped_ = true;
    timer_.cancel();
    beast::error_code ignored;
    ws_.next_layer().close(ignored);
  }

  websocket::stream<tcp::socket>& ws_;
  boost::asio::steady_timer timer_;
  fake_kite& kite_;
  uint64_t id_;
  beast::flat_buffer buffer_;
  std::deque<std::pair<bool, std::string>> waiting_; // binary?, message; the first is being written
  bool stopped_ = false;
};

} // namespace

void serve_ticker(boost::asio::io_context& io, tcp::socket socket, const http::request<http::string_body>& upgrade,
                  fake_kite& kite) {
  beast::error_code ec;
  auto handshake = kite.ticker_open(std::string_view{upgrade.target().data(), upgrade.target().size()});
  if (handshake.status != 101) {
    http::response<http::string_body> refusal{static_cast<http::status>(handshake.status), upgrade.version()};
    refusal.set(http::field::server, "g6-fake-kite");
    refusal.set(http::field::content_type, "application/json");
    refusal.body() = std::move(handshake.body);
    refusal.keep_alive(false);
    refusal.prepare_payload();
    http::write(socket, refusal, ec);
    socket.shutdown(tcp::socket::shutdown_send, ec);
    return;
  }
  websocket::stream<tcp::socket> ws{std::move(socket)};
  ws.read_message_max(ticker_max_request_bytes);
  ws.set_option(websocket::stream_base::decorator(
    [](websocket::response_type& response) { response.set(http::field::server, "g6-fake-kite"); }));
  ws.accept(upgrade, ec);
  if (!ec) {
    ticker_connection connection{io, ws, kite, handshake.connection};
    connection.start();
    io.run();
  }
  kite.ticker_closed(handshake.connection);
}

} // namespace g6
