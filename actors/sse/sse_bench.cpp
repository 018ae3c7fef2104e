#include "actors/sse/sse_bench.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <prometheus/registry.h>
#include <pthread.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <memory>
#include <thread>

#include "actors/sse/sse_parser.hpp"
#include "actors/sse/sse_server.hpp"
#include "metrics/node_metrics.hpp"
#include "supervision/steady_time.hpp"

namespace g6::sse {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

/// Raises the soft descriptor limit towards the hard one; returns the limit now and a note when it is
/// still below what is needed.
std::pair<uint64_t, std::string> raise_nofile(uint64_t needed) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < needed) {
    auto wanted = limit.rlim_max == RLIM_INFINITY ? needed : std::min<rlim_t>(limit.rlim_max, needed);
    limit.rlim_cur = std::max<rlim_t>(limit.rlim_cur, wanted);
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  std::string note;
  if (limit.rlim_cur < needed)
    note = fmt::format("RLIMIT_NOFILE hard limit {} is below the {} descriptors needed; raise it (ulimit -Hn)",
                       limit.rlim_max, needed);
  return {limit.rlim_cur, note};
}

/// The synthetic panels of update `tick`: a summary and an index chain whose prices move every tick.
std::vector<named_panel> synthetic_panels(uint64_t tick, unsigned rows) {
  auto chain = nlohmann::json::array();
  for (unsigned r = 0; r < rows; ++r) {
    double strike = 22000 + 50.0 * r;
    double wave = std::sin(static_cast<double>(tick * 7 + r) * 0.37);
    chain.push_back({{"strike", strike},
                     {"ce_ltp", std::round((150 + 40 * wave) * 100) / 100},
                     {"pe_ltp", std::round((140 - 35 * wave) * 100) / 100},
                     {"iv", std::round((0.14 + 0.01 * wave) * 1e5) / 1e5},
                     {"oi", 100000 + (tick * 13 + r * 101) % 5000}});
  }
  return {{"summary", nlohmann::json{{"cycle", tick}, {"status", "ok"}, {"indices", 1}}.dump()},
          {"chain_NIFTY", nlohmann::json{{"index", "NIFTY"}, {"rows", std::move(chain)}}.dump()},
          {"system", nlohmann::json{{"node", "bench"}, {"uptime", tick}}.dump()}};
}

struct bench_client;

/// What the clients share: their thread only, so no locks.
struct client_side {
  net::io_context ioc;
  tcp::endpoint server;
  const std::vector<std::atomic<int64_t>>* published_ns = nullptr;
  uint64_t first_id = 1;
  std::vector<double> latencies_ms;
  uint64_t received = 0, bytes = 0, lost = 0, duplicated = 0, coalesced = 0, disconnected = 0;
  unsigned connected = 0, failed = 0;
  std::vector<std::shared_ptr<bench_client>> clients;
};

struct bench_client : std::enable_shared_from_this<bench_client> {
  explicit bench_client(client_side& side) : side_(side), socket_(side.ioc) {}

  void start() {
    socket_.async_connect(side_.server, [self = shared_from_this()](boost::system::error_code ec) {
      if (ec) {
        ++self->side_.failed;
        return;
      }
      http::async_write(self->socket_, request(), [self](boost::system::error_code wec, size_t) {
        if (wec) {
          ++self->side_.failed;
          return;
        }
        self->read_head();
      });
    });
  }

private:
  static const http::request<http::empty_body>& request() {
    static const http::request<http::empty_body> r = [] {
      http::request<http::empty_body> out{http::verb::get, "/events", 11};
      out.set(http::field::host, "bench");
      out.set(http::field::user_agent, "g6-bench");
      return out;
    }();
    return r;
  }

  void read_head() {
    // The event stream has no end: only the head is bounded.
    parser_.body_limit(boost::none);
    http::async_read_header(socket_, buffer_, parser_,
                            [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                              if (ec) {
                                ++self->side_.disconnected;
                                return;
                              }
                              self->side_.bytes += n;
                              self->read_body();
                            });
  }

  void read_body() {
    auto& body = parser_.get().body();
    body.data = body_.data();
    body.size = body_.size();
    http::async_read_some(socket_, buffer_, parser_,
                          [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                            // need_buffer: the body buffer is full, the rest of what arrived waits in buffer_.
                            if (ec && ec != http::error::need_buffer) {
                              ++self->side_.disconnected;
                              return;
                            }
                            auto now = steady_ns();
                            self->side_.bytes += n;
                            auto got = self->body_.size() - self->parser_.get().body().size;
                            for (auto& ev : self->events_.feed(std::string_view{self->body_.data(), got}))
                              self->on_event(ev, now);
                            // The server closed the stream (a body until the connection ends is complete then).
                            if (self->parser_.is_done()) {
                              ++self->side_.disconnected;
                              return;
                            }
                            self->read_body();
                          });
  }

  void on_event(const parsed_event& ev, int64_t now) {
    if (ev.type == "hello") {
      ++side_.connected;
      return;
    }
    if (!ev.id)
      return;
    auto id = std::strtoull(ev.id->c_str(), nullptr, 10);
    ++side_.received;
    if (next_ != 0 && id < next_)
      ++side_.duplicated;
    else if (next_ != 0 && id > next_ && ev.type == "panel_full")
      ++side_.coalesced;
    else if (next_ != 0 && id > next_)
      side_.lost += id - next_;
    else if (next_ == 0 && id > side_.first_id && ev.type != "panel_full")
      side_.lost += id - side_.first_id;
    next_ = std::max<uint64_t>(next_, id + 1);
    auto index = id - side_.first_id;
    if (index < side_.published_ns->size()) {
      auto sent = (*side_.published_ns)[index].load();
      if (sent > 0)
        side_.latencies_ms.push_back(static_cast<double>(now - sent) / 1e6);
    }
  }

  client_side& side_;
  tcp::socket socket_;
  beast::flat_buffer buffer_; // read from the socket, not parsed yet
  http::response_parser<http::buffer_body> parser_;
  std::array<char, 16384> body_{}; // the body as it arrives
  event_parser events_;
  uint64_t next_ = 0;
};

double cpu_seconds(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

/// CPU time of the server's threads: the process's, less the clients' thread and the publishing one.
struct cpu_split {
  double process = 0, clients = 0, publisher = 0;
  static cpu_split now(clockid_t client_clock) {
    return {cpu_seconds(CLOCK_PROCESS_CPUTIME_ID), cpu_seconds(client_clock), cpu_seconds(CLOCK_THREAD_CPUTIME_ID)};
  }
};

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty())
    return 0;
  auto rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

} // namespace

sse_bench_result run_sse_bench(const sse_bench_options& options) {
  sse_bench_result result;
  std::tie(result.nofile_limit, result.nofile_note) = raise_nofile(2ull * options.clients + 64);

  server_settings s;
  s.bind = "127.0.0.1";
  s.port = 0;
  s.version = "bench";
  s.io_threads = options.io_threads;
  s.max_clients = options.clients + 16;
  s.max_clients_per_ip = options.clients + 16;
  s.access.requests_per_second = 1e6;
  s.access.request_burst = 1e6;
  s.stream.diff_mode = options.mode != "full";
  s.stream.first_id = 1;
  auto previous_level = spdlog::get_level();
  spdlog::set_level(spdlog::level::warn);
  // The server counts as it would in a node: metrics on (a registry of its own).
  auto started = sse_server::start(s, make_stream_metrics(std::make_shared<prometheus::Registry>()));
  if (!started) {
    result.nofile_note = "server: " + started.error();
    return result;
  }
  auto& server = **started;

  auto total = static_cast<size_t>(std::ceil(options.duration_seconds * options.rate)) + 1;
  std::vector<std::atomic<int64_t>> published_ns(total);
  client_side side;
  side.server = {net::ip::make_address("127.0.0.1"), server.port()};
  side.published_ns = &published_ns;
  side.latencies_ms.reserve(total * options.clients);
  auto connect_start = steady_ns();
  for (unsigned i = 0; i < options.clients; ++i) {
    side.clients.push_back(std::make_shared<bench_client>(side));
    side.clients.back()->start();
  }
  auto guard = net::make_work_guard(side.ioc);
  std::thread client_thread{[&] {
    pthread_setname_np(pthread_self(), "g6-bench-client");
    side.ioc.run();
  }};
  // Wait until every client has its hello (or 30 s): the measurement starts with all of them listening.
  auto count_connected = [&] {
    std::atomic<unsigned> value{0};
    std::atomic<bool> read{false};
    net::post(side.ioc, [&] {
      value = side.connected + side.failed;
      read = true;
    });
    while (!read)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return value.load();
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (count_connected() < options.clients && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  result.connect_seconds = static_cast<double>(steady_ns() - connect_start) / 1e9;

  clockid_t client_clock{};
  pthread_getcpuclockid(client_thread.native_handle(), &client_clock);
  auto cpu_begin = cpu_split::now(client_clock);
  auto period = std::chrono::duration<double>(1.0 / options.rate);
  auto begin = std::chrono::steady_clock::now();
  for (size_t i = 0; i + 1 < total; ++i) {
    std::this_thread::sleep_until(
      begin + std::chrono::duration_cast<std::chrono::steady_clock::duration>(period * static_cast<double>(i)));
    auto panels = synthetic_panels(i + 1, options.chain_rows);
    published_ns[i] = steady_ns();
    server.publish(panels, 0);
    ++result.published;
  }
  auto expected = result.published * options.clients;
  auto drain_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  auto received = [&] {
    std::atomic<uint64_t> value{0};
    std::atomic<bool> read{false};
    net::post(side.ioc, [&] {
      value = side.received + side.lost;
      read = true;
    });
    while (!read)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return value.load();
  };
  while (received() < expected && std::chrono::steady_clock::now() < drain_deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  auto cpu_end = cpu_split::now(client_clock);
  result.client_cpu_seconds = cpu_end.clients - cpu_begin.clients;
  result.server_cpu_seconds =
    (cpu_end.process - cpu_begin.process) - result.client_cpu_seconds - (cpu_end.publisher - cpu_begin.publisher);
  result.resident_bytes = process_resident_bytes();
  guard.reset();
  net::post(side.ioc, [&] { side.ioc.stop(); });
  client_thread.join();
  spdlog::set_level(previous_level);

  result.clients_connected = side.connected;
  result.received = side.received;
  result.bytes_received = side.bytes;
  result.lost = side.lost;
  result.duplicated = side.duplicated;
  result.coalesced = side.coalesced;
  result.disconnected = side.disconnected;
  // Events never received by a connected client count as lost too.
  if (side.received + side.lost + side.coalesced < result.published * side.connected)
    result.lost += result.published * side.connected - side.received - side.lost - side.coalesced;
  result.received_per_second = result.seconds > 0 ? static_cast<double>(side.received) / result.seconds : 0;
  result.average_event_bytes =
    side.connected > 0 && result.published > 0
      ? static_cast<double>(side.bytes) / static_cast<double>(side.connected) / static_cast<double>(result.published)
      : 0;
  std::sort(side.latencies_ms.begin(), side.latencies_ms.end());
  result.p50_ms = percentile(side.latencies_ms, 0.50);
  result.p99_ms = percentile(side.latencies_ms, 0.99);
  result.max_ms = side.latencies_ms.empty() ? 0 : side.latencies_ms.back();
  return result;
}

std::string format_sse_bench(const sse_bench_options& o, const sse_bench_result& r) {
  std::string out =
    fmt::format("g6 bench sse: {} clients, {} s, {} updates/s, {} mode, {} server I/O thread(s), "
                "{} hardware threads\n",
                o.clients, o.duration_seconds, o.rate, o.mode, o.io_threads, std::thread::hardware_concurrency());
  out +=
    fmt::format("  RLIMIT_NOFILE     {}{}\n", r.nofile_limit, r.nofile_note.empty() ? "" : "  (" + r.nofile_note + ")");
  out += fmt::format("  connected         {} of {} in {:.2f} s\n", r.clients_connected, o.clients, r.connect_seconds);
  out += fmt::format("  published         {} events, {:.0f} bytes per event per client on the wire\n", r.published,
                     r.average_event_bytes);
  out += fmt::format("  received          {} events in {:.1f} s: {:.0f} events/s, {:.1f} MiB\n", r.received, r.seconds,
                     r.received_per_second, static_cast<double>(r.bytes_received) / 1048576.0);
  out += fmt::format("  latency           publish -> receive p50 {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms\n", r.p50_ms,
                     r.p99_ms, r.max_ms);
  auto per_delivery_us = [&](double seconds) {
    return r.received > 0 ? seconds / static_cast<double>(r.received) * 1e6 : 0.0;
  };
  out += fmt::format("  CPU               server {:.2f} s ({:.1f} us per event delivered), clients {:.2f} s "
                     "({:.1f} us per event received)\n",
                     r.server_cpu_seconds, per_delivery_us(r.server_cpu_seconds), r.client_cpu_seconds,
                     per_delivery_us(r.client_cpu_seconds));
  out += fmt::format("  lost {}  duplicated {}  coalesced {}  disconnected {}\n", r.lost, r.duplicated, r.coalesced,
                     r.disconnected);
  out += fmt::format("  resident memory   {:.1f} MiB (server and clients)\n",
                     static_cast<double>(r.resident_bytes) / 1048576.0);
  return out;
}

} // namespace g6::sse
