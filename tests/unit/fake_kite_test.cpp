// g6-fake-kite's rate limit: the sliding window at whole and fractional rates with injected time, the
// rates it refuses, and the limit as a client meets it through fake_kite::handle (429 and the
// rate_violations count); the fault specs; the instrument dump's underlyings; the ticker without sockets: subscriptions
// and Kite's limits, handshakes, what a connection is sent and when, its faults and figures.
#define BOOST_TEST_MODULE fake_kite
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "actors/provider/kite/kite_credentials.hpp"
#include "actors/provider/kite/kite_instruments.hpp"
#include "actors/provider/kite/ticker/ticker_requests.hpp"
#include "config/calendar.hpp"
#include "config/synthetic_underlyings.hpp"
#include "tools/fake_kite/fake_kite.hpp"
#include "tools/fake_kite/rate_window.hpp"

using namespace g6;

BOOST_AUTO_TEST_CASE(a_whole_rate_allows_that_many_requests_in_any_second) {
  rate_window w{3, 0};
  BOOST_TEST(w.admit(0));
  BOOST_TEST(w.admit(10));
  BOOST_TEST(w.admit(20));
  BOOST_TEST(!w.admit(999));
  BOOST_TEST(w.admit(1000));
  BOOST_TEST(!w.admit(1009));
  BOOST_TEST(w.admit(1010));
}

BOOST_AUTO_TEST_CASE(a_fractional_rate_is_honoured_not_rounded_up_to_one_a_second) {
  // 0.5/s: one request in any 2 s. Before, anything below 1 was 1/s and a second request 1 s later passed.
  rate_window half{0.5, 0};
  BOOST_TEST(half.admit(0));
  BOOST_TEST(!half.admit(1000));
  BOOST_TEST(!half.admit(1999));
  BOOST_TEST(half.admit(2100));
  // 2.5/s: two requests in any 0.8 s, so 5 in 2 s.
  rate_window two_and_a_half{2.5, 0};
  BOOST_TEST(two_and_a_half.capacity() == 2u);
  BOOST_TEST(two_and_a_half.window_ms() == 800);
  int admitted = 0;
  for (int64_t t = 0; t < 2000; t += 10)
    admitted += two_and_a_half.admit(t);
  BOOST_TEST(admitted == 6); // at 0, 10, 800, 810, 1600, 1610
  // The tolerance shortens the window: a request 50 ms early still passes.
  rate_window tolerant{0.5, 50};
  BOOST_TEST(tolerant.admit(0));
  BOOST_TEST(tolerant.admit(1950));
}

BOOST_AUTO_TEST_CASE(rates_that_are_not_numbers_above_zero_are_refused) {
  BOOST_TEST(!rate_problem(0.5));
  BOOST_TEST(!rate_problem(1));
  BOOST_TEST(!rate_problem(1e6));
  for (double bad : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity(), 1e6 + 1})
    BOOST_TEST(rate_problem(bad).has_value(), bad);
  BOOST_TEST(*rate_problem(0) == "0 is not a rate in requests per second (a number above 0, at most 1000000)");
  // The window stays in range for the smallest positive rate.
  rate_window tiny{std::numeric_limits<double>::denorm_min(), 0};
  BOOST_TEST(tiny.admit(0));
  BOOST_TEST(!tiny.admit(86'400'000));
}

BOOST_AUTO_TEST_CASE(at_quote_rate_one_half_a_second_request_one_second_later_is_a_violation) {
  fake_kite_options options;
  options.quote_rate = 0.5;
  std::string error;
  auto clock = make_clock("sim:2026-11-26T09:15:00+05:30@1x", error);
  BOOST_TEST_REQUIRE(clock, error);
  fake_kite kite{options, clock};
  auto status = [&](int64_t now_ms) {
    return kite.handle({"GET", "/quote/ltp?i=NSE:NIFTY%2050", "", "3", ""}, now_ms).status;
  };
  auto violations = [&] {
    auto body = kite.handle({"GET", "/admin/stats", "", "", ""}, 0).body;
    auto at = body.find("\"rate_violations\":");
    return std::stoi(body.substr(at + 18));
  };
  // Unauthorised (403) when within the limit: the rate is checked first, as Kite does.
  BOOST_TEST(status(10'000) == 403);
  BOOST_TEST(status(11'000) == 429);
  BOOST_TEST(violations() == 1);
  BOOST_TEST(status(12'100) == 403);
  BOOST_TEST(status(14'200) == 403);
  BOOST_TEST(violations() == 1);
}

// --- Fault specs ----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(fault_specs_name_their_kind_and_numbers) {
  auto status = parse_fault("status:3:503");
  BOOST_TEST_REQUIRE(status.has_value());
  BOOST_TEST((status->kind == fake_fault_kind::status));
  BOOST_TEST(status->count == 3);
  BOOST_TEST(status->code == 503);
  auto silent = parse_fault("ticker_silent:2");
  BOOST_TEST_REQUIRE(silent.has_value());
  BOOST_TEST((silent->kind == fake_fault_kind::ticker_silent));
  BOOST_TEST(silent->count == 2);
  BOOST_TEST(parse_fault("ticker_silent")->count == -1); // until cleared
  BOOST_TEST((parse_fault("ticker_close")->kind == fake_fault_kind::ticker_close));
  BOOST_TEST(parse_fault("ticker_403:1")->count == 1);
  BOOST_TEST(parse_fault("ticker_garbage:4")->count == 4);
  for (auto bad : {"", "nonsense", "ticker_close:1", "ticker_403:x", "ticker_garbage:1:2", "status:1:2:3", "token:"})
    BOOST_TEST(!parse_fault(bad).has_value(), bad);
}

// --- The ticker's subscriptions --------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(requests_subscribe_set_modes_and_unsubscribe) {
  ticker_subscriptions s;
  auto sub = s.apply(R"({"a":"subscribe","v":[10,20,30]})");
  BOOST_TEST((sub.kind == ticker_request_kind::subscribe));
  BOOST_TEST(sub.tokens == 3u);
  BOOST_TEST(sub.reply.empty());
  BOOST_TEST((s.apply(R"({"a":"mode","v":["full",[20,99]]})").kind == ticker_request_kind::mode));
  auto due = s.take_due(0);
  BOOST_TEST_REQUIRE(due.size() == 3u);
  BOOST_TEST((due[0] == std::pair{10u, kite_tick_mode::quote})); // Kite's default mode
  BOOST_TEST((due[1] == std::pair{20u, kite_tick_mode::full}));
  // Each is due again a second later, not before.
  BOOST_TEST(s.take_due(999).empty());
  BOOST_TEST(s.take_due(1000).size() == 3u);
  BOOST_TEST((s.apply(R"({"a":"unsubscribe","v":[10,30]})").kind == ticker_request_kind::unsubscribe));
  BOOST_TEST(s.size() == 1u);
  // Re-subscribing keeps the mode; a new one is due at once.
  s.apply(R"({"a":"subscribe","v":[20,40]})");
  due = s.take_due(1500);
  BOOST_TEST_REQUIRE(due.size() == 1u);
  BOOST_TEST((due[0] == std::pair{40u, kite_tick_mode::quote}));
  // The requests g6 itself writes are understood.
  std::vector<uint64_t> tokens{50, 60};
  for (auto& text : subscribe_messages(tokens))
    BOOST_TEST((s.apply(text).kind == ticker_request_kind::subscribe));
  for (auto& text : mode_messages(kite_tick_mode::ltp, tokens))
    BOOST_TEST((s.apply(text).kind == ticker_request_kind::mode));
  BOOST_TEST(s.size() == 4u);
}

BOOST_AUTO_TEST_CASE(malformed_requests_change_nothing) {
  ticker_subscriptions s;
  s.apply(R"({"a":"subscribe","v":[1]})");
  for (std::string bad : std::initializer_list<std::string>{
         "", "not json", "[]", R"({"a":"subscribe"})", R"({"a":"subscribe","v":[-1]})",
         R"({"a":"subscribe","v":[4294967296]})", R"({"a":"subscribe","v":["1"]})", R"({"a":"subscribe","v":[2.5]})",
         R"({"a":"mode","v":["deep",[1]]})", R"({"a":"mode","v":["full"]})", R"({"a":"dance","v":[1]})",
         R"({"a":1,"v":[1]})", "{\"a\":\"subscribe\",\"v\":[" + std::string(70'000, '1') + "]}"})
    BOOST_TEST((s.apply(bad).kind == ticker_request_kind::malformed), bad.substr(0, 40));
  BOOST_TEST(s.size() == 1u);
  BOOST_TEST((s.take_due(0).at(0).second == kite_tick_mode::quote));
}

BOOST_AUTO_TEST_CASE(more_than_three_thousand_instruments_are_refused_with_kites_error_text) {
  ticker_subscriptions s;
  std::vector<uint64_t> tokens(3001);
  for (size_t i = 0; i < tokens.size(); ++i)
    tokens[i] = 1000 + i;
  ticker_request_outcome last;
  size_t refused = 0;
  for (auto& text : subscribe_messages(tokens)) {
    last = s.apply(text);
    refused += last.refused;
  }
  BOOST_TEST(s.size() == 3000u);
  BOOST_TEST(refused == 1u);
  auto reply = nlohmann::json::parse(last.reply);
  BOOST_TEST(reply["type"] == "error");
  BOOST_TEST(reply["data"].get<std::string>().find("3000") != std::string::npos);
  // Unsubscribing makes room again.
  s.apply(R"({"a":"unsubscribe","v":[1000]})");
  BOOST_TEST(s.apply(R"({"a":"subscribe","v":[4000]})").refused == 0u);
}

// --- The ticker through fake_kite -----------------------------------------------------------------

namespace {

struct ticker_fixture {
  ticker_fixture() {
    options.access_token = "tok";
    std::string error;
    clock = make_clock("sim:2026-11-26T10:00:00+05:30@1x", error);
    kite = std::make_unique<fake_kite>(options, clock);
  }

  /// The first `n` NFO options of the dump, by Kite token.
  std::vector<uint32_t> nfo_tokens(size_t n) {
    auto dump = kite->handle({"GET", "/instruments", "token fake_api_key:tok", "3", ""}, 0);
    auto rows = parse_instruments_csv(dump.body);
    std::vector<uint32_t> tokens;
    for (auto& row : rows->rows)
      if (row.exchange == "NFO" && tokens.size() < n)
        tokens.push_back(static_cast<uint32_t>(row.instrument_token));
    return tokens;
  }

  nlohmann::json stats() {
    return nlohmann::json::parse(kite->handle({"GET", "/admin/stats", "", "", ""}, 0).body)["ticker"];
  }

  void fault(const std::string& spec, int64_t now_ms) {
    BOOST_TEST_REQUIRE(kite->handle({"POST", "/admin/fault?spec=" + spec, "", "", ""}, now_ms).status == 200);
  }

  fake_kite_options options;
  std::shared_ptr<market_clock> clock;
  std::unique_ptr<fake_kite> kite;
};

const std::string good_target = "/ws?api_key=fake_api_key&access_token=tok";

} // namespace

BOOST_FIXTURE_TEST_CASE(dump_tokens_are_kites_32_bits_with_the_segment_in_the_low_byte, ticker_fixture) {
  auto tokens = nfo_tokens(5);
  BOOST_TEST_REQUIRE(tokens.size() == 5u);
  for (auto token : tokens)
    BOOST_TEST((segment_of(token) == kite_segment::nfo));
}

BOOST_FIXTURE_TEST_CASE(the_dump_lists_every_underlying_of_the_synthetic_market_with_its_level_and_options,
                        ticker_fixture) {
  auto dump = parse_instruments_csv(kite->handle({"GET", "/instruments", "token fake_api_key:tok", "3", ""}, 0).body);
  BOOST_TEST_REQUIRE(dump.has_value());
  std::map<std::string, size_t> listed;
  std::set<std::string> levels;
  for (auto& row : dump->rows) {
    if (row.exchange == "NFO" || row.exchange == "BFO")
      ++listed[row.name];
    else if (row.segment == "INDICES" || row.segment == "NSE")
      levels.insert(row.tradingsymbol);
  }
  std::string stock_keys;
  size_t total = 0;
  for (auto& underlying : synthetic_underlyings()) {
    std::string name{underlying.name};
    BOOST_TEST(listed[name] > 0u, name);
    total += listed[name];
    if (!is_known_index(name)) {
      BOOST_TEST(levels.count(name) == 1u, name);
      stock_keys += (stock_keys.empty() ? "i=NSE:" : "&i=NSE:") + name;
    }
  }
  BOOST_TEST(listed.size() == synthetic_underlyings().size());
  BOOST_TEST(levels.size() == synthetic_underlyings().size());
  // More than one app's ticker holds (3 connections of 3,000): whole chains of everything spill, as Kite's do.
  BOOST_TEST(total > 11000u);
  // Each stock's level is quoted under its NSE key.
  auto quote = kite->handle({"GET", "/quote/ltp?" + stock_keys, "token fake_api_key:tok", "3", ""}, 0);
  BOOST_TEST_REQUIRE(quote.status == 200, quote.body);
  auto data = nlohmann::json::parse(quote.body)["data"];
  for (auto& underlying : synthetic_underlyings())
    if (!is_known_index(underlying.name))
      BOOST_TEST(data["NSE:" + std::string{underlying.name}]["last_price"].get<double>() > 0, underlying.name);
}

BOOST_FIXTURE_TEST_CASE(handshakes_check_credentials_and_the_connection_limit, ticker_fixture) {
  BOOST_TEST(kite->ticker_open("/ws?api_key=fake_api_key&access_token=wrong").status == 403);
  BOOST_TEST(kite->ticker_open("/ws?api_key=other&access_token=tok").status == 403);
  BOOST_TEST(kite->ticker_open("/ticker?api_key=fake_api_key&access_token=tok").status == 404);
  std::vector<uint64_t> open;
  for (int i = 0; i < 3; ++i) {
    auto h = kite->ticker_open(good_target);
    BOOST_TEST_REQUIRE(h.status == 101);
    open.push_back(h.connection);
  }
  auto fourth = kite->ticker_open(good_target);
  BOOST_TEST(fourth.status == 429);
  BOOST_TEST(fourth.body.find("Too many connections") != std::string::npos);
  kite->ticker_closed(open[0]);
  BOOST_TEST(kite->ticker_open(good_target).status == 101);
  auto s = stats();
  BOOST_TEST(s["connections"] == 3);
  BOOST_TEST(s["handshakes_accepted"] == 4);
  BOOST_TEST(s["handshakes_refused"] == 4);
}

BOOST_AUTO_TEST_CASE(each_app_has_its_own_tokens_and_its_own_three_ticker_connections) {
  fake_kite_options options;
  options.access_token = "tok";
  options.more_apps.push_back({"spill_key", "spill_secret", "spill_tok"});
  std::string error;
  fake_kite kite{options, make_clock("sim:2026-11-26T10:00:00+05:30@1x", error)};
  // A token opens only its own app's connections, and REST calls.
  BOOST_TEST(kite.ticker_open("/ws?api_key=spill_key&access_token=tok").status == 403);
  BOOST_TEST(kite.handle({"GET", "/quote/ltp?i=NSE:NIFTY%2050", "token spill_key:tok", "3", ""}, 0).status == 403);
  BOOST_TEST(kite.handle({"GET", "/quote/ltp?i=NSE:NIFTY%2050", "token spill_key:spill_tok", "3", ""}, 2000).status
             == 200);
  for (int i = 0; i < 3; ++i)
    BOOST_TEST_REQUIRE(kite.ticker_open("/ws?api_key=fake_api_key&access_token=tok").status == 101);
  BOOST_TEST(kite.ticker_open("/ws?api_key=fake_api_key&access_token=tok").status == 429);
  // The first app's three take none of the other's.
  for (int i = 0; i < 3; ++i)
    BOOST_TEST_REQUIRE(kite.ticker_open("/ws?api_key=spill_key&access_token=spill_tok").status == 101);
  BOOST_TEST(kite.ticker_open("/ws?api_key=spill_key&access_token=spill_tok").status == 429);
  // The second app's token exchange is checked with its own secret.
  auto checksum = session_checksum("spill_key", "req", "spill_secret");
  BOOST_TEST(
    kite.handle({"POST", "/session/token", "", "3", "api_key=spill_key&request_token=req&checksum=" + checksum}, 3000)
      .status
    == 200);
  BOOST_TEST(kite
               .handle({"POST", "/session/token", "", "3",
                        "api_key=spill_key&request_token=req&checksum="
                          + session_checksum("spill_key", "req", "fake_api_secret")},
                       4000)
               .status
             == 403);
  auto stats = nlohmann::json::parse(kite.handle({"GET", "/admin/stats", "", "", ""}, 0).body)["ticker"];
  BOOST_TEST(stats["connections"] == 6);
  BOOST_TEST(stats["by_key"]["fake_api_key"]["connections"] == 3);
  BOOST_TEST(stats["by_key"]["spill_key"]["handshakes_accepted"] == 3);
}

BOOST_FIXTURE_TEST_CASE(a_connection_gets_the_quotes_prices_in_one_message_a_second_and_heartbeats, ticker_fixture) {
  auto tokens = nfo_tokens(3);
  auto id = kite->ticker_open(good_target).connection;
  // Nothing subscribed: a heartbeat once a second, nothing between.
  BOOST_TEST((kite->ticker_poll(id, 1000).kind == ticker_send_kind::heartbeat));
  BOOST_TEST((kite->ticker_poll(id, 1500).kind == ticker_send_kind::nothing));
  BOOST_TEST(
    kite
      ->ticker_request(id, fmt::format(R"({{"a":"subscribe","v":[{},{},{},256265]}})", tokens[0], tokens[1], tokens[2]))
      .empty());
  kite->ticker_request(id, fmt::format(R"({{"a":"mode","v":["full",[{},256265]]}})", tokens[0]));
  BOOST_TEST(kite->ticker_request(id, "garbage").empty());
  auto out = kite->ticker_poll(id, 1600);
  BOOST_TEST_REQUIRE((out.kind == ticker_send_kind::ticks));
  ticker_frame_reader reader{out.bytes};
  kite_tick tick;
  std::vector<kite_tick> ticks;
  while (reader.next(tick))
    ticks.push_back(tick);
  BOOST_TEST((reader.outcome().problem == ticker_frame_problem::none));
  BOOST_TEST_REQUIRE(ticks.size() == 4u);
  // The same prices /quote gives at this instant.
  auto quote =
    nlohmann::json::parse(kite->handle({"GET", "/quote?i=NSE:NIFTY%2050", "token fake_api_key:tok", "3", ""}, 0).body);
  kite_tick index;
  for (auto& t : ticks)
    if (t.instrument_token == 256265)
      index = t;
  BOOST_TEST(index.is_index);
  BOOST_TEST((index.mode == kite_tick_mode::full));
  BOOST_TEST(index.last_price == quote["data"]["NSE:NIFTY 50"]["last_price"].get<double>(),
             boost::test_tools::tolerance(0.005));
  for (auto& t : ticks) {
    if (t.is_index)
      continue;
    BOOST_TEST((t.mode == (t.instrument_token == tokens[0] ? kite_tick_mode::full : kite_tick_mode::quote)));
    BOOST_TEST(t.last_price > 0);
  }
  // Not due again within the second: a heartbeat only when nothing was sent for a second.
  BOOST_TEST((kite->ticker_poll(id, 2000).kind == ticker_send_kind::nothing));
  BOOST_TEST((kite->ticker_poll(id, 2600).kind == ticker_send_kind::ticks));
  auto s = stats();
  BOOST_TEST(s["subscribed"] == 4);
  BOOST_TEST(s["frames_sent"] == 2);
  BOOST_TEST(s["ticks_sent"] == 8);
  BOOST_TEST(s["heartbeats_sent"] == 1);
  BOOST_TEST(s["malformed_requests"] == 1);
}

BOOST_FIXTURE_TEST_CASE(ticker_faults_silence_close_refuse_and_garble, ticker_fixture) {
  auto id = kite->ticker_open(good_target).connection;
  fault("ticker_silent:2", 1000);
  BOOST_TEST((kite->ticker_poll(id, 1500).kind == ticker_send_kind::nothing));
  BOOST_TEST((kite->ticker_poll(id, 2900).kind == ticker_send_kind::nothing));
  BOOST_TEST((kite->ticker_poll(id, 3000).kind == ticker_send_kind::heartbeat));
  fault("ticker_garbage:2", 3000);
  for (int i = 0; i < 2; ++i) {
    auto out = kite->ticker_poll(id, 3100 + i);
    BOOST_TEST_REQUIRE((out.kind == ticker_send_kind::garbage));
    ticker_frame_reader reader{out.bytes};
    kite_tick tick;
    BOOST_TEST(!reader.next(tick));
    BOOST_TEST((reader.outcome().problem != ticker_frame_problem::none));
  }
  BOOST_TEST((kite->ticker_poll(id, 3200).kind == ticker_send_kind::nothing));
  fault("ticker_close", 3300);
  BOOST_TEST((kite->ticker_poll(id, 3400).kind == ticker_send_kind::close));
  kite->ticker_closed(id);
  // A connection opened after the close fault is not closed by it.
  auto next = kite->ticker_open(good_target).connection;
  BOOST_TEST((kite->ticker_poll(next, 5000).kind == ticker_send_kind::heartbeat));
  fault("ticker_403:1", 5000);
  BOOST_TEST(kite->ticker_open(good_target).status == 403);
  BOOST_TEST(kite->ticker_open(good_target).status == 101);
  fault("ticker_403", 5000);
  fault("none", 5000);
  BOOST_TEST(kite->ticker_open(good_target).status == 101);
  auto s = stats();
  BOOST_TEST(s["garbage_sent"] == 2);
  BOOST_TEST(s["abrupt_closes"] == 1);
  BOOST_TEST(s["handshakes_refused"] == 1);
}
