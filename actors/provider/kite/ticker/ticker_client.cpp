#include "actors/provider/kite/ticker/ticker_client.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <openssl/err.h>

#include <deque>
#include <map>
#include <thread>
#include <type_traits>

#include <fmt/format.h>

#include "http/http_url.hpp"

namespace g6 {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

expected<ticker_address, std::string> parse_ticker_url(std::string_view url) {
  ticker_address out;
  std::string_view rest;
  if (url.starts_with("wss://")) {
    out.tls = true;
    rest = url.substr(6);
  } else if (url.starts_with("ws://")) {
    out.tls = false;
    rest = url.substr(5);
  } else {
    return unexpected{fmt::format("ticker URL '{}' is not ws:// or wss://", printable_url(url))};
  }
  auto slash = rest.find_first_of("/?#");
  auto authority = rest.substr(0, slash);
  auto target = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  if (auto hash = target.find('#'); hash != std::string_view::npos)
    target = target.substr(0, hash);
  if (authority.find('@') != std::string_view::npos)
    return unexpected{std::string{"ticker URL must not carry a user or password"}};
  auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    out.host = std::string{authority.substr(0, colon)};
    out.port = std::string{authority.substr(colon + 1)};
    if (out.port.empty() || out.port.size() > 5 || out.port.find_first_not_of("0123456789") != std::string::npos
        || std::stoi(out.port) == 0 || std::stoi(out.port) > 65535)
      return unexpected{fmt::format("ticker URL '{}' has a bad port", printable_url(url))};
  } else {
    out.host = std::string{authority};
    out.port = out.tls ? "443" : "80";
  }
  if (out.host.empty())
    return unexpected{fmt::format("ticker URL '{}' has no host", printable_url(url))};
  out.target = target.empty() ? "/" : target.front() == '?' ? "/" + std::string{target} : std::string{target};
  return out;
}

std::string ticker_target(const ticker_address& address, std::string_view api_key, std::string_view access_token) {
  auto separator = address.target.find('?') == std::string::npos ? '?' : '&';
  return fmt::format("{}{}{}", address.target, separator,
                     encode_params({{"api_key", std::string{api_key}}, {"access_token", std::string{access_token}}}));
}

namespace {

using plain_socket = websocket::stream<beast::tcp_stream>;
using tls_socket = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

struct session_base {
  virtual ~session_base() = default;
  virtual void start(std::string target) = 0;
  virtual void send(std::vector<std::string> texts) = 0;
  virtual void close() = 0;
  uint64_t generation = 0;
};

// One connection attempt and, once open, the connection: one read and at most one write outstanding,
// everything on the client's I/O thread.
template <class Socket>
class session final : public session_base, public std::enable_shared_from_this<session<Socket>> {
public:
  session(asio::io_context& io, asio::ssl::context* tls, const ticker_client_options& options,
          const ticker_client_callbacks& callbacks, size_t connection, uint64_t attempt)
    : resolver_(io), socket_(make_socket(io, tls)), options_(options), callbacks_(callbacks), connection_(connection) {
    generation = attempt;
  }

  void start(std::string target) override {
    target_ = std::move(target);
    auto self = this->shared_from_this();
    beast::get_lowest_layer(socket_).expires_after(options_.connect_timeout);
    resolver_.async_resolve(options_.address.host, options_.address.port,
                            [self](beast::error_code ec, tcp::resolver::results_type found) {
                              if (self->done_)
                                return;
                              if (ec)
                                return self->fail(ticker_socket_event_kind::failed, "resolve", ec);
                              self->connect(found);
                            });
  }

  void send(std::vector<std::string> texts) override {
    for (auto& text : texts)
      outbox_.push_back(std::move(text));
    if (open_)
      write();
  }

  void close() override {
    if (done_)
      return;
    done_ = true;
    resolver_.cancel();
    beast::error_code ignored;
    beast::get_lowest_layer(socket_).socket().close(ignored);
  }

private:
  static Socket make_socket(asio::io_context& io, asio::ssl::context* tls) {
    if constexpr (std::is_same_v<Socket, tls_socket>)
      return Socket{io, *tls};
    else
      return Socket{io};
  }

  void connect(const tcp::resolver::results_type& found) {
    auto self = this->shared_from_this();
    beast::get_lowest_layer(socket_).async_connect(found, [self](beast::error_code ec, const tcp::endpoint&) {
      if (self->done_)
        return;
      if (ec)
        return self->fail(ticker_socket_event_kind::failed, "connect", ec);
      beast::get_lowest_layer(self->socket_).expires_after(self->options_.handshake_timeout);
      if constexpr (std::is_same_v<Socket, tls_socket>)
        self->tls_handshake();
      else
        self->websocket_handshake();
    });
  }

  void tls_handshake() {
    auto& tls = socket_.next_layer();
    auto& host = options_.address.host;
    // SNI: SSL_set_tlsext_host_name is a macro with a C cast, so the call is spelled out.
    if (SSL_ctrl(tls.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(host.c_str()))
        != 1)
      return fail(ticker_socket_event_kind::failed, "TLS server name",
                  beast::error_code{static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()});
    tls.set_verify_callback(asio::ssl::host_name_verification{host});
    auto self = this->shared_from_this();
    tls.async_handshake(asio::ssl::stream_base::client, [self](beast::error_code ec) {
      if (self->done_)
        return;
      if (ec)
        return self->fail(ticker_socket_event_kind::failed, "TLS handshake", ec);
      self->websocket_handshake();
    });
  }

  void websocket_handshake() {
    beast::get_lowest_layer(socket_).expires_never();
    // The handshake's own deadline; an open connection's liveness is the ticker's (heartbeats, silence).
    websocket::stream_base::timeout limits{options_.handshake_timeout, websocket::stream_base::none(), false};
    socket_.set_option(limits);
    socket_.set_option(websocket::stream_base::decorator(
      [](websocket::request_type& request) { request.set(beast::http::field::user_agent, "g6-ticker"); }));
    socket_.read_message_max(options_.max_message_bytes);
    auto& a = options_.address;
    auto host = (a.port == "443" && a.tls) || (a.port == "80" && !a.tls) ? a.host : a.host + ":" + a.port;
    auto self = this->shared_from_this();
    socket_.async_handshake(response_, host, target_, [self](beast::error_code ec) {
      if (self->done_)
        return;
      if (ec == websocket::error::upgrade_declined)
        return self->refused();
      if (ec)
        return self->fail(ticker_socket_event_kind::failed, "WebSocket handshake", ec);
      self->open_ = true;
      self->report(ticker_socket_event_kind::opened, 0, "open");
      self->read();
      if (!self->outbox_.empty())
        self->write();
    });
  }

  void refused() {
    auto status = response_.result_int();
    auto body = response_.body();
    if (body.size() > 200)
      body.resize(200);
    done_ = true;
    report(ticker_socket_event_kind::refused, status, fmt::format("handshake refused: HTTP {} {}", status, body));
  }

  void read() {
    auto self = this->shared_from_this();
    socket_.async_read(buffer_, [self](beast::error_code ec, size_t) {
      if (self->done_)
        return;
      if (ec)
        return self->fail(ticker_socket_event_kind::closed, "read", ec);
      auto data = self->buffer_.cdata();
      self->callbacks_.on_message(self->connection_, self->generation,
                                  std::string_view{static_cast<const char*>(data.data()), data.size()},
                                  self->socket_.got_text());
      self->buffer_.consume(self->buffer_.size());
      if (!self->done_)
        self->read();
    });
  }

  void write() {
    if (writing_ || outbox_.empty() || done_)
      return;
    writing_ = true;
    socket_.text(true);
    auto self = this->shared_from_this();
    socket_.async_write(asio::buffer(outbox_.front()), [self](beast::error_code ec, size_t) {
      if (self->done_)
        return;
      self->writing_ = false;
      if (ec)
        return self->fail(ticker_socket_event_kind::closed, "write", ec);
      self->outbox_.pop_front();
      self->write();
    });
  }

  // The attempt or the connection ended: reported once, unless the client closed it itself.
  void fail(ticker_socket_event_kind kind, std::string_view step, const beast::error_code& ec) {
    if (done_)
      return;
    done_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(socket_).socket().close(ignored);
    report(kind, 0, fmt::format("{}: {}", step, ec.message()));
  }

  void report(ticker_socket_event_kind kind, unsigned status, std::string detail) {
    callbacks_.on_event(ticker_socket_event{connection_, generation, kind, status, std::move(detail)});
  }

  tcp::resolver resolver_;
  Socket socket_;
  const ticker_client_options& options_;
  const ticker_client_callbacks& callbacks_;
  size_t connection_;
  std::string target_;
  websocket::response_type response_;
  beast::flat_buffer buffer_;
  std::deque<std::string> outbox_;
  bool open_ = false;
  bool writing_ = false;
  bool done_ = false;
};

} // namespace

struct ticker_client::impl {
  ticker_client_options options;
  ticker_client_callbacks callbacks;
  asio::ssl::context tls{asio::ssl::context::tls_client};
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::map<size_t, std::shared_ptr<session_base>> sessions; // I/O thread only
  std::thread thread;

  impl(ticker_client_options o, ticker_client_callbacks c) : options(std::move(o)), callbacks(std::move(c)) {
    tls.set_default_verify_paths();
    tls.set_verify_mode(asio::ssl::verify_peer);
    thread = std::thread{[this] { io.run(); }};
  }

  // Closes everything on the I/O thread, then stops it: handlers still pending are destroyed with the
  // io_context, never run, so no callback follows.
  ~impl() {
    asio::post(io, [this] {
      for (auto& [connection, s] : sessions)
        s->close();
      sessions.clear();
      io.stop();
    });
    thread.join();
  }
};

ticker_client::ticker_client(ticker_client_options options, ticker_client_callbacks callbacks)
  : impl_(std::make_unique<impl>(std::move(options), std::move(callbacks))) {}

ticker_client::~ticker_client() = default;

void ticker_client::open(size_t connection, uint64_t generation, std::string api_key, std::string access_token) {
  auto* p = impl_.get();
  asio::post(p->io, [p, connection, generation, key = std::move(api_key), token = std::move(access_token)] {
    if (auto i = p->sessions.find(connection); i != p->sessions.end())
      i->second->close();
    std::shared_ptr<session_base> s;
    if (p->options.address.tls)
      s = std::make_shared<session<tls_socket>>(p->io, &p->tls, p->options, p->callbacks, connection, generation);
    else
      s = std::make_shared<session<plain_socket>>(p->io, nullptr, p->options, p->callbacks, connection, generation);
    p->sessions[connection] = s;
    s->start(ticker_target(p->options.address, key, token));
  });
}

void ticker_client::send(size_t connection, uint64_t generation, std::vector<std::string> texts) {
  auto* p = impl_.get();
  asio::post(p->io, [p, connection, generation, texts = std::move(texts)]() mutable {
    if (auto i = p->sessions.find(connection); i != p->sessions.end() && i->second->generation == generation)
      i->second->send(std::move(texts));
  });
}

void ticker_client::close(size_t connection, uint64_t generation) {
  auto* p = impl_.get();
  asio::post(p->io, [p, connection, generation] {
    if (auto i = p->sessions.find(connection); i != p->sessions.end() && i->second->generation == generation) {
      i->second->close();
      p->sessions.erase(i);
    }
  });
}

} // namespace g6
