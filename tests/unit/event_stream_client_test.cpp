// The live stream's client against a scripted loopback server that writes the answer byte by byte as a
// test says: a chunked event stream cut at awkward places (inside a chunk size, between CR and LF, in the
// middle of a data line) gives the same events as one piece, and each event is handed on before the
// server sends the next; an oversize head, a silent server and an oversize error page are refused with
// errors that say so; a URL is taken apart.
#define BOOST_TEST_MODULE event_stream_client
#include <boost/test/unit_test.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <atomic>
#include <thread>

#include <fmt/format.h>

#include "actors/sse/event_stream_client.hpp"
#include "actors/sse/sse_parser.hpp"

using namespace g6::sse;
using namespace std::chrono_literals;
namespace net = boost::asio;

namespace {

/// What the scripted server does next: write bytes (with a pause after them, so they arrive in a read
/// of their own), or wait until the test opens the gate.
struct step {
  std::string bytes;
  bool gate = false;
};

/// One connection on 127.0.0.1: reads the request head, plays the steps, then keeps the connection open
/// until the test ends.
class scripted_server {
public:
  explicit scripted_server(std::vector<step> steps) : acceptor_(ioc_, {net::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread{[this, steps = std::move(steps)] { play(steps); }};
  }
  ~scripted_server() {
    done_ = true;
    thread_.join();
  }

  stream_url url() const { return {"127.0.0.1", std::to_string(acceptor_.local_endpoint().port()), "/events"}; }
  void open_gate() { gate_ = true; }

private:
  void play(const std::vector<step>& steps) {
    net::ip::tcp::socket socket{ioc_};
    acceptor_.accept(socket);
    socket.set_option(net::ip::tcp::no_delay(true));
    net::streambuf request;
    boost::system::error_code ec;
    net::read_until(socket, request, "\r\n\r\n", ec);
    for (auto& s : steps) {
      while (s.gate && !gate_ && !done_)
        std::this_thread::sleep_for(5ms);
      if (!s.bytes.empty())
        net::write(socket, net::buffer(s.bytes), ec);
      std::this_thread::sleep_for(10ms);
    }
    while (!done_)
      std::this_thread::sleep_for(5ms);
  }

  net::io_context ioc_;
  net::ip::tcp::acceptor acceptor_;
  std::atomic<bool> gate_{false};
  std::atomic<bool> done_{false};
  std::thread thread_;
};

std::unique_ptr<event_stream_client> open_or_fail(const stream_url& url) {
  auto opened = event_stream_client::open(url, {{"Accept", "text/event-stream"}}, 5s);
  if (!opened)
    BOOST_FAIL("open: " << opened.error());
  return std::move(*opened);
}

std::string open_error(const stream_url& url, std::chrono::milliseconds deadline) {
  auto opened = event_stream_client::open(url, {}, deadline);
  BOOST_TEST_REQUIRE(!opened.has_value());
  return opened.error();
}

/// Reads and parses until `n` events arrived (or 5 s passed).
std::vector<parsed_event> read_events(event_stream_client& client, event_parser& parser, size_t n,
                                      std::vector<parsed_event> events = {}) {
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (events.size() < n && std::chrono::steady_clock::now() < deadline) {
    auto bytes = client.read(100ms);
    if (!bytes)
      break;
    for (auto& ev : parser.feed(*bytes))
      events.push_back(ev);
  }
  return events;
}

const std::string event_stream_head =
  "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\nX-Request-ID: r1\r\n\r\n";

std::string chunk(std::string_view data) {
  return fmt::format("{:x}\r\n{}\r\n", data.size(), data);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_chunked_stream_cut_at_awkward_places_gives_every_event_as_it_arrives) {
  const std::string first = "retry: 2500\nevent: hello\ndata: {\"server\":\"g6\"}\n\n";
  const std::string second = "id: 7\nevent: panel_full\ndata: {\"panels\":\n";
  const std::string second_rest = "data: {\"summary\":1}}\n\n: heartbeat 7\n\n";
  const std::string third = "id: 8\nevent: panel_diff\ndata: {\"changed\":{}}\n\n";
  // The head in two pieces. The first event's chunk ("30\r\n...\r\n") one byte, then two at a time:
  // cuts inside the chunk size ("3" | "0\r"), between CR and LF after it and after the data, and inside
  // every line. The second event spans two chunks, the first cut just after its size line.
  std::vector<step> steps{{event_stream_head.substr(0, 20)}, {event_stream_head.substr(20)}};
  auto wire = chunk(first);
  steps.push_back({wire.substr(0, 1)});
  for (size_t at = 1; at < wire.size(); at += 2)
    steps.push_back({wire.substr(at, 2)});
  auto two = chunk(second) + chunk(second_rest);
  auto size_line_end = two.find('\n') + 1;
  steps.push_back({two.substr(0, size_line_end)});
  steps.push_back({two.substr(size_line_end, 9)});
  steps.push_back({two.substr(size_line_end + 9)});
  // Nothing more until the test has seen the events so far: they must not wait for the next bytes.
  steps.push_back({chunk(third), true});
  scripted_server server{steps};

  auto client = open_or_fail(server.url());
  BOOST_TEST(client->status() == 200u);
  BOOST_TEST(client->headers().at("content-type") == "text/event-stream");
  BOOST_TEST(client->headers().at("x-request-id") == "r1");
  event_parser parser;
  auto events = read_events(*client, parser, 2);
  BOOST_TEST_REQUIRE(events.size() == 2u);
  BOOST_TEST(events[0].type == "hello");
  BOOST_TEST(events[0].data == "{\"server\":\"g6\"}");
  BOOST_TEST(*parser.retry_ms() == 2500u);
  BOOST_TEST(events[1].type == "panel_full");
  BOOST_TEST(*events[1].id == "7");
  BOOST_TEST(events[1].data == "{\"panels\":\n{\"summary\":1}}");
  BOOST_TEST(parser.comments() == 1u);

  server.open_gate();
  events = read_events(*client, parser, 3, events);
  BOOST_TEST_REQUIRE(events.size() == 3u);
  BOOST_TEST(events[2].type == "panel_diff");
  BOOST_TEST(*events[2].id == "8");
  // The chunk framing never reaches the events: nothing of it is left over.
  BOOST_TEST(client->read(50ms).value_or("?") == "");
}

BOOST_AUTO_TEST_CASE(the_end_of_a_chunked_body_ends_the_stream) {
  scripted_server server{{{event_stream_head}, {chunk("data: last\n\n") + "0\r\n\r\n"}}};
  auto client = open_or_fail(server.url());
  event_parser parser;
  auto events = read_events(*client, parser, 1);
  BOOST_TEST_REQUIRE(events.size() == 1u);
  BOOST_TEST(events[0].data == "last");
  std::optional<std::string> bytes = "";
  for (int i = 0; i < 50 && bytes && bytes->empty(); ++i)
    bytes = client->read(100ms);
  BOOST_TEST(!bytes.has_value());
}

BOOST_AUTO_TEST_CASE(an_oversize_head_is_refused_with_its_limit) {
  scripted_server server{
    {{"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nX-Pad: " + std::string(20000, 'p') + "\r\n\r\n"}}};
  BOOST_TEST(open_error(server.url(), 5s) == "the answer's head is larger than 16384 bytes");
}

BOOST_AUTO_TEST_CASE(a_server_that_does_not_answer_in_time_is_an_error_at_the_deadline) {
  for (auto& steps : {std::vector<step>{}, std::vector<step>{{"HTTP/1.1 200 OK\r\nContent-Ty"}}}) {
    scripted_server server{steps};
    auto started = std::chrono::steady_clock::now();
    BOOST_TEST(open_error(server.url(), 300ms) == "no answer within 300 ms");
    auto took = std::chrono::steady_clock::now() - started;
    BOOST_TEST(took >= 300ms);
    BOOST_TEST(took < 3s);
  }
}

BOOST_AUTO_TEST_CASE(an_error_page_over_the_body_limit_is_refused_but_a_small_one_is_read) {
  {
    scripted_server server{
      {{"HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n"}}};
    BOOST_TEST(open_error(server.url(), 5s) == "the answer's body is larger than 1048576 bytes");
  }
  scripted_server server{{{"HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n"
                           "{\"error\":\"token\"}"}}};
  auto client = open_or_fail(server.url());
  BOOST_TEST(client->status() == 401u);
  std::string body;
  while (auto bytes = client->read(1s))
    body += *bytes;
  BOOST_TEST(body == "{\"error\":\"token\"}");
}

BOOST_AUTO_TEST_CASE(urls_are_taken_apart_or_refused_with_the_reason) {
  auto url = *parse_stream_url("http://[::1]:9320/events?x=1");
  BOOST_TEST(url.host == "::1");
  BOOST_TEST(url.port == "9320");
  BOOST_TEST(url.target == "/events?x=1");
  auto bare = *parse_stream_url("http://example.org");
  BOOST_TEST(bare.port == "80");
  BOOST_TEST(bare.target == "/");
  BOOST_TEST(parse_stream_url("https://x/").error() == "'https://x/' is not an http:// URL");
  BOOST_TEST(parse_stream_url("http://x:port/").error() == "'http://x:port/' has no host or a bad port");
}
