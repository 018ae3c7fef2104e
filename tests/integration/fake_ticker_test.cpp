// End to end: g6-fake-kite's WebSocket ticker spoken to by a real WebSocket client (Boost.Beast,
// synchronous) against the real g6-fake-kite process on a free port: handshakes good and bad, ticks that
// the project's ticker_frame_reader reads without a problem at the prices /quote gives, heartbeats,
// Kite's limits (3,000 instruments, 3 connections), the ticker faults and the /admin/stats figures.
#define BOOST_TEST_MODULE fake_ticker
#include <boost/test/unit_test.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "actors/provider/kite/kite_instruments.hpp"
#include "actors/provider/kite/ticker/ticker_frame.hpp"
#include "actors/provider/kite/ticker/ticker_requests.hpp"
#include "http/http_client.hpp"
#include "tests/integration/fake_kite_process.hpp"
#include "tests/integration/g6_process.hpp"

using namespace g6;
using namespace g6::testing;
using namespace std::chrono_literals;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;
using steady = std::chrono::steady_clock;

namespace {

const std::string api_key = "ticker_test_key";
const std::string access_token = "ticker_test_token";
constexpr uint32_t nifty_token = 256265;

struct received {
  steady::time_point at;
  bool binary = false;
  std::string data;
};

// One client connection. Requests are sent before start(); then a thread reads every message, stamped.
class ticker_client {
public:
  ticker_client(int port, const std::string& token) : ws_(io_) {
    tcp::resolver resolver{io_};
    boost::asio::connect(ws_.next_layer(), resolver.resolve("127.0.0.1", std::to_string(port)));
    // Asynchronous: Beast 1.74's synchronous handshake leaves the response empty when it is declined.
    websocket::response_type response;
    beast::error_code ec;
    ws_.async_handshake(response, "127.0.0.1", fmt::format("/ws?api_key={}&access_token={}", api_key, token),
                        [&](beast::error_code e) { ec = e; });
    io_.run();
    status_ = ec ? response.result_int() : 101;
  }

  ~ticker_client() {
    ::shutdown(ws_.next_layer().native_handle(), SHUT_RDWR);
    if (reader_.joinable())
      reader_.join();
  }

  unsigned status() const { return status_; }

  // False when the server has already closed the connection (it may, mid-write, for an oversized message).
  bool send(const std::string& text) {
    ws_.text(true);
    beast::error_code ec;
    ws_.write(boost::asio::buffer(text), ec);
    return !ec;
  }

  void start() {
    reader_ = std::thread{[this] {
      while (true) {
        beast::flat_buffer buffer;
        beast::error_code ec;
        ws_.read(buffer, ec);
        std::lock_guard guard{mutex_};
        if (ec) {
          closed_ = true;
          changed_.notify_all();
          return;
        }
        messages_.push_back({steady::now(), ws_.got_binary(), beast::buffers_to_string(buffer.data())});
        changed_.notify_all();
      }
    }};
  }

  /// Waits up to `timeout` for `done` over the messages so far (or the connection closed); its result.
  bool wait_for(std::chrono::milliseconds timeout, const std::function<bool(const std::vector<received>&)>& done) {
    std::unique_lock lock{mutex_};
    return changed_.wait_for(lock, timeout, [&] { return done(messages_) || closed_; }) && done(messages_);
  }

  std::vector<received> messages() {
    std::lock_guard guard{mutex_};
    return messages_;
  }

  bool closed() {
    std::lock_guard guard{mutex_};
    return closed_;
  }

private:
  boost::asio::io_context io_;
  websocket::stream<tcp::socket> ws_;
  unsigned status_ = 0;
  std::thread reader_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<received> messages_;
  bool closed_ = false;
};

struct read_message {
  std::vector<kite_tick> ticks;
  ticker_frame_outcome outcome;
};

read_message read(const std::string& bytes) {
  ticker_frame_reader reader{bytes};
  read_message m;
  kite_tick tick;
  while (reader.next(tick))
    m.ticks.push_back(tick);
  m.outcome = reader.outcome();
  return m;
}

size_t tick_messages(const std::vector<received>& messages) {
  size_t n = 0;
  for (auto& m : messages)
    n += m.binary && m.data.size() > 1;
  return n;
}

struct fake_fixture {
  fake_fixture()
    : kite({"--clock", "sim:2026-11-26T10:00:00+05:30@1x", "--api-key", api_key, "--access-token", access_token,
            "--quote-rate", "10", "--other-rate", "100"},
           dir.path() / "fake.log") {}

  http_response get(const std::string& target) {
    http_request request;
    request.url = kite.base_url() + target;
    request.headers = {{"Authorization", fmt::format("token {}:{}", api_key, access_token)}, {"X-Kite-Version", "3"}};
    auto response = http_client{}.perform(request);
    BOOST_TEST_REQUIRE(response.has_value());
    return *response;
  }

  /// The first `n` NFO options of the dump: quote key and Kite token.
  std::vector<std::pair<std::string, uint32_t>> nfo_options(size_t n) {
    auto rows = parse_instruments_csv(get("/instruments").body);
    BOOST_TEST_REQUIRE(rows.has_value());
    std::vector<std::pair<std::string, uint32_t>> options;
    for (auto& row : rows->rows)
      if (row.exchange == "NFO" && options.size() < n)
        options.emplace_back("NFO:" + row.tradingsymbol, static_cast<uint32_t>(row.instrument_token));
    return options;
  }

  nlohmann::json ticker_stats() { return nlohmann::json::parse(kite.stats())["ticker"]; }

  // The fake counts a connection closed once its serving thread has wound down, a moment after the
  // client sees the close: wait for that rather than race it.
  nlohmann::json ticker_stats_once(const std::function<bool(const nlohmann::json&)>& settled) {
    auto stats = ticker_stats();
    for (int i = 0; i < 100 && !settled(stats); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds{20});
      stats = ticker_stats();
    }
    return stats;
  }

  temp_dir dir;
  fake_kite_process kite;
};

} // namespace

BOOST_FIXTURE_TEST_CASE(a_bad_token_is_refused_with_403_and_a_good_one_upgraded, fake_fixture) {
  BOOST_TEST(ticker_client(kite.port(), "wrong").status() == 403u);
  BOOST_TEST(ticker_client(kite.port(), access_token).status() == 101u);
  auto stats = ticker_stats();
  BOOST_TEST(stats["handshakes_accepted"] == 1);
  BOOST_TEST(stats["handshakes_refused"] == 1);
}

BOOST_FIXTURE_TEST_CASE(subscribed_options_and_an_index_tick_at_the_quote_prices, fake_fixture) {
  auto options = nfo_options(3);
  BOOST_TEST_REQUIRE(options.size() == 3u);
  std::vector<uint64_t> tokens{nifty_token};
  for (auto& [key, token] : options)
    tokens.push_back(token);
  auto quote_target =
    fmt::format("/quote?i=NSE:NIFTY%2050&i={}&i={}&i={}", options[0].first, options[1].first, options[2].first);
  auto quotes_before = nlohmann::json::parse(get(quote_target).body)["data"];
  ticker_client client{kite.port(), access_token};
  BOOST_TEST_REQUIRE(client.status() == 101u);
  for (auto& text : mode_messages(kite_tick_mode::full, {tokens.data() + 1, 3})) // before: ignored
    client.send(text);
  for (auto& text : subscribe_messages(tokens))
    client.send(text);
  for (auto& text : mode_messages(kite_tick_mode::full, {tokens.data() + 1, 3}))
    client.send(text);
  client.start();
  // Within 3 s: a message carrying all four, the options in full mode, the index in quote (the default).
  auto all_four_in_their_modes = [&](const std::vector<received>& messages) {
    for (auto& m : messages) {
      if (!m.binary || m.data.size() <= 1)
        continue;
      auto r = read(m.data);
      std::set<uint32_t> full_options;
      bool index_quote = false;
      for (auto& t : r.ticks) {
        if (t.instrument_token == nifty_token)
          index_quote = t.is_index && t.mode == kite_tick_mode::quote;
        else if (t.mode == kite_tick_mode::full)
          full_options.insert(t.instrument_token);
      }
      if (index_quote && full_options.size() == 3)
        return true;
    }
    return false;
  };
  BOOST_TEST_REQUIRE(client.wait_for(3s, all_four_in_their_modes));
  auto quotes_after = nlohmann::json::parse(get(quote_target).body)["data"];
  auto messages = client.messages();
  for (auto& m : messages) {
    if (!m.binary || m.data.size() <= 1)
      continue;
    auto r = read(m.data);
    BOOST_TEST((r.outcome.problem == ticker_frame_problem::none), to_string(r.outcome.problem));
    BOOST_TEST(r.outcome.ticks == r.outcome.packets_counted);
    for (auto& t : r.ticks) {
      BOOST_TEST((std::find(tokens.begin(), tokens.end(), t.instrument_token) != tokens.end()), t.instrument_token);
      auto key = t.instrument_token == nifty_token ? std::string{"NSE:NIFTY 50"} : std::string{};
      for (auto& [k, token] : options)
        if (token == t.instrument_token)
          key = k;
      // The price /quote gave just before or just after, within a tick.
      auto before = quotes_before[key]["last_price"].get<double>();
      auto after = quotes_after[key]["last_price"].get<double>();
      BOOST_TEST(t.last_price >= std::min(before, after) - 0.05, key << " " << t.last_price << " " << before);
      BOOST_TEST(t.last_price <= std::max(before, after) + 0.05, key << " " << t.last_price << " " << after);
      if (!t.is_index && t.mode == kite_tick_mode::full) {
        auto oi = static_cast<double>(t.oi);
        BOOST_TEST((oi == quotes_before[key]["oi"].get<double>() || oi == quotes_after[key]["oi"].get<double>()));
        BOOST_TEST(t.bids[0].price <= t.asks[0].price);
      }
    }
  }
  auto stats = ticker_stats();
  BOOST_TEST(stats["connections"] == 1);
  BOOST_TEST(stats["subscribed"] == 4);
  BOOST_TEST(stats["frames_sent"].get<int>() >= 1);
  BOOST_TEST(stats["ticks_sent"].get<int>() >= 4);
}

BOOST_FIXTURE_TEST_CASE(an_unsubscribed_connection_gets_a_heartbeat_a_second, fake_fixture) {
  ticker_client client{kite.port(), access_token};
  client.start();
  auto two_heartbeats = [](const std::vector<received>& messages) {
    size_t n = 0;
    for (auto& m : messages)
      n += m.binary && m.data.size() == 1 && read(m.data).outcome.heartbeat;
    return n >= 2;
  };
  BOOST_TEST(client.wait_for(3500ms, two_heartbeats));
  BOOST_TEST(tick_messages(client.messages()) == 0u);
  BOOST_TEST(ticker_stats()["heartbeats_sent"].get<int>() >= 2);
}

BOOST_FIXTURE_TEST_CASE(the_3001st_instrument_is_refused_with_kites_error_text, fake_fixture) {
  ticker_client client{kite.port(), access_token};
  std::vector<uint64_t> tokens;
  for (uint64_t i = 0; i < 3001; ++i)
    tokens.push_back((100 + i) << 8 | 2);
  for (auto& text : subscribe_messages(tokens))
    client.send(text);
  client.start();
  auto error_text = [](const std::vector<received>& messages) {
    for (auto& m : messages)
      if (!m.binary) {
        auto doc = nlohmann::json::parse(m.data, nullptr, false);
        return !doc.is_discarded() && doc["type"] == "error" && doc["data"].is_string();
      }
    return false;
  };
  BOOST_TEST(client.wait_for(3s, error_text));
  auto stats = ticker_stats();
  BOOST_TEST(stats["subscribed"] == 3000);
  BOOST_TEST(stats["refused_subscriptions"] == 1);
}

BOOST_FIXTURE_TEST_CASE(a_fourth_connection_is_refused, fake_fixture) {
  ticker_client first{kite.port(), access_token};
  ticker_client second{kite.port(), access_token};
  ticker_client third{kite.port(), access_token};
  BOOST_TEST(third.status() == 101u);
  BOOST_TEST(ticker_client(kite.port(), access_token).status() == 429u);
  BOOST_TEST(ticker_stats()["connections"] == 3);
}

BOOST_FIXTURE_TEST_CASE(ticker_silent_stops_everything_for_its_seconds_then_ticks_again, fake_fixture) {
  ticker_client client{kite.port(), access_token};
  for (auto& text : subscribe_messages(std::vector<uint64_t>{nifty_token}))
    client.send(text);
  client.start();
  BOOST_TEST_REQUIRE(client.wait_for(3s, [](auto& m) { return tick_messages(m) >= 1; }));
  kite.fault("ticker_silent:2");
  auto silenced = steady::now();
  std::this_thread::sleep_for(200ms); // a message sent before the fault may still be on its way
  auto sent_before = client.messages().size();
  BOOST_TEST_REQUIRE(client.wait_for(5s, [&](auto& m) { return m.size() > sent_before; }));
  auto resumed = client.messages()[sent_before];
  auto quiet_ms = std::chrono::duration_cast<std::chrono::milliseconds>(resumed.at - silenced).count();
  BOOST_TEST(quiet_ms >= 1800);
  BOOST_TEST(quiet_ms <= 3000);
  BOOST_TEST(!client.closed());
  BOOST_TEST(client.wait_for(3s, [&](auto& m) { return tick_messages(m) >= 2; }));
}

BOOST_FIXTURE_TEST_CASE(ticker_403_refuses_one_handshake_then_accepts, fake_fixture) {
  kite.fault("ticker_403:1");
  BOOST_TEST(ticker_client(kite.port(), access_token).status() == 403u);
  BOOST_TEST(ticker_client(kite.port(), access_token).status() == 101u);
  auto stats = ticker_stats();
  BOOST_TEST(stats["handshakes_refused"] == 1);
  BOOST_TEST(stats["handshakes_accepted"] == 1);
}

BOOST_FIXTURE_TEST_CASE(ticker_close_drops_the_connection_and_garbage_is_malformed, fake_fixture) {
  ticker_client client{kite.port(), access_token};
  client.send("not json");
  client.send(std::string(100'000, 'x')); // beyond the server's read limit: it closes the connection
  client.start();
  BOOST_TEST(client.wait_for(3s, [](auto&) { return false; }) == false);
  BOOST_TEST(client.closed());
  ticker_client second{kite.port(), access_token};
  BOOST_TEST_REQUIRE(second.status() == 101u);
  kite.fault("ticker_garbage:2");
  second.start();
  auto two_garbled = [](const std::vector<received>& messages) {
    size_t n = 0;
    for (auto& m : messages)
      n += m.binary && read(m.data).outcome.problem != ticker_frame_problem::none;
    return n >= 2;
  };
  BOOST_TEST(second.wait_for(3s, two_garbled));
  kite.fault("ticker_close");
  BOOST_TEST(second.wait_for(2s, [](auto&) { return false; }) == false);
  BOOST_TEST(second.closed());
  auto stats = ticker_stats_once([](const nlohmann::json& x) { return x["connections"] == 0; });
  BOOST_TEST(stats["malformed_requests"].get<int>() >= 1);
  BOOST_TEST(stats["garbage_sent"] == 2);
  BOOST_TEST(stats["abrupt_closes"] == 1);
  BOOST_TEST(stats["connections"] == 0);
  // The fake still serves.
  BOOST_TEST(ticker_client(kite.port(), access_token).status() == 101u);
}
