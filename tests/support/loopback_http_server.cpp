#include "tests/support/loopback_http_server.hpp"

#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace g6::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

struct loopback_http_server::state {
  boost::asio::io_context io;
  tcp::acceptor acceptor{io, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  std::optional<ssl::context> tls;
  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::vector<int> open_sockets; // shut down on stop, which ends the blocked reads of their threads
  std::vector<std::thread> connection_threads;
};

namespace {

/// The target without its query: routes ignore queries.
beast::string_view path_of(const http::request<http::string_body>& req) {
  return req.target().substr(0, req.target().find('?'));
}

http::response<http::string_body> route(const http::request<http::string_body>& req) {
  http::response<http::string_body> res{http::status::ok, req.version()};
  res.keep_alive(req.keep_alive());
  auto target = path_of(req);
  if (target == "/hello") {
    res.body() = "hello";
  } else if (target == "/echo") {
    res.body() = std::string{req.method_string()} + " " + std::string{req[http::field::content_type]} + " "
                 + std::string{req["X-Test"]} + " " + req.body();
  } else if (target == "/big" || target == "/stream") {
    res.body().assign(loopback_http_server::big_bytes, 'x');
  } else {
    res.result(http::status::not_found);
  }
  if (target == "/stream")
    res.chunked(true);
  else
    res.prepare_payload();
  return res;
}

template <class Stream>
void answer_requests(Stream& stream) {
  beast::flat_buffer buffer;
  for (;;) {
    http::request<http::string_body> req;
    beast::error_code ec;
    http::read(stream, buffer, req, ec);
    if (ec)
      return;
    // Unanswered: the next read waits until the client gives up and closes.
    if (path_of(req) == "/hang")
      continue;
    auto res = route(req);
    http::write(stream, res, ec);
    if (ec || !res.keep_alive())
      return;
  }
}

void serve(tcp::socket& socket, ssl::context* tls) {
  if (!tls) {
    answer_requests(socket);
    return;
  }
  ssl::stream<tcp::socket&> stream{socket, *tls};
  beast::error_code ec;
  stream.handshake(ssl::stream_base::server, ec);
  if (!ec)
    answer_requests(stream);
}

} // namespace

loopback_http_server::loopback_http_server(std::optional<tls_identity> identity) : state_(std::make_unique<state>()) {
  if (identity) {
    auto& tls = state_->tls.emplace(ssl::context::tls_server);
    tls.use_certificate_chain(boost::asio::buffer(identity->certificate_pem));
    tls.use_private_key(boost::asio::buffer(identity->key_pem), ssl::context::pem);
  }
  acceptor_thread_ = std::thread{[this] { accept_loop(); }};
}

void loopback_http_server::accept_loop() {
  auto& st = *state_;
  for (;;) {
    tcp::socket socket{st.io};
    beast::error_code ec;
    st.acceptor.accept(socket, ec);
    if (ec || st.stopping)
      return;
    ++connections_;
    std::lock_guard lock{st.mutex};
    st.open_sockets.push_back(socket.native_handle());
    st.connection_threads.emplace_back([this, s = std::move(socket)]() mutable {
      auto& shared = *state_;
      serve(s, shared.tls ? &*shared.tls : nullptr);
      // Unregistered before the socket closes, so stop never shuts down a descriptor number reused since.
      std::lock_guard unregister{shared.mutex};
      std::erase(shared.open_sockets, s.native_handle());
    });
  }
}

loopback_http_server::~loopback_http_server() {
  auto& st = *state_;
  st.stopping = true;
  // A connection of our own wakes the blocked accept, which then sees `stopping`.
  {
    tcp::socket wake{st.io};
    beast::error_code ec;
    wake.connect(st.acceptor.local_endpoint(), ec);
    acceptor_thread_.join();
  }
  {
    std::lock_guard lock{st.mutex};
    for (int fd : st.open_sockets)
      ::shutdown(fd, SHUT_RDWR);
  }
  // No new threads since the acceptor stopped; each unregisters its socket under the mutex as it ends.
  for (auto& t : st.connection_threads)
    t.join();
}

std::string loopback_http_server::url(std::string_view target) const {
  return (state_->tls ? "https://127.0.0.1:" : "http://127.0.0.1:")
         + std::to_string(state_->acceptor.local_endpoint().port()) + std::string{target};
}

} // namespace g6::testing
