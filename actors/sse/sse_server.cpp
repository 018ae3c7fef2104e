#include "actors/sse/sse_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "actors/sse/log_limiter.hpp"
#include "actors/sse/log_redaction.hpp"
#include "actors/sse/sse_frame.hpp"
#include "metrics/sse_metrics.hpp"

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
  return std::make_shared<sse_metrics>(std::move(registry), reasons, disconnect_reasons(), sent_event_types());
}

namespace {

int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
    .count();
}

int64_t steady_ms() {
  return steady_ns() / 1'000'000;
}

/// The client's X-Request-ID when it is a sane token, else a fresh random one.
std::string request_id_for(std::string_view given) {
  auto sane = !given.empty() && given.size() <= 128 && std::all_of(given.begin(), given.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
  if (sane)
    return std::string{given};
  thread_local std::mt19937_64 random{std::random_device{}()};
  return fmt::format("{:016x}", random());
}

std::string_view header(const http::request<http::empty_body>& req, std::string_view name) {
  auto i = req.find(beast::string_view{name.data(), name.size()});
  if (i == req.end())
    return {};
  auto v = i->value();
  return {v.data(), v.size()};
}

} // namespace

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
      policy(std::move(p)),
      refusal_log(static_cast<int64_t>(std::max(0.0, settings.refusal_log_seconds) * 1000)) {
  }

  static std::vector<std::unique_ptr<io_shard>> make_shards(unsigned threads) {
    std::vector<std::unique_ptr<io_shard>> out;
    for (unsigned t = 0; t < std::max(1u, threads); ++t)
      out.push_back(std::make_unique<io_shard>());
    return out;
  }

  void accept();
  void schedule_tick();
  void on_tick();
  uint64_t publish(const std::vector<named_panel>& panels, epoch_ms generated_at);
  void count_rejection(rejection r) {
    if (metrics)
      metrics->count_rejection(std::string{to_string(r)});
  }
  /// Whether this refusal gets its own log line (the first of its reason in the window); reports the
  /// lines an earlier window suppressed first.
  bool log_refusal_in_full(rejection r);
  /// The summary line of each refusal reason whose window passed with lines suppressed.
  void log_suppressed_refusals();
  void log_summary(const suppressed_lines& s, int64_t now_ms);
  void unregister(const std::string& ip);
  /// What GET /health answers and the node's status reads.
  server_health health();

  server_settings settings;
  std::shared_ptr<sse_metrics> metrics;
  std::vector<std::unique_ptr<io_shard>> shards;
  size_t next_shard = 0; // round robin of accepted connections (the acceptor's handler only)
  tcp::acceptor acceptor;
  net::steady_timer tick_timer;
  int64_t last_heartbeat_ns = 0;

  std::mutex stream_mutex; // the stream; taken before clients_mutex when both are needed
  panel_stream stream;

  std::mutex clients_mutex; // clients (changes), per_ip, policy
  access_policy policy;
  std::unordered_map<std::string, size_t> per_ip;

  std::mutex refusal_log_mutex;
  log_limiter refusal_log;

  std::atomic<uint64_t> clients{0}; // open streams
  std::atomic<uint64_t> last_id{0};
  std::atomic<int64_t> queued{0};
  std::atomic<int64_t> last_coalesce_ms{-1'000'000};
};

/// One connection: reads one request, answers it, and for /events keeps streaming. Everything runs on
/// its shard's thread.
class session : public std::enable_shared_from_this<session> {
public:
  session(sse_server::impl& server, io_shard& shard, tcp::socket socket)
    : server_(server), shard_(shard), stream_(std::move(socket)) {
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
    stream_.expires_after(std::chrono::milliseconds(static_cast<int64_t>(server_.settings.request_timeout_seconds * 1000)));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->on_request(ec); });
  }

  /// A new event from the publisher. One the client already has (published while it was being
  /// registered, so part of its backlog) is skipped: every id goes out once.
  void enqueue(const published& p) {
    if (closed_ || p.event->id < next_id_)
      return;
    next_id_ = p.event->id + 1;
    auto& s = server_.settings;
    if (queue_.size() >= s.queue_limit) {
      // Behind: what is pending is superseded by the snapshot of the same id.
      server_.queued -= static_cast<int64_t>(queue_.size());
      queue_.clear();
      server_.last_coalesce_ms = steady_ms();
      if (server_.metrics)
        server_.metrics->count_coalesce();
      if (++coalesces_in_a_row_ > s.max_coalesces) {
        close("slow");
        return;
      }
      push(p.full);
    } else {
      push(p.event);
    }
    pump();
  }

  /// The server's tick: a heartbeat when due and the client is idle; the end of a write that stalled.
  void on_tick(bool heartbeat_due, int64_t now_ns) {
    if (closed_)
      return;
    if (writing_ && now_ns - write_started_ns_ > static_cast<int64_t>(server_.settings.write_timeout_seconds * 1e9)) {
      close("write_timeout");
      return;
    }
    if (heartbeat_due && !writing_ && queue_.empty()) {
      owned_ += frame_comment(fmt::format("heartbeat {}", server_.last_id.load()));
      owned_types_.emplace_back("heartbeat", owned_.size());
      pump();
    }
  }

  void close(const std::string& reason) {
    if (closed_)
      return;
    closed_ = true;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
    if (streaming_) {
      server_.queued -= static_cast<int64_t>(queue_.size());
      queue_.clear();
      if (server_.metrics)
        server_.metrics->count_disconnect(reason);
      spdlog::debug("sse: {} stream ended ({}) request {}", peer_ip_, reason, request_id_);
      server_.unregister(peer_ip_);
      shard_.streams.erase(shared_from_this());
    }
  }

private:
  void push(event_ptr ev) {
    queue_.push_back(std::move(ev));
    ++server_.queued;
  }

  void on_request(beast::error_code ec) {
    stream_.expires_never();
    if (ec == beast::error::timeout) {
      // The socket is already closed: a slow sender gets no answer, only the count.
      server_.count_rejection(rejection::timeout);
      if (server_.log_refusal_in_full(rejection::timeout))
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

  void handle(const http::request<http::empty_body>& req) {
    request_id_ = request_id_for(header(req, "X-Request-ID"));
    origin_ = std::string{header(req, "Origin")};
    auto target = std::string_view{req.target().data(), req.target().size()};
    method_ = std::string{req.method_string()};
    target_ = redact_target(target);
    if (target.size() > server_.settings.max_target_bytes)
      return reject(rejection::target_too_long, "request target too long");
    auto path = target.substr(0, target.find('?'));
    bool options = req.method() == http::verb::options;
    request_facts facts;
    facts.peer = peer_;
    facts.user_agent = header(req, "User-Agent");
    facts.origin = origin_;
    facts.authorization = header(req, "Authorization");
    facts.api_key = header(req, "X-API-Key");
    // Only a GET can get a token refusal; another method gets 405 below, token or not.
    facts.needs_token = req.method() == http::verb::get && (path == "/events" || path == "/resync");
    std::optional<rejection> refused;
    unsigned retry_after = 0;
    {
      std::lock_guard lock{server_.clients_mutex};
      refused = server_.policy.check(facts, steady_ms());
      retry_after = server_.policy.retry_after();
      if (!refused)
        cors_ = origin_.empty() ? std::nullopt : server_.policy.cors_origin(origin_);
    }
    if (refused)
      return reject(*refused, std::string{to_string(*refused)}, retry_after);
    if (req.method() != http::verb::get && !options)
      return reject(rejection::method, "only GET");
    if (path != "/events" && path != "/resync" && path != "/health" && path != "/version")
      return reject(rejection::not_found, "no such endpoint");
    if (options)
      return respond(http::status::no_content, "", "");
    if (path == "/events")
      return start_stream(req);
    if (path == "/resync") {
      std::string body;
      {
        std::lock_guard lock{server_.stream_mutex};
        body = server_.stream.snapshot().dump();
      }
      return respond(http::status::ok, std::move(body), "application/json");
    }
    if (path == "/health") {
      auto health = server_.health();
      nlohmann::json body{{"last_event_id", health.last_event_id},
                          {"published", health.published},
                          {"status", health.degraded ? "degraded" : "ok"},
                          {"degraded", health.degraded},
                          {"clients", health.clients}};
      return respond(http::status::ok, body.dump(), "application/json");
    }
    nlohmann::json version{{"server", "g6"}, {"version", server_.settings.version}, {"protocol", 1}};
    return respond(http::status::ok, version.dump(), "application/json");
  }

  void reject(rejection r, const std::string& why, unsigned retry_after = 0) {
    server_.count_rejection(r);
    if (server_.log_refusal_in_full(r))
      spdlog::info("sse: {} {} {} refused {} ({}) request {}", peer_ip_, method_, target_, status_of(r), to_string(r),
                   request_id_.empty() ? "-" : request_id_);
    nlohmann::json body{{"error", why}, {"reason", to_string(r)}};
    respond(static_cast<http::status>(status_of(r)), body.dump(), "application/json", retry_after);
  }

  void respond(http::status status, std::string body, const char* content_type, unsigned retry_after = 0) {
    auto res = std::make_shared<http::response<http::string_body>>(status, 11);
    add_common_fields(*res);
    if (*content_type)
      res->set(http::field::content_type, content_type);
    if (status == http::status::unauthorized)
      res->set(http::field::www_authenticate, "Bearer");
    if (retry_after > 0)
      res->set(http::field::retry_after, std::to_string(retry_after));
    res->keep_alive(false);
    res->body() = std::move(body);
    res->prepare_payload();
    if (status == http::status::ok || status == http::status::no_content)
      spdlog::debug("sse: {} {} {} {} request {}", peer_ip_, method_, target_, static_cast<unsigned>(status), request_id_);
    stream_.expires_after(std::chrono::milliseconds(static_cast<int64_t>(server_.settings.write_timeout_seconds * 1000)));
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code, size_t) {
      beast::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      self->stream_.close();
    });
  }

  /// The fields of every answer, the event stream's included: server, request id and CORS.
  void add_common_fields(http::response_header<>& head) {
    head.set(http::field::server, "g6");
    head.set("X-Request-ID", request_id_.empty() ? request_id_for("") : request_id_);
    if (cors_) {
      head.set(http::field::access_control_allow_origin, *cors_);
      head.set(http::field::vary, "Origin");
      head.set(http::field::access_control_allow_methods, "GET, OPTIONS");
      head.set(http::field::access_control_allow_headers, "Authorization, X-API-Key, Last-Event-ID, X-Request-ID");
    }
  }

  /// The head of the event stream as Beast writes it. Its bytes go out in one write with the retry, the
  /// hello and the backlog (pump), so the serializer writes into a string rather than to the socket.
  std::string event_stream_head() {
    http::response<http::empty_body> head{http::status::ok, 11};
    add_common_fields(head);
    head.set(http::field::content_type, "text/event-stream");
    head.set(http::field::cache_control, "no-cache");
    head.set(http::field::connection, "keep-alive");
    head.set("X-Accel-Buffering", "no"); // nginx in front passes events on at once
    http::response_serializer<http::empty_body> serializer{head};
    serializer.split(true);
    std::string out;
    beast::error_code ec;
    while (!ec && !serializer.is_header_done())
      serializer.next(ec, [&](beast::error_code&, const auto& buffers) {
        for (auto b : beast::buffers_range_ref(buffers))
          out.append(static_cast<const char*>(b.data()), b.size());
        serializer.consume(beast::buffer_bytes(buffers));
      });
    return out;
  }

  void start_stream(const http::request<http::empty_body>& req) {
    std::optional<std::string_view> last_event_id;
    if (req.find("Last-Event-ID") != req.end())
      last_event_id = header(req, "Last-Event-ID");
    std::optional<rejection> full;
    std::vector<event_ptr> backlog;
    nlohmann::json hello{{"server", "g6"},
                         {"version", server_.settings.version},
                         {"protocol", 1},
                         {"mode", server_.settings.stream.diff_mode ? "diff" : "full"},
                         {"heartbeat_seconds", server_.settings.heartbeat_seconds}};
    {
      // Under the stream lock: no event can be published between the backlog and the registration,
      // so the client gets every event exactly once.
      std::lock_guard stream_lock{server_.stream_mutex};
      {
        std::lock_guard lock{server_.clients_mutex};
        auto& mine = server_.per_ip[peer_ip_];
        if (server_.clients.load() >= server_.settings.max_clients)
          full = rejection::capacity;
        else if (mine >= server_.settings.max_clients_per_ip)
          full = rejection::ip_capacity;
        else {
          ++mine;
          ++server_.clients;
        }
        if (mine == 0)
          server_.per_ip.erase(peer_ip_);
      }
      if (!full) {
        // Events published before this point reach the client through its backlog; the shard may
        // still hold some of them queued for delivery, which enqueue() skips by id.
        next_id_ = server_.stream.last_id() + 1;
        shard_.streams.insert(shared_from_this());
        auto plan = server_.stream.resume(last_event_id);
        backlog = std::move(plan.events);
        hello["panels"] = server_.stream.panel_names();
        hello["last_id"] = server_.stream.last_id();
        hello["resume"] = backlog.empty() ? "none" : plan.snapshot ? "snapshot" : "replay";
      }
    }
    if (full)
      return reject(*full, "too many clients");
    streaming_ = true;
    if (server_.metrics)
      server_.metrics->set_clients(server_.clients.load());
    spdlog::debug("sse: {} stream started (Last-Event-ID {}) request {}", peer_ip_,
                  last_event_id ? std::string{*last_event_id} : "none", request_id_);
    auto head = event_stream_head() + frame_retry(server_.settings.retry_ms);
    owned_types_.emplace_back("", head.size());
    owned_ = std::move(head);
    owned_ += frame_event("hello", std::nullopt, hello.dump());
    owned_types_.emplace_back("hello", owned_.size());
    if (backlog.size() > server_.settings.queue_limit) {
      std::lock_guard lock{server_.stream_mutex};
      backlog = {server_.stream.full()};
    }
    for (auto& ev : backlog)
      push(ev);
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

  void pump() {
    if (closed_ || writing_ || (owned_.empty() && queue_.empty()))
      return;
    writing_owned_ = std::move(owned_);
    writing_owned_types_ = std::move(owned_types_);
    owned_.clear();
    owned_types_.clear();
    in_flight_.clear();
    buffers_.clear();
    if (!writing_owned_.empty())
      buffers_.push_back(net::buffer(writing_owned_));
    while (!queue_.empty() && in_flight_.size() < 64) {
      in_flight_.push_back(std::move(queue_.front()));
      queue_.pop_front();
      --server_.queued;
      buffers_.push_back(net::buffer(in_flight_.back()->wire));
    }
    writing_ = true;
    write_started_ns_ = steady_ns();
    // Try the write at once: a client that keeps up has room in its socket buffer, and finishing here
    // saves a trip through the reactor per client and event. What does not fit goes out asynchronously.
    beast::error_code ec;
    auto& socket = stream_.socket();
    auto written = socket.write_some(buffers_, ec);
    if (ec == net::error::would_block || ec == net::error::try_again)
      ec = {};
    if (ec || written == net::buffer_size(buffers_))
      return on_write(ec);
    beast::buffers_suffix<std::vector<net::const_buffer>> rest{buffers_};
    rest.consume(written);
    net::async_write(socket, rest,
                     [self = shared_from_this()](beast::error_code wec, size_t) { self->on_write(wec); });
  }

  void on_write(beast::error_code ec) {
    writing_ = false;
    if (closed_)
      return;
    if (ec)
      return close("write_error");
    auto now = steady_ns();
    if (auto& m = server_.metrics) {
      size_t start = 0;
      for (auto& [type, end] : writing_owned_types_) {
        if (!type.empty())
          m->count_sent(type, end - start);
        start = end;
      }
      for (auto& ev : in_flight_) {
        m->count_sent(std::string{to_string(ev->kind)}, ev->wire.size());
        m->observe_latency(static_cast<double>(now - ev->published_ns) / 1e9);
      }
    }
    if (queue_.empty())
      coalesces_in_a_row_ = 0;
    pump();
  }

  sse_server::impl& server_;
  io_shard& shard_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> parser_;
  net::ip::address peer_;
  std::string peer_ip_;
  std::string request_id_;
  std::string method_;
  std::string target_; // redacted: what a log line may show
  std::string origin_;
  std::optional<std::string> cors_;

  bool streaming_ = false;
  bool closed_ = false;
  bool writing_ = false;
  int64_t write_started_ns_ = 0;
  unsigned coalesces_in_a_row_ = 0;
  uint64_t next_id_ = 0; // the first event id this client does not have yet
  std::deque<event_ptr> queue_;
  // Bytes of our own (response head, hello, heartbeats) to send before the queue, with the end offset
  // of each part and its event type for the metrics ("" for the response head).
  std::string owned_;
  std::vector<std::pair<std::string, size_t>> owned_types_;
  std::string writing_owned_;
  std::vector<std::pair<std::string, size_t>> writing_owned_types_;
  std::vector<event_ptr> in_flight_;
  std::vector<net::const_buffer> buffers_;
  std::array<char, 512> sink_{};
};

namespace {

/// The limiter's key of a refusal reason, as the log lines show it: "401 (unauthorized)".
std::string refusal_key(rejection r) {
  return fmt::format("{} ({})", status_of(r), to_string(r));
}

} // namespace

bool sse_server::impl::log_refusal_in_full(rejection r) {
  auto now = steady_ms();
  std::optional<suppressed_lines> admitted;
  {
    std::lock_guard lock{refusal_log_mutex};
    admitted = refusal_log.admit(refusal_key(r), now);
  }
  if (admitted && admitted->count > 0)
    log_summary(*admitted, now);
  return admitted.has_value();
}

void sse_server::impl::log_suppressed_refusals() {
  auto now = steady_ms();
  std::vector<suppressed_lines> due;
  {
    std::lock_guard lock{refusal_log_mutex};
    due = refusal_log.due(now);
  }
  for (auto& s : due)
    log_summary(s, now);
}

void sse_server::impl::log_summary(const suppressed_lines& s, int64_t now_ms) {
  spdlog::info("sse: refused {} × {} more in the last {:.0f} s (not logged one by one; counted in "
               "g6_sse_rejections_total)",
               s.key, s.count, static_cast<double>(now_ms - s.since_ms) / 1000.0);
}

void sse_server::impl::unregister(const std::string& ip) {
  uint64_t now = 0;
  {
    std::lock_guard lock{clients_mutex};
    if (auto i = per_ip.find(ip); i != per_ip.end() && --i->second == 0)
      per_ip.erase(i);
    now = --clients;
  }
  if (metrics)
    metrics->set_clients(now);
}

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
  tick_timer.expires_after(std::chrono::milliseconds(std::min<int64_t>(1000, static_cast<int64_t>(settings.heartbeat_seconds * 1000))));
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
  log_suppressed_refusals();
  if (metrics) {
    metrics->set_queued_events(static_cast<uint64_t>(std::max<int64_t>(0, queued.load())));
    metrics->set_clients(clients.load());
  }
}

uint64_t sse_server::impl::publish(const std::vector<named_panel>& panels, epoch_ms generated_at) {
  // Posted under the stream lock, so each shard sees events in id order even with several publishers.
  std::lock_guard stream_lock{stream_mutex};
  auto p = stream.publish(panels, generated_at, steady_ns());
  last_id = p.event->id;
  for (auto& shard : shards)
    net::post(shard->ioc, [&shard = *shard, p] { shard.for_each_stream([&](session& s) { s.enqueue(p); }); });
  return p.event->id;
}

sse_server::sse_server(std::shared_ptr<impl> i) : impl_(std::move(i)) {
}

std::variant<std::unique_ptr<sse_server>, std::string> sse_server::start(server_settings settings,
                                                                         std::shared_ptr<sse_metrics> metrics) {
  auto policy = access_policy::make(settings.access);
  if (auto* error = std::get_if<std::string>(&policy))
    return *error;
  boost::system::error_code ec;
  auto address = net::ip::make_address(settings.bind, ec);
  if (ec)
    return "sse.bind: '" + settings.bind + "' is not an IP address";
  auto i = std::make_shared<impl>(settings, std::move(metrics), std::move(std::get<access_policy>(policy)));
  tcp::endpoint endpoint{address, settings.port};
  i->acceptor.open(endpoint.protocol(), ec);
  if (!ec)
    i->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec)
    i->acceptor.bind(endpoint, ec);
  if (!ec)
    i->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return fmt::format("cannot listen on {}:{}: {}", settings.bind, settings.port, ec.message());
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

uint64_t sse_server::publish(const std::vector<named_panel>& panels, epoch_ms generated_at) {
  return impl_->publish(panels, generated_at);
}

server_health sse_server::impl::health() {
  server_health h;
  h.clients = clients.load();
  {
    std::lock_guard lock{stream_mutex};
    h.last_event_id = stream.last_id();
    h.published = stream.full() != nullptr;
  }
  h.degraded = !h.published || steady_ms() - last_coalesce_ms < 60'000;
  return h;
}

server_health sse_server::health() const {
  return impl_->health();
}

} // namespace g6::sse
