// The SSE server on loopback: the stream a client sees (retry, hello, panel_full, panel_diff, heartbeat),
// /resync, /health, /version, resume with Last-Event-ID inside and outside the ring, every refusal with
// its status code and its count in the metrics, and backpressure: a client that stops reading is
// coalesced and then disconnected while a reading client gets every event; clients spread over several
// I/O threads, joining while events are published, get every event once. The log: a token in the query
// never reaches it, and a flood of refusals gives one line per reason per window while the metric counts
// every one. The web app: the page and assets (ETag, gzip), the API behind the token or a session cookie
// from POST /login (logout, expiry, forgery), and the API's answers from a real database.
#define BOOST_TEST_MODULE sse_server
#include <boost/test/unit_test.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <prometheus/registry.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <regex>
#include <sstream>
#include <thread>

#include "actors/sse/event_stream_client.hpp"
#include "actors/sse/panel_mirror.hpp"
#include "actors/sse/sse_parser.hpp"
#include "actors/sse/sse_server.hpp"
#include "http/http_client.hpp"
#include "metrics/sse_metrics.hpp"
#include "tests/support/sample_chains.hpp"
#include "tests/support/temp_dir.hpp"

using namespace g6::sse;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

std::vector<named_panel> panels_at(int tick) {
  return {{"summary", json{{"cycle", tick}, {"status", "ok"}}.dump()},
          {"indices", json{{"rows", json::array({tick, 2 * tick})}}.dump()}};
}

struct running_server {
  explicit running_server(server_settings s) : registry(std::make_shared<prometheus::Registry>()) {
    metrics = make_stream_metrics(registry);
    s.bind = "127.0.0.1";
    s.port = 0;
    s.version = "test-1";
    auto started = sse_server::start(s, metrics);
    BOOST_TEST_REQUIRE(started.has_value());
    server = std::move(*started);
  }

  stream_url url(const std::string& path) const { return {"127.0.0.1", std::to_string(server->port()), path}; }

  /// A one-shot request of `path` (an empty body) through the project's HTTP client; the test stops when
  /// there is no answer.
  g6::http_response call(g6::http_method method, const std::string& path, const header_list& headers) const {
    g6::http_request request;
    request.method = method;
    request.url = "http://127.0.0.1:" + std::to_string(server->port()) + path;
    request.headers = headers;
    request.timeout = 5s;
    auto result = g6::http_client{}.perform(request);
    BOOST_TEST_REQUIRE(result.has_value());
    return *std::move(result);
  }

  g6::http_response get(const std::string& path, const header_list& headers = {}) const {
    return call(g6::http_method::get, path, headers);
  }

  g6::http_response post(const std::string& path, const header_list& headers = {}) const {
    return call(g6::http_method::post, path, headers);
  }

  /// The value of a counter or gauge series with this label (or the unlabelled one).
  double value(const std::string& family, const std::string& label = "", const std::string& wanted = "") const {
    for (auto& f : registry->Collect()) {
      if (f.name != family)
        continue;
      for (auto& m : f.metric) {
        bool match = label.empty() || std::any_of(m.label.begin(), m.label.end(), [&](auto& l) {
                       return l.name == label && l.value == wanted;
                     });
        if (match)
          return f.type == prometheus::MetricType::Counter ? m.counter.value : m.gauge.value;
      }
    }
    return -1;
  }

  std::shared_ptr<prometheus::Registry> registry;
  std::shared_ptr<g6::sse_metrics> metrics;
  std::unique_ptr<sse_server> server;
};

/// An open /events stream and everything it received.
struct client {
  client(const stream_url& url, header_list headers = {}) {
    auto opened = event_stream_client::open(url, headers, 5s);
    BOOST_TEST_REQUIRE(opened.has_value());
    stream = std::move(*opened);
  }

  /// Reads until `n` events arrived in all (false when 5 s pass first).
  bool wait_events(size_t n) {
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (events.size() < n && std::chrono::steady_clock::now() < deadline) {
      auto bytes = stream->read(100ms);
      if (!bytes)
        return false;
      for (auto& ev : parser.feed(*bytes))
        events.push_back(ev);
    }
    return events.size() >= n;
  }

  std::unique_ptr<event_stream_client> stream;
  event_parser parser;
  std::vector<parsed_event> events;
};

/// Sends raw bytes and returns everything the server answers before it closes.
std::string raw_exchange(uint16_t port, const std::string& request) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket{ioc};
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  boost::asio::write(socket, boost::asio::buffer(request));
  std::string answer;
  boost::system::error_code ec;
  std::array<char, 4096> chunk{};
  while (!ec) {
    auto n = socket.read_some(boost::asio::buffer(chunk), ec);
    answer.append(chunk.data(), n);
  }
  return answer;
}

/// Everything logged through spdlog's default logger while it lives (every level).
struct captured_log {
  captured_log() : previous(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text, true);
    auto logger = std::make_shared<spdlog::logger>("captured", sink);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~captured_log() { spdlog::set_default_logger(previous); }

  std::vector<std::string> lines() {
    spdlog::default_logger()->flush();
    std::vector<std::string> out;
    std::istringstream in{text.str()};
    for (std::string line; std::getline(in, line);)
      out.push_back(line);
    return out;
  }

  std::ostringstream text;
  std::shared_ptr<spdlog::logger> previous;
};

unsigned status_of_get(const running_server& s, const std::string& path, header_list headers = {}) {
  return static_cast<unsigned>(s.get(path, headers).status);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_client_gets_retry_hello_the_snapshot_then_diffs_and_heartbeats) {
  server_settings s;
  s.retry_ms = 1234;
  s.heartbeat_seconds = 0.2;
  running_server srv{s};
  srv.server->publish(panels_at(1), 111);
  client c{srv.url("/events")};
  BOOST_TEST(c.stream->status() == 200u);
  BOOST_TEST(c.stream->headers().at("content-type") == "text/event-stream");
  BOOST_TEST(c.stream->headers().at("x-request-id").size() == 16u);
  BOOST_TEST_REQUIRE(c.wait_events(2));
  BOOST_TEST(*c.parser.retry_ms() == 1234u);
  BOOST_TEST(c.events[0].type == "hello");
  BOOST_TEST(!c.events[0].id.has_value());
  auto hello = json::parse(c.events[0].data);
  BOOST_TEST(hello["version"] == "test-1");
  BOOST_TEST(hello["mode"] == "diff");
  BOOST_TEST(hello["panels"] == (json{"indices", "summary"}));
  BOOST_TEST(hello["heartbeat_seconds"] == 0.2);
  BOOST_TEST(hello["resume"] == "snapshot");
  BOOST_TEST(c.events[1].type == "panel_full");
  BOOST_TEST(*c.events[1].id == "1");

  panel_mirror mirror;
  BOOST_TEST(!mirror.apply(c.events[1]).has_value());
  srv.server->publish(panels_at(2), 222);
  srv.server->publish(panels_at(3), 333);
  BOOST_TEST_REQUIRE(c.wait_events(4));
  BOOST_TEST(c.events[2].type == "panel_diff");
  BOOST_TEST(*c.events[2].id == "2");
  BOOST_TEST(*c.events[3].id == "3");
  BOOST_TEST(!mirror.apply(c.events[2]).has_value());
  BOOST_TEST(!mirror.apply(c.events[3]).has_value());
  BOOST_TEST(mirror.panels().at("summary") == json::parse(panels_at(3)[0].text));
  BOOST_TEST(mirror.panels().at("indices") == json::parse(panels_at(3)[1].text));

  auto before = c.parser.comments();
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (c.parser.comments() == before && std::chrono::steady_clock::now() < deadline)
    c.wait_events(c.events.size() + 1);
  BOOST_TEST(c.parser.comments() > before);

  auto resync = srv.get("/resync");
  auto body = json::parse(resync.body);
  BOOST_TEST(body["id"] == 3);
  BOOST_TEST(body["generated_at"] == 333);
  panel_mirror from_resync;
  BOOST_TEST(!from_resync.apply_snapshot(body).has_value());
  BOOST_TEST(from_resync.panels() == mirror.panels());

  auto health = json::parse(srv.get("/health").body);
  BOOST_TEST(health["status"] == "ok");
  BOOST_TEST(health["clients"] == 1);
  BOOST_TEST(health["last_event_id"] == 3);
  auto version = json::parse(srv.get("/version").body);
  BOOST_TEST(version["version"] == "test-1");
  BOOST_TEST(srv.value("g6_sse_clients") == 1);
  BOOST_TEST(srv.value("g6_sse_events_sent_total", "type", "panel_diff") == 2);
  BOOST_TEST(srv.value("g6_sse_events_sent_total", "type", "panel_full") == 1);
  BOOST_TEST(srv.value("g6_sse_events_sent_total", "type", "hello") == 1);
}

BOOST_AUTO_TEST_CASE(health_is_degraded_before_anything_is_published) {
  running_server srv{server_settings{}};
  auto health = json::parse(srv.get("/health").body);
  BOOST_TEST(health["status"] == "degraded");
  BOOST_TEST(health["clients"] == 0);
}

BOOST_AUTO_TEST_CASE(resume_inside_the_ring_replays_and_outside_sends_the_snapshot) {
  server_settings s;
  s.stream.ring_size = 3;
  running_server srv{s};
  srv.server->publish(panels_at(1), 0);
  srv.server->publish(panels_at(2), 0);
  srv.server->publish(panels_at(3), 0);
  {
    client c{srv.url("/events"), {{"Last-Event-ID", "1"}}};
    BOOST_TEST_REQUIRE(c.wait_events(3));
    BOOST_TEST(json::parse(c.events[0].data)["resume"] == "replay");
    BOOST_TEST(c.events[1].type == "panel_diff");
    BOOST_TEST(*c.events[1].id == "2");
    BOOST_TEST(*c.events[2].id == "3");
    BOOST_TEST(!c.wait_events(4)); // nothing more until the next publish
  }
  {
    client c{srv.url("/events"), {{"Last-Event-ID", "3"}}};
    BOOST_TEST_REQUIRE(c.wait_events(1));
    BOOST_TEST(json::parse(c.events[0].data)["resume"] == "none");
    srv.server->publish(panels_at(4), 0);
    BOOST_TEST_REQUIRE(c.wait_events(2));
    BOOST_TEST(c.events[1].type == "panel_diff");
    BOOST_TEST(*c.events[1].id == "4");
  }
  srv.server->publish(panels_at(5), 0);
  srv.server->publish(panels_at(6), 0);
  for (auto id : {"1", "77", "garbage"}) {
    client c{srv.url("/events"), {{"Last-Event-ID", id}}};
    BOOST_TEST_REQUIRE(c.wait_events(2));
    BOOST_TEST(json::parse(c.events[0].data)["resume"] == "snapshot");
    BOOST_TEST(c.events[1].type == "panel_full");
    BOOST_TEST(*c.events[1].id == "6");
  }
}

BOOST_AUTO_TEST_CASE(every_refusal_has_its_status_code_and_is_counted) {
  server_settings s;
  s.access.token = "s3cret";
  s.access.allow_user_agents = {"g6-test"};
  s.access.cors_origins = {"https://ok.example"};
  s.access.requests_per_second = 1000;
  s.access.request_burst = 1000;
  s.max_header_bytes = 1024;
  s.max_target_bytes = 64;
  s.request_timeout_seconds = 0.3;
  running_server srv{s};
  header_list ua{{"User-Agent", "g6-test/1"}};
  auto with = [&](header_list extra) {
    extra.insert(extra.begin(), ua.begin(), ua.end());
    return extra;
  };
  BOOST_TEST(status_of_get(srv, "/events", ua) == 401u);
  BOOST_TEST(status_of_get(srv, "/resync", with({{"Authorization", "Bearer wrong"}})) == 403u);
  BOOST_TEST(status_of_get(srv, "/resync", with({{"X-API-Key", "s3cret"}})) == 200u);
  BOOST_TEST(status_of_get(srv, "/resync", with({{"Authorization", "Bearer s3cret"}})) == 200u);
  BOOST_TEST(status_of_get(srv, "/health", {{"User-Agent", "Mozilla/5.0"}}) == 403u);
  BOOST_TEST(status_of_get(srv, "/health", with({{"Origin", "https://evil.example"}})) == 403u);
  auto cors = srv.get("/health", with({{"Origin", "https://ok.example"}}));
  BOOST_TEST(cors.header("access-control-allow-origin").value_or("") == "https://ok.example");
  BOOST_TEST(status_of_get(srv, "/nope", ua) == 404u);
  BOOST_TEST(status_of_get(srv, "/" + std::string(100, 'a'), ua) == 414u);
  auto echoed = srv.get("/version", with({{"X-Request-ID", "req-42"}}));
  BOOST_TEST(echoed.header("x-request-id").value_or("") == "req-42");

  auto post = raw_exchange(srv.server->port(), "POST /events HTTP/1.1\r\nHost: x\r\nUser-Agent: g6-test\r\n\r\n");
  BOOST_TEST(post.rfind("HTTP/1.1 405", 0) == 0u);
  auto huge = raw_exchange(srv.server->port(),
                           "GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(2000, 'p') + "\r\n\r\n");
  BOOST_TEST(huge.rfind("HTTP/1.1 431", 0) == 0u);
  auto garbage = raw_exchange(srv.server->port(), "BLAH\x01 / HTTP/9\r\n\r\n");
  BOOST_TEST(garbage.rfind("HTTP/1.1 400", 0) == 0u);
  // Slowloris: half a request, then silence; the server closes without an answer.
  auto slow = raw_exchange(srv.server->port(), "GET /health HTTP/1.1\r\nHost: x\r\n");
  BOOST_TEST(slow.empty());
  // The client sees the close a moment before the server's I/O thread counts it.
  for (int i = 0; i < 100 && srv.value("g6_sse_rejections_total", "reason", "timeout") == 0; ++i)
    std::this_thread::sleep_for(20ms);

  BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "unauthorized") == 1);
  BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "forbidden") == 1);
  BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "user_agent") == 1);
  BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "origin") == 1);
  BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "not_found") == 1);
  BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "target_too_long") == 1);
  BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "method") == 1);
  BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "header_too_large") == 1);
  BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "bad_request") == 1);
  BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "timeout") == 1);
  BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "rate") == 0);
}

BOOST_AUTO_TEST_CASE(the_event_stream_head_carries_the_same_cors_and_server_fields_as_a_json_answer) {
  server_settings s;
  s.access.cors_origins = {"https://ok.example"};
  running_server srv{s};
  header_list origin{{"Origin", "https://ok.example"}};
  client stream{srv.url("/events"), origin};
  auto json_answer = srv.get("/health", origin);
  auto& events = stream.stream->headers();
  BOOST_TEST(events.at("content-type") == "text/event-stream");
  BOOST_TEST(events.at("cache-control") == "no-cache");
  BOOST_TEST(events.count("content-length") == 0u);
  BOOST_TEST(json_answer.header("content-type").value_or("") == "application/json");
  for (auto name : {"server", "access-control-allow-origin", "vary", "access-control-allow-methods",
                    "access-control-allow-headers"}) {
    BOOST_TEST_REQUIRE(events.count(name) == 1u, name);
    BOOST_TEST(events.at(name) == json_answer.header(name).value_or("(none)"), name);
  }
  BOOST_TEST(events.at("access-control-allow-origin") == "https://ok.example");
  BOOST_TEST(events.at("x-request-id").size() == 16u);
  // The head is followed by the stream itself.
  BOOST_TEST_REQUIRE(stream.wait_events(1));
  BOOST_TEST(stream.events[0].type == "hello");
}

BOOST_AUTO_TEST_CASE(addresses_outside_the_allow_list_are_refused) {
  server_settings s;
  s.access.allow_ips = {"10.0.0.0/8", "2001:db8::/32"};
  running_server srv{s};
  BOOST_TEST(status_of_get(srv, "/health") == 403u);
  BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "ip") == 1);
}

BOOST_AUTO_TEST_CASE(a_client_over_its_request_rate_gets_429_with_retry_after) {
  server_settings s;
  s.access.requests_per_second = 0.01;
  s.access.request_burst = 2;
  running_server srv{s};
  BOOST_TEST(status_of_get(srv, "/health") == 200u);
  BOOST_TEST(status_of_get(srv, "/health") == 200u);
  auto refused = srv.get("/health");
  BOOST_TEST(refused.status == 429);
  BOOST_TEST(refused.header("retry-after").value_or("") == "100");
  BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "rate") == 1);
}

BOOST_AUTO_TEST_CASE(clients_over_the_caps_get_503) {
  {
    server_settings s;
    s.max_clients = 1;
    running_server srv{s};
    client first{srv.url("/events")};
    BOOST_TEST(first.stream->status() == 200u);
    BOOST_TEST(status_of_get(srv, "/events") == 503u);
    BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "capacity") == 1);
  }
  {
    server_settings s;
    s.max_clients_per_ip = 2;
    running_server srv{s};
    client first{srv.url("/events")};
    client second{srv.url("/events")};
    BOOST_TEST(second.stream->status() == 200u);
    BOOST_TEST(status_of_get(srv, "/events") == 503u);
    BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "ip_capacity") == 1);
  }
}

BOOST_AUTO_TEST_CASE(a_stalled_client_is_coalesced_then_dropped_while_a_reading_client_gets_everything) {
  server_settings s;
  s.queue_limit = 16;
  s.max_coalesces = 1;
  running_server srv{s};
  // A stalled client: a small receive buffer, a request, and then it never reads.
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket stalled{ioc};
  stalled.open(boost::asio::ip::tcp::v4());
  stalled.set_option(boost::asio::socket_base::receive_buffer_size(4096));
  stalled.connect({boost::asio::ip::make_address("127.0.0.1"), srv.server->port()});
  boost::asio::write(stalled, boost::asio::buffer(std::string{"GET /events HTTP/1.1\r\nHost: x\r\n\r\n"}));

  std::atomic<bool> done{false};
  std::vector<uint64_t> ids;
  std::vector<std::string> types;
  panel_mirror mirror;
  std::string mirror_error;
  client fast{srv.url("/events")};
  std::thread reader{[&] {
    while (!done) {
      auto bytes = fast.stream->read(50ms);
      if (!bytes)
        break;
      for (auto& ev : fast.parser.feed(*bytes)) {
        if (ev.id) {
          ids.push_back(std::stoull(*ev.id));
          types.push_back(ev.type);
        }
        if (auto error = mirror.apply(ev))
          mirror_error = *error;
      }
    }
  }};
  // Events of about 256 KiB: a few fill the stalled client's socket buffers.
  const int events = 120;
  for (int i = 1; i <= events; ++i) {
    std::vector<named_panel> panels{
      {"chain", json{{"tick", i}, {"rows", std::string(256 * 1024, static_cast<char>('a' + i % 26))}}.dump()}};
    srv.server->publish(panels, i);
    std::this_thread::sleep_for(20ms);
  }
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while ((ids.size() < static_cast<size_t>(events) || srv.value("g6_sse_disconnects_total", "reason", "slow") < 1)
         && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  done = true;
  reader.join();

  BOOST_TEST(srv.value("g6_sse_disconnects_total", "reason", "slow") == 1);
  BOOST_TEST(srv.value("g6_sse_coalesces_total") == 2);
  BOOST_TEST(srv.value("g6_sse_clients") == 1);
  // The reading client: every id once, in order, all diffs, and a mirror that verifies.
  BOOST_TEST_REQUIRE(ids.size() == static_cast<size_t>(events));
  for (size_t i = 0; i < ids.size(); ++i)
    BOOST_TEST(ids[i] == i + 1);
  BOOST_TEST(std::count(types.begin(), types.end(), "panel_diff") == events);
  BOOST_TEST(mirror_error == "");
  BOOST_TEST(mirror.panels().at("chain")["tick"] == events);
}

BOOST_AUTO_TEST_CASE(clients_joining_while_events_are_published_get_every_id_once_on_any_io_thread) {
  server_settings s;
  s.io_threads = 3;
  s.queue_limit = 1000; // no coalescing: only the registration race is under test
  s.stream.ring_size = 1000;
  running_server srv{s};
  const uint64_t events = 300;
  std::atomic<bool> publishing{true};
  std::thread publisher{[&] {
    for (uint64_t i = 1; i <= events; ++i) {
      srv.server->publish(panels_at(static_cast<int>(i)), 0);
      std::this_thread::sleep_for(1ms);
    }
    publishing = false;
  }};
  // Clients connect at different moments of the publishing, so some register while an event is on its
  // way to their I/O thread.
  std::vector<std::unique_ptr<client>> clients;
  for (int c = 0; c < 12; ++c) {
    clients.push_back(std::make_unique<client>(srv.url("/events")));
    std::this_thread::sleep_for(std::chrono::milliseconds(7 + 3 * c));
  }
  publisher.join();
  for (auto& c : clients) {
    // Read until the last event arrives (the hello and the first event come before the rest).
    std::vector<uint64_t> ids;
    panel_mirror mirror;
    std::string mirror_error;
    size_t seen = 0;
    while (ids.empty() || ids.back() < events) {
      BOOST_TEST_REQUIRE(c->wait_events(seen + 1));
      for (; seen < c->events.size(); ++seen) {
        auto& ev = c->events[seen];
        if (auto error = mirror.apply(ev))
          mirror_error = *error;
        if (ev.id)
          ids.push_back(std::stoull(*ev.id));
      }
    }
    BOOST_TEST_REQUIRE(!ids.empty());
    BOOST_TEST(ids.back() == events);
    for (size_t i = 1; i < ids.size(); ++i)
      BOOST_TEST_REQUIRE(ids[i] == ids[i - 1] + 1, "event " << ids[i] << " after " << ids[i - 1]);
    BOOST_TEST(mirror_error == "");
    BOOST_TEST(mirror.panels().at("summary")["cycle"] == events);
  }
}

BOOST_AUTO_TEST_CASE(a_token_in_the_query_never_reaches_the_log) {
  captured_log log;
  {
    server_settings s;
    s.access.token = "s3cret";
    running_server srv{s};
    BOOST_TEST(status_of_get(srv, "/events?token=secret-in-query&x=other-value") == 401u);
    BOOST_TEST(status_of_get(srv, "/nope?token=secret-on-404", {{"Authorization", "Bearer s3cret"}}) == 404u);
    BOOST_TEST(status_of_get(srv, "/health?token=secret-on-200", {{"Cookie", "session=cookie-secret"}}) == 200u);
    BOOST_TEST(status_of_get(srv, "/resync?token=secret-on-403", {{"Authorization", "Bearer wrong-bearer"}}) == 403u);
  }
  auto lines = log.lines();
  auto all = log.text.str();
  for (auto secret : {"secret-in-query", "other-value", "secret-on-404", "secret-on-200", "s3cret", "cookie-secret",
                      "secret-on-403", "wrong-bearer"})
    BOOST_TEST(all.find(secret) == std::string::npos, secret << " reached the log");
  // The parameter names stay, so the line still says what was asked.
  BOOST_TEST(all.find("GET /events?token=<redacted>&x=<redacted> refused 401 (unauthorized)") != std::string::npos);
  BOOST_TEST(all.find("/health?token=<redacted> 200") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_flood_of_refusals_logs_one_line_per_reason_and_counts_every_one) {
  captured_log log;
  server_settings s;
  s.access.token = "s3cret";
  s.access.requests_per_second = 1e6;
  s.access.request_burst = 1e6;
  s.refusal_log_seconds = 3600; // the whole flood falls in one window
  running_server srv{s};
  for (int i = 0; i < 500; ++i)
    BOOST_TEST_REQUIRE(status_of_get(srv, "/events?token=flood") == 401u);
  for (int i = 0; i < 3; ++i)
    BOOST_TEST_REQUIRE(status_of_get(srv, "/nope") == 404u);
  BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "unauthorized") == 500);
  BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "not_found") == 3);
  auto lines = log.lines();
  auto count = [&](const std::string& needle) {
    return std::count_if(lines.begin(), lines.end(), [&](auto& l) { return l.find(needle) != std::string::npos; });
  };
  BOOST_TEST(count("refused 401") == 1);
  BOOST_TEST(count("refused 404") == 1);
}

BOOST_AUTO_TEST_CASE(suppressed_refusals_are_summed_in_a_summary_line_once_the_window_passes) {
  captured_log log;
  server_settings s;
  s.access.token = "s3cret";
  s.access.requests_per_second = 1e6;
  s.access.request_burst = 1e6;
  s.refusal_log_seconds = 0.5;
  s.heartbeat_seconds = 0.05; // the server's tick, which writes the summaries
  running_server srv{s};
  constexpr int flood = 200;
  for (int i = 0; i < flood; ++i)
    BOOST_TEST_REQUIRE(status_of_get(srv, "/events") == 401u);
  // Every refusal is either a line of its own or counted in a summary, however the windows fell.
  std::regex summary{R"(refused 401 \(unauthorized\) × (\d+) more in the last \d+ s)"};
  long full = 0;
  long summed = 0;
  for (int wait = 0; wait < 100 && full + summed < flood; ++wait) {
    std::this_thread::sleep_for(50ms);
    full = 0;
    summed = 0;
    for (auto& line : log.lines()) {
      std::smatch m;
      if (std::regex_search(line, m, summary))
        summed += std::stol(m[1].str());
      else if (line.find("GET /events refused 401") != std::string::npos)
        ++full;
    }
  }
  BOOST_TEST(full + summed == flood);
  BOOST_TEST(summed > 0);
  BOOST_TEST(srv.value("g6_sse_rejections_total", "reason", "unauthorized") == flood);
}

namespace {

/// "g6_session=<id>" out of a Set-Cookie value, as a browser sends it back.
std::string cookie_from(const g6::http_response& login) {
  auto set = std::string{login.header("set-cookie").value_or("")};
  return set.substr(0, set.find(';'));
}

} // namespace

BOOST_AUTO_TEST_CASE(the_api_and_stream_take_the_token_or_a_session_cookie_from_login_until_logout) {
  g6::testing::temp_dir dir;
  g6::testing::sample_chains{}.write(dir.path() / "g6.sqlite");
  server_settings s;
  s.access.token = "s3cret";
  s.access.requests_per_second = 1000;
  s.access.request_burst = 1000;
  s.database_path = (dir.path() / "g6.sqlite").string();
  running_server srv{s};
  // The page and its assets load without the token: the login form is on it.
  auto page = srv.get("/");
  BOOST_TEST(page.status == 200);
  BOOST_TEST(page.header("content-type").value_or("") == "text/html; charset=utf-8");
  BOOST_TEST(page.header("content-security-policy").value_or("").find("default-src 'self'") != std::string::npos);
  BOOST_TEST(status_of_get(srv, "/api/indices") == 401u);
  BOOST_TEST(status_of_get(srv, "/api/indices", {{"Authorization", "Bearer wrong"}}) == 403u);
  BOOST_TEST(status_of_get(srv, "/api/indices", {{"Authorization", "Bearer s3cret"}}) == 200u);

  BOOST_TEST(static_cast<unsigned>(srv.post("/login").status) == 401u);
  BOOST_TEST(static_cast<unsigned>(srv.post("/login", {{"Authorization", "Bearer wrong"}}).status) == 403u);
  auto login = srv.post("/login", {{"Authorization", "Bearer s3cret"}});
  BOOST_TEST(static_cast<unsigned>(login.status) == 204u);
  auto set_cookie = std::string{login.header("set-cookie").value_or("")};
  for (auto attribute : {"HttpOnly", "SameSite=Strict", "Max-Age=43200"})
    BOOST_TEST(set_cookie.find(attribute) != std::string::npos, set_cookie);
  header_list session{{"Cookie", "theme=dark; " + cookie_from(login)}};
  auto indices = srv.get("/api/indices", session);
  BOOST_TEST_REQUIRE(static_cast<unsigned>(indices.status) == 200u);
  BOOST_TEST(json::parse(indices.body)["indices"][0]["index"] == "NIFTY");
  BOOST_TEST(status_of_get(srv, "/resync", session) == 200u);
  client stream{srv.url("/events"), session};
  BOOST_TEST_REQUIRE(stream.wait_events(1));
  BOOST_TEST(stream.events[0].type == "hello");

  BOOST_TEST(status_of_get(srv, "/api/indices", {{"Cookie", "g6_session=" + std::string(64, 'a')}}) == 401u);
  BOOST_TEST(static_cast<unsigned>(srv.post("/logout", session).status) == 204u);
  BOOST_TEST(status_of_get(srv, "/api/indices", session) == 401u);
  BOOST_TEST(status_of_get(srv, "/login") == 405u);
  BOOST_TEST(static_cast<unsigned>(srv.post("/api/indices").status) == 405u);
}

BOOST_AUTO_TEST_CASE(a_session_cookie_stops_working_when_it_expires) {
  server_settings s;
  s.access.token = "s3cret";
  s.session_seconds = 1;
  running_server srv{s};
  auto login = srv.post("/login", {{"X-API-Key", "s3cret"}});
  BOOST_TEST_REQUIRE(static_cast<unsigned>(login.status) == 204u);
  header_list session{{"Cookie", cookie_from(login)}};
  BOOST_TEST(status_of_get(srv, "/resync", session) == 200u);
  std::this_thread::sleep_for(1100ms);
  BOOST_TEST(status_of_get(srv, "/resync", session) == 401u);
}

BOOST_AUTO_TEST_CASE(assets_revalidate_by_etag_and_answers_are_gzipped_for_clients_that_take_it) {
  g6::testing::temp_dir dir;
  g6::testing::sample_chains{}.write(dir.path() / "g6.sqlite");
  server_settings s;
  s.database_path = (dir.path() / "g6.sqlite").string();
  running_server srv{s};
  auto chart = srv.get("/assets/chart.min.js");
  BOOST_TEST_REQUIRE(static_cast<unsigned>(chart.status) == 200u);
  BOOST_TEST(chart.header("content-encoding").value_or("") == "gzip"); // the client asks for it
  BOOST_TEST(chart.body.find("Chart") != std::string::npos);
  BOOST_TEST(chart.header("cache-control").value_or("") == "no-cache");
  auto etag = std::string{chart.header("etag").value_or("")};
  BOOST_TEST(status_of_get(srv, "/assets/chart.min.js", {{"If-None-Match", etag}}) == 304u);
  BOOST_TEST(status_of_get(srv, "/assets/nothing.js") == 404u);

  auto chain = srv.get("/api/chain?index=NIFTY");
  BOOST_TEST_REQUIRE(static_cast<unsigned>(chain.status) == 200u);
  BOOST_TEST(chain.header("content-encoding").value_or("") == "gzip");
  BOOST_TEST(chain.header("cache-control").value_or("") == "no-store");
  BOOST_TEST(json::parse(chain.body)["strikes"].size() == 3u);
  auto bad = srv.get("/api/history?index=NIFTY&series=vix");
  BOOST_TEST(static_cast<unsigned>(bad.status) == 400u);
  BOOST_TEST(json::parse(bad.body)["reason"] == "bad_parameter");
  BOOST_TEST(srv.value("g6_sse_api_requests_total", "outcome", "ok") >= 0); // the family exists
  auto counted = [&](const std::string& endpoint, const std::string& outcome) {
    for (auto& f : srv.registry->Collect())
      if (f.name == "g6_sse_api_requests_total")
        for (auto& m : f.metric) {
          std::map<std::string, std::string> labels;
          for (auto& l : m.label)
            labels[l.name] = l.value;
          if (labels["endpoint"] == endpoint && labels["outcome"] == outcome)
            return m.counter.value;
        }
    return -1.0;
  };
  BOOST_TEST(counted("chain", "ok") == 1);
  BOOST_TEST(counted("history", "bad_parameter") == 1);
  BOOST_TEST(counted("indices", "ok") == 0);
}

BOOST_AUTO_TEST_CASE(a_node_without_a_database_answers_the_api_with_503) {
  running_server srv{server_settings{}};
  auto answer = srv.get("/api/indices");
  BOOST_TEST(static_cast<unsigned>(answer.status) == 503u);
  BOOST_TEST(json::parse(answer.body)["reason"] == "unavailable");
}
