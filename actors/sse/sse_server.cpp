#include "actors/sse/sse_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

#include "actors/sse/browser_sessions.hpp"
#include "actors/sse/log_redaction.hpp"
#include "actors/sse/sse_access.hpp"
#include "actors/sse/sse_routing.hpp"
#include "actors/sse/sse_stream.hpp"
#include "actors/sse/sse_writer.hpp"
#include "actors/sse/store_reader.hpp"
#include "actors/sse/web_api.hpp"
#include "actors/sse/web_assets.hpp"
#include "metrics/sse_metrics.hpp"
#include "supervision/steady_time.hpp"

namespace g6::sse {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

std::vector<std::string> disconnect_reasons() {
  return {"client_closed", "read_error", "write_error", "write_timeout", "slow"};
}

std::vector<std::string> sent_event_types() {
  return {"hello", "panel_full", "panel_diff", "truncated", "heartbeat"};
}

std::shared_ptr<sse_metrics> make_stream_metrics(std::shared_ptr<prometheus::Registry> registry) {
  std::vector<std::string> reasons;
  for (auto r : all_rejections())
    reasons.emplace_back(to_string(r));
  return std::make_shared<sse_metrics>(std::move(registry), reasons, disconnect_reasons(), sent_event_types(),
                                       api_endpoints(), api_outcomes());
}

class session;

/// One I/O thread and the streams it serves. A connection stays on the shard that accepted it, so its
/// handlers never run concurrently (no strands), and publish() hands an event to each shard once rather
/// than to each client: with thousands of clients, the per-client posts were most of the fan-out.
struct io_shard {
  net::io_context ioc{1};
  std::thread thread;
  std::unordered_set<std::shared_ptr<session>> streams; // touched only on this shard's thread

  /// Calls f(session&) for each stream; a stream may end (and leave the set) inside f.
  template <class F>
  void for_each_stream(F f) {
    for (auto i = streams.begin(); i != streams.end();) {
      auto s = *i++;
      f(*s);
    }
  }
};

struct sse_server::impl {
  impl(server_settings s, std::shared_ptr<sse_metrics> m, access_policy p)
    : settings(std::move(s)), metrics(std::move(m)), shards(make_shards(settings.io_threads)),
      acceptor(shards.front()->ioc), tick_timer(shards.front()->ioc), stream(settings.stream),
      gate(std::move(p), settings, metrics), assets(embedded_web_files()), sessions(settings.session_seconds),
      reader(settings.database_path) {}

  static std::vector<std::unique_ptr<io_shard>> make_shards(unsigned threads) {
    std::vector<std::unique_ptr<io_shard>> out;
    for (unsigned t = 0; t < std::max(1u, threads); ++t)
      out.push_back(std::make_unique<io_shard>());
    return out;
  }

  void accept();
  void schedule_tick();
  void on_tick();
  std::vector<std::string> publish(const std::vector<named_panel>& panels, epoch_ms generated_at);
  /// What GET /health answers and the node's status reads.
  server_health health();

  server_settings settings;
  std::shared_ptr<sse_metrics> metrics;
  std::vector<std::unique_ptr<io_shard>> shards;
  size_t next_shard = 0; // round robin of accepted connections (the acceptor's handler only)
  tcp::acceptor acceptor;
  net::steady_timer tick_timer;
  int64_t last_heartbeat_ns = 0;

  std::mutex stream_mutex; // the stream; taken before the gate's lock when both are needed
  panel_stream stream;

  admission gate;
  std::atomic<uint64_t> last_id{0};
  write_totals writes;

  web_assets assets;
  browser_sessions sessions;
  // The API's one thread and the reader only it touches: SQLite reads wait there, never on a shard.
  net::thread_pool api_pool{1};
  store_reader reader;
  std::atomic<size_t> api_queued{0};
};

/// One connection: reads one request, routes it, and answers it or, for /events, keeps streaming until
/// the client goes or falls too far behind. Everything runs on its shard's thread.
class session : public std::enable_shared_from_this<session> {
public:
  session(sse_server::impl& server, io_shard& shard, tcp::socket socket)
    : server_(server), shard_(shard), stream_(std::move(socket)),
      writer_(server.settings, server.writes, server.metrics) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    peer_ = endpoint.address();
    peer_ip_ = peer_.to_string();
    stream_.socket().set_option(tcp::no_delay(true), ec);
  }

  void start() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(server_.settings.max_header_bytes));
    parser_->body_limit(0);
    stream_.expires_after(
      std::chrono::milliseconds(static_cast<int64_t>(server_.settings.request_timeout_seconds * 1000)));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->on_request(ec); });
  }

  /// A new event from the publisher.
  void enqueue(const published& p) {
    if (state_ == connection_state::closed)
      return;
    auto delivered = writer_.add_live(p);
    if (delivered == delivery::too_slow)
      return close("slow");
    if (delivered == delivery::queued)
      pump();
  }

  /// The server's tick: a heartbeat when due and the client is idle; the end of a write that stalled.
  void on_tick(bool heartbeat_due, int64_t now_ns) {
    if (state_ == connection_state::closed)
      return;
    if (writer_.stalled(now_ns))
      return close("write_timeout");
    if (heartbeat_due && writer_.idle()) {
      writer_.add_own(heartbeat_frame(server_.last_id.load()), "heartbeat");
      pump();
    }
  }

  void close(const std::string& reason) {
    if (state_ == connection_state::closed)
      return;
    bool was_streaming = state_ == connection_state::streaming;
    state_ = connection_state::closed;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
    if (was_streaming) {
      writer_.drop();
      if (server_.metrics)
        server_.metrics->count_disconnect(reason);
      spdlog::debug("sse: {} stream ended ({}) request {}", peer_ip_, reason, answer_.request_id);
      server_.gate.release_slot(peer_ip_);
      shard_.streams.erase(shared_from_this());
    }
  }

private:
  enum class connection_state : uint8_t { request, streaming, closed };

  void on_request(beast::error_code ec) {
    stream_.expires_never();
    if (ec == beast::error::timeout) {
      // The socket is already closed: a slow sender gets no answer, only the count.
      if (server_.gate.refuse(rejection::timeout))
        spdlog::info("sse: {} request not complete within {} s; closed", peer_ip_,
                     server_.settings.request_timeout_seconds);
      return;
    }
    if (ec == http::error::header_limit)
      return reject(rejection::header_too_large, "request header too large");
    // The client went away before its request was whole: nothing to answer.
    if (ec == http::error::end_of_stream || ec == http::error::partial_message
        || (ec && ec.category() != make_error_code(http::error::bad_method).category()))
      return close("client_closed");
    if (ec)
      return reject(rejection::bad_request, "bad request: " + ec.message());
    handle(parser_->get());
  }

  void handle(const head_request& req) {
    answer_.request_id = request_id_for(header_value(req, "X-Request-ID"));
    auto target = std::string_view{req.target().data(), req.target().size()};
    method_ = std::string{req.method_string()};
    target_ = redact_target(target);
    if (target.size() > server_.settings.max_target_bytes)
      return reject(rejection::target_too_long, "request target too long");
    auto path = path_of(target);
    auto facts = facts_of(req, path, peer_);
    facts.has_session = server_.sessions.valid(session_cookie(header_value(req, "Cookie")), steady_ms());
    auto admitted = server_.gate.check(facts);
    if (admitted.refused)
      return reject(*admitted.refused, std::string{to_string(*admitted.refused)}, admitted.retry_after);
    answer_.cors = std::move(admitted.cors);
    auto routed = route_of(req.method(), path);
    if (auto* refused = std::get_if<rejection>(&routed))
      return reject(*refused, *refused == rejection::method ? "method not allowed here" : "no such endpoint");
    auto gzip = accepts_gzip(header_value(req, "Accept-Encoding"));
    switch (std::get<route>(routed)) {
      case route::preflight:
        return respond(http::status::no_content, "", "");
      case route::events:
        return start_stream(req);
      case route::resync:
        return respond(http::status::ok, snapshot_body(), "application/json");
      case route::health:
        return respond(http::status::ok, health_body(server_.health()), "application/json");
      case route::version:
        return respond(http::status::ok, server_identity(server_.settings.version).dump(), "application/json");
      case route::page:
        return serve_asset(path, header_value(req, "If-None-Match"), gzip);
      case route::api:
        return serve_api(std::string{path}, std::string{target.substr(path.size() + (path.size() < target.size()))},
                         gzip);
      case route::login:
        return log_in(facts.has_session);
      case route::logout:
        return log_out(session_cookie(header_value(req, "Cookie")));
    }
  }

  void serve_asset(std::string_view path, std::string_view if_none_match, bool gzip) {
    auto* asset = server_.assets.find(path);
    if (!asset)
      return reject(rejection::not_found, "no such file");
    send(asset_answer(*asset, if_none_match, gzip, answer_));
  }

  /// The query runs on the API thread; its answer comes back to this connection's shard.
  void serve_api(std::string path, std::string query, bool gzip) {
    if (server_.api_queued.fetch_add(1) >= server_.settings.max_api_requests) {
      --server_.api_queued;
      return reject(rejection::capacity, "too many API requests waiting for the database");
    }
    net::post(server_.api_pool, [self = shared_from_this(), path = std::move(path), query = std::move(query), gzip] {
      auto& server = self->server_;
      auto started = steady_ns();
      auto answer =
        server.settings.database_path.empty()
          ? api_answer{503,
                       api_error_body({api_errc::unavailable, "this node stores nothing (a collector): ask the hub"}),
                       "", to_string(api_errc::unavailable)}
          : answer_api(server.reader, path, query);
      if (server.metrics && !answer.endpoint.empty())
        server.metrics->count_api(std::string{answer.endpoint}, std::string{answer.outcome},
                                  static_cast<double>(steady_ns() - started) / 1e9);
      --server.api_queued;
      net::post(self->shard_.ioc, [self, answer = std::move(answer), gzip]() mutable {
        self->send(json_answer(answer.status, std::move(answer.body), gzip, self->answer_));
      });
    });
  }

  /// Admitted means the token was right (or none is needed): a session cookie for the browser.
  void log_in(bool already) {
    if (server_.gate.token_required() && !already) {
      auto id = server_.sessions.open(steady_ms());
      if (!id)
        return reject(rejection::capacity, "cannot make a session id (the system's random generator failed)");
      auto res = plain_answer(http::status::no_content, "", "", 0, answer_);
      res.set(http::field::set_cookie, session_set_cookie(*id, server_.sessions.lifetime_seconds()));
      res.set(http::field::cache_control, "no-store");
      return send(std::move(res));
    }
    send(plain_answer(http::status::no_content, "", "", 0, answer_));
  }

  void log_out(std::string_view id) {
    if (!id.empty())
      server_.sessions.close(id);
    auto res = plain_answer(http::status::no_content, "", "", 0, answer_);
    res.set(http::field::set_cookie, session_clear_cookie());
    send(std::move(res));
  }

  std::string snapshot_body() {
    std::lock_guard lock{server_.stream_mutex};
    return server_.stream.snapshot_text();
  }

  void reject(rejection r, const std::string& why, unsigned retry_after = 0) {
    if (server_.gate.refuse(r))
      spdlog::info("sse: {} {} {} refused {} ({}) request {}", peer_ip_, method_, target_, status_of(r), to_string(r),
                   answer_.request_id.empty() ? "-" : answer_.request_id);
    respond(static_cast<http::status>(status_of(r)), refusal_body(r, why), "application/json", retry_after);
  }

  void respond(http::status status, std::string body, std::string_view content_type, unsigned retry_after = 0) {
    send(plain_answer(status, std::move(body), content_type, retry_after, answer_));
  }

  /// Writes a complete answer, then closes the connection.
  void send(http::response<http::string_body> answer) {
    auto res = std::make_shared<http::response<http::string_body>>(std::move(answer));
    auto status = res->result_int();
    if (status < 400)
      spdlog::debug("sse: {} {} {} {} request {}", peer_ip_, method_, target_, status, answer_.request_id);
    stream_.expires_after(
      std::chrono::milliseconds(static_cast<int64_t>(server_.settings.write_timeout_seconds * 1000)));
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code, size_t) {
      beast::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      self->stream_.close();
    });
  }

  void start_stream(const head_request& req) {
    std::optional<std::string_view> last_event_id;
    if (req.find("Last-Event-ID") != req.end())
      last_event_id = header_value(req, "Last-Event-ID");
    std::optional<rejection> full;
    stream_opening opening;
    {
      // Under the stream lock: no event can be published between the backlog and the registration,
      // so the client gets every event exactly once.
      std::lock_guard stream_lock{server_.stream_mutex};
      full = server_.gate.take_slot(peer_ip_);
      if (!full) {
        opening = open_stream(server_.stream, last_event_id, server_.settings);
        shard_.streams.insert(shared_from_this());
      }
    }
    if (full)
      return reject(*full, "too many clients");
    state_ = connection_state::streaming;
    spdlog::debug("sse: {} stream started (Last-Event-ID {}) request {}", peer_ip_,
                  last_event_id ? std::string{*last_event_id} : "none", answer_.request_id);
    writer_.expect_from(opening.next_id);
    writer_.add_own(event_stream_head(answer_, server_.settings.retry_ms), "");
    writer_.add_own(opening.hello, "hello");
    if (opening.backlog.size() > server_.settings.queue_limit) {
      std::lock_guard lock{server_.stream_mutex};
      opening.backlog = {server_.stream.full()};
    }
    for (auto& ev : opening.backlog)
      writer_.add(ev);
    // pump() writes at once what the socket takes; it must never block the shard.
    beast::error_code ec;
    stream_.socket().non_blocking(true, ec);
    if (ec)
      return close("write_error");
    pump();
    watch_for_close();
  }

  /// The client sends nothing after its request; a read ends only when it goes away.
  void watch_for_close() {
    stream_.async_read_some(net::buffer(sink_), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec)
        self->close(ec == net::error::eof || ec == net::error::connection_reset ? "client_closed" : "read_error");
      else
        self->watch_for_close();
    });
  }

  /// Writes what is pending. A client that keeps up has room in its socket buffer, so the write is tried
  /// at once: that saves a trip through the reactor per client and event. What does not fit goes out
  /// asynchronously.
  void pump() {
    if (state_ == connection_state::closed)
      return;
    auto* buffers = writer_.begin_write(steady_ns());
    if (!buffers)
      return;
    beast::error_code ec;
    auto& socket = stream_.socket();
    auto written = socket.write_some(*buffers, ec);
    if (ec == net::error::would_block || ec == net::error::try_again)
      ec = {};
    if (ec || written == net::buffer_size(*buffers))
      return on_write(ec);
    beast::buffers_suffix<std::vector<net::const_buffer>> rest{*buffers};
    rest.consume(written);
    net::async_write(socket, rest, [self = shared_from_this()](beast::error_code wec, size_t) { self->on_write(wec); });
  }

  void on_write(beast::error_code ec) {
    writer_.end_write(state_ != connection_state::closed && !ec, steady_ns());
    if (state_ == connection_state::closed)
      return;
    if (ec)
      return close("write_error");
    pump();
  }

  sse_server::impl& server_;
  io_shard& shard_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> parser_;
  net::ip::address peer_;
  std::string peer_ip_;
  std::string method_;
  std::string target_; // redacted: what a log line may show
  answer_fields answer_;
  connection_state state_ = connection_state::request;
  client_writer writer_;
  std::array<char, 512> sink_{};
};

void sse_server::impl::accept() {
  auto& shard = *shards[next_shard];
  next_shard = (next_shard + 1) % shards.size();
  acceptor.async_accept(shard.ioc, [this, &shard](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted)
      return;
    if (ec) {
      // Out of descriptors, most likely: wait a little rather than spin, and keep serving the rest.
      spdlog::warn("sse: accept failed: {}", ec.message());
      auto timer = std::make_shared<net::steady_timer>(acceptor.get_executor(), std::chrono::milliseconds(100));
      timer->async_wait([this, timer](beast::error_code) { accept(); });
      return;
    }
    // The socket belongs to its shard's io_context: the session starts there.
    net::post(shard.ioc, [s = std::make_shared<session>(*this, shard, std::move(socket))] { s->start(); });
    accept();
  });
}

void sse_server::impl::schedule_tick() {
  tick_timer.expires_after(
    std::chrono::milliseconds(std::min<int64_t>(1000, static_cast<int64_t>(settings.heartbeat_seconds * 1000))));
  tick_timer.async_wait([this](beast::error_code ec) {
    if (ec)
      return;
    on_tick();
    schedule_tick();
  });
}

void sse_server::impl::on_tick() {
  auto now = steady_ns();
  bool heartbeat_due = now - last_heartbeat_ns >= static_cast<int64_t>(settings.heartbeat_seconds * 1e9);
  if (heartbeat_due)
    last_heartbeat_ns = now;
  for (auto& shard : shards)
    net::post(shard->ioc, [&shard = *shard, heartbeat_due, now] {
      shard.for_each_stream([&](session& s) { s.on_tick(heartbeat_due, now); });
    });
  gate.log_suppressed_refusals();
  if (metrics) {
    metrics->set_queued_events(static_cast<uint64_t>(std::max<int64_t>(0, writes.queued.load())));
    metrics->set_clients(gate.clients());
  }
}

std::vector<std::string> sse_server::impl::publish(const std::vector<named_panel>& panels, epoch_ms generated_at) {
  // Posted under the stream lock, so each shard sees events in id order even with several publishers.
  std::lock_guard stream_lock{stream_mutex};
  auto p = stream.publish(panels, generated_at, steady_ns());
  last_id = p.event->id;
  for (auto& shard : shards)
    net::post(shard->ioc, [&shard = *shard, p] { shard.for_each_stream([&](session& s) { s.enqueue(p); }); });
  return std::move(p.unreadable);
}

sse_server::sse_server(std::shared_ptr<impl> i) : impl_(std::move(i)) {}

expected<std::unique_ptr<sse_server>, std::string> sse_server::start(server_settings settings,
                                                                     std::shared_ptr<sse_metrics> metrics) {
  auto policy = access_policy::make(settings.access);
  if (!policy)
    return unexpected{policy.error()};
  boost::system::error_code ec;
  auto address = net::ip::make_address(settings.bind, ec);
  if (ec)
    return unexpected{"sse.bind: '" + settings.bind + "' is not an IP address"};
  auto i = std::make_shared<impl>(settings, std::move(metrics), std::move(*policy));
  tcp::endpoint endpoint{address, settings.port};
  i->acceptor.open(endpoint.protocol(), ec);
  if (!ec)
    i->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec)
    i->acceptor.bind(endpoint, ec);
  if (!ec)
    i->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return unexpected{fmt::format("cannot listen on {}:{}: {}", settings.bind, settings.port, ec.message())};
  i->last_heartbeat_ns = steady_ns();
  i->accept();
  i->schedule_tick();
  for (size_t n = 0; n < i->shards.size(); ++n) {
    // Between events a shard may have nothing to do: the guard keeps its thread for the next one.
    i->shards[n]->thread = std::thread{[&ioc = i->shards[n]->ioc, n] {
      pthread_setname_np(pthread_self(), fmt::format("g6-sse-io-{}", n).c_str()); // top -H, perf
      auto guard = net::make_work_guard(ioc);
      ioc.run();
    }};
  }
  return std::unique_ptr<sse_server>(new sse_server(std::move(i)));
}

sse_server::~sse_server() {
  // The API thread first: its answers are posted to the shards.
  impl_->api_pool.stop();
  impl_->api_pool.join();
  for (auto& shard : impl_->shards)
    shard->ioc.stop();
  for (auto& shard : impl_->shards)
    shard->thread.join();
  // Handlers still queued hold sessions; dropping the sets before the io_contexts lets them go.
  for (auto& shard : impl_->shards)
    shard->streams.clear();
}

uint16_t sse_server::port() const {
  return impl_->acceptor.local_endpoint().port();
}

std::string sse_server::url() const {
  auto address = impl_->acceptor.local_endpoint().address();
  return address.is_v6() ? fmt::format("http://[{}]:{}", address.to_string(), port())
                         : fmt::format("http://{}:{}", address.to_string(), port());
}

std::vector<std::string> sse_server::publish(const std::vector<named_panel>& panels, epoch_ms generated_at) {
  return impl_->publish(panels, generated_at);
}

server_health sse_server::impl::health() {
  server_health h;
  h.clients = gate.clients();
  {
    std::lock_guard lock{stream_mutex};
    h.last_event_id = stream.last_id();
    h.published = stream.full() != nullptr;
  }
  h.degraded = !h.published || steady_ms() - writes.last_coalesce_ms < 60'000;
  return h;
}

server_health sse_server::health() const {
  return impl_->health();
}

} // namespace g6::sse
