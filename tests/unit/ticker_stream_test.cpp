// The pure parts of streaming: a ticker connection's life (ticker_link), the spread of instruments over
// connections (ticker_plan) of one app and of its spill apps, the figures by app, the tick book, and the
// ticker URL.
#define BOOST_TEST_MODULE ticker_stream
#include <boost/test/unit_test.hpp>

#include <map>
#include <random>
#include <set>

#include "actors/provider/kite/ticker/tick_book.hpp"
#include "actors/provider/kite/ticker/ticker_client.hpp"
#include "actors/provider/kite/ticker/ticker_figures.hpp"
#include "actors/provider/kite/ticker/ticker_link.hpp"
#include "actors/provider/kite/ticker/ticker_plan.hpp"

using namespace g6;

namespace g6 {
std::ostream& operator<<(std::ostream& out, ticker_link_state x) {
  return out << to_string(x);
}
std::ostream& operator<<(std::ostream& out, ticker_link_action x) {
  return out << static_cast<int>(x);
}
} // namespace g6

namespace {

ticker_link_policy policy() {
  ticker_link_policy p;
  p.silence_ms = 5000;
  p.handshake_limit_ms = 13000;
  return p;
}

std::set<uint64_t> range(uint64_t from, uint64_t to) {
  std::set<uint64_t> out;
  for (auto t = from; t < to; ++t)
    out.insert(t);
  return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_link_connects_when_wanted_and_streams_until_silence) {
  ticker_link link{policy()};
  BOOST_TEST(link.due(0, false) == ticker_link_action::none);
  BOOST_TEST(link.due(0, true) == ticker_link_action::connect);
  auto generation = link.connecting(0);
  BOOST_TEST(generation == 1u);
  BOOST_TEST(link.due(12999, true) == ticker_link_action::none);
  link.opened(1000);
  BOOST_TEST(link.state() == ticker_link_state::streaming);
  link.frame(3000);
  BOOST_TEST(link.due(7999, true) == ticker_link_action::none);
  // Five seconds without a frame, heartbeats included: close it.
  BOOST_TEST(link.due(8000, true) == ticker_link_action::close);
  // Nothing left to subscribe: close it too.
  BOOST_TEST(link.due(3001, false) == ticker_link_action::close);
}

BOOST_AUTO_TEST_CASE(a_hanging_handshake_is_given_up) {
  ticker_link link{policy()};
  link.connecting(0);
  BOOST_TEST(link.due(13000, true) == ticker_link_action::close);
}

BOOST_AUTO_TEST_CASE(losses_back_off_from_one_second_doubling_to_sixty_with_jitter) {
  ticker_link link{policy()};
  std::mt19937_64 dice{7};
  std::vector<int64_t> delays;
  int64_t now = 0;
  for (int i = 0; i < 10; ++i) {
    link.connecting(now);
    delays.push_back(link.lost(now, dice));
    BOOST_TEST(link.state() == ticker_link_state::backing_off);
    BOOST_TEST(link.due(now + delays.back() - 1, true) == ticker_link_action::none);
    now += delays.back();
    BOOST_TEST(link.due(now, true) == ticker_link_action::connect);
  }
  // Equal jitter: each delay within [ceiling/2, ceiling] of 1, 2, 4, ... 60 s.
  for (size_t i = 0; i < delays.size(); ++i) {
    int64_t ceiling = std::min<int64_t>(60000, int64_t{1000} << i);
    BOOST_TEST(delays[i] >= ceiling / 2);
    BOOST_TEST(delays[i] <= ceiling);
  }
}

BOOST_AUTO_TEST_CASE(a_connection_that_delivers_a_frame_ends_the_backoff_streak_one_that_drops_at_once_does_not) {
  ticker_link link{policy()};
  std::mt19937_64 dice{7};
  for (int i = 0; i < 4; ++i) {
    link.connecting(0);
    link.opened(0);
    link.lost(0, dice); // accepted, then dropped before any frame
  }
  BOOST_TEST(link.losses_in_a_row() == 4u);
  link.connecting(0);
  link.opened(0);
  link.frame(10);
  BOOST_TEST(link.losses_in_a_row() == 0u);
  auto delay = link.lost(20, dice);
  BOOST_TEST(delay <= 1000);
}

BOOST_AUTO_TEST_CASE(a_refused_token_waits_without_connecting_until_a_new_one) {
  ticker_link link{policy()};
  link.connecting(0);
  link.refused(100);
  BOOST_TEST(link.state() == ticker_link_state::auth_required);
  BOOST_TEST(link.due(1000000, true) == ticker_link_action::none);
  BOOST_TEST(link.token_changed());
  BOOST_TEST(link.due(1000001, true) == ticker_link_action::connect);
  // token_changed means nothing to a link that was not waiting for one.
  BOOST_TEST(!link.token_changed());
}

BOOST_AUTO_TEST_CASE(the_plan_fills_one_connection_before_the_next_and_keeps_instruments_where_they_are) {
  ticker_plan plan{3, 3000};
  auto first = plan.replan(range(1, 2001));
  BOOST_TEST(first.changes[0].subscribe.size() == 2000u);
  BOOST_TEST(first.changes[1].subscribe.empty());
  BOOST_TEST(plan.load(0) == 2000u);
  // 1,000 dropped, 2,500 added: the kept ones stay, the new fill connection 1 up to 3,000 then connection 2.
  auto second = plan.replan(range(1001, 4501));
  BOOST_TEST(second.changes[0].unsubscribe.size() == 1000u);
  BOOST_TEST(second.changes[0].subscribe.size() == 2000u);
  BOOST_TEST(second.changes[1].subscribe.size() == 500u);
  BOOST_TEST(plan.load(0) == 3000u);
  BOOST_TEST(plan.load(1) == 500u);
  BOOST_TEST(plan.planned() == 3500u);
  BOOST_TEST(second.left_out.empty());
  auto on_second = plan.instruments_of(1);
  BOOST_TEST(on_second.front() == 4001u);
  BOOST_TEST(on_second.back() == 4500u);
}

BOOST_AUTO_TEST_CASE(nine_thousand_instruments_fit_three_connections_and_the_rest_is_left_out) {
  ticker_plan plan;
  auto change = plan.replan(range(0, 9500));
  BOOST_TEST(plan.load(0) == 3000u);
  BOOST_TEST(plan.load(1) == 3000u);
  BOOST_TEST(plan.load(2) == 3000u);
  BOOST_TEST(change.left_out.size() == 500u);
  // Room made by dropped instruments is taken by those left out before.
  auto after = plan.replan(range(1000, 10000));
  BOOST_TEST(after.left_out.empty());
  BOOST_TEST(plan.planned() == 9000u);
}

BOOST_AUTO_TEST_CASE(beyond_the_apps_nine_thousand_the_plan_spills_onto_the_next_apps_connections_primary_first) {
  // The provider's app and two spill apps: connections 0-2, 3-5 and 6-8.
  ticker_plan plan{3 * kite_ticker_connections_per_app};
  auto change = plan.replan(range(0, 9500));
  BOOST_TEST(change.left_out.empty());
  for (size_t i = 0; i < 3; ++i)
    BOOST_TEST(plan.load(i) == 3000u);
  BOOST_TEST(plan.load(3) == 500u); // the first spill app's first connection
  BOOST_TEST(plan.load(4) == 0u);   // its others, and the second spill app's, stay closed
  BOOST_TEST(plan.load(6) == 0u);
  // Room on the provider's own connections is taken first, though a spill connection has room too.
  auto after = plan.replan(range(100, 9600));
  BOOST_TEST(after.changes[0].unsubscribe.size() == 100u);
  BOOST_TEST(after.changes[0].subscribe.size() == 100u);
  BOOST_TEST(after.changes[3].subscribe.empty());
  BOOST_TEST(plan.load(3) == 500u);
  // 27,000 instruments fill all nine; more are left out.
  BOOST_TEST(plan.replan(range(0, 27100)).left_out.size() == 100u);
  BOOST_TEST(plan.load(8) == 3000u);
}

BOOST_AUTO_TEST_CASE(an_instrument_left_out_of_a_windows_demands_is_unwanted_but_silence_keeps_everything) {
  g6::instrument_demand demand{10'000};
  BOOST_TEST(demand.ask({1, 2, 3}, 0));
  BOOST_TEST(!demand.ask({1, 2}, 4'000)); // nothing new
  // No cycle asks for a minute (the breaker open): nothing is dropped, however long.
  BOOST_TEST(!demand.forget_unwanted());
  BOOST_TEST(demand.size() == 3u);
  // Cycles resume without 3 (ATM moved): it goes once the newest demand is a window past its last.
  BOOST_TEST(demand.ask({1, 2, 4}, 60'000));
  BOOST_TEST(demand.forget_unwanted());
  BOOST_TEST(demand.wanted() == (std::set<uint64_t>{1, 2, 4}), boost::test_tools::per_element());
  BOOST_TEST(!demand.ask({1, 4}, 69'000));
  BOOST_TEST(!demand.forget_unwanted()); // 2 was asked for 9 s before the newest: still within the window
  demand.ask({1, 4}, 70'001);
  BOOST_TEST(demand.forget_unwanted());
  BOOST_TEST(demand.wanted() == (std::set<uint64_t>{1, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ticker_figures_count_each_apps_connections_by_state) {
  ticker_figures figures{{"kite", "kite", "kite", "kite.backup", "kite.backup", "kite.backup"}};
  BOOST_REQUIRE(figures.states.size() == 6u);
  BOOST_TEST(figures.connection_apps[3] == "kite.backup");
  figures.states[0] = ticker_link_state::streaming;
  figures.states[1] = ticker_link_state::streaming;
  figures.states[2] = ticker_link_state::streaming;
  figures.states[3] = ticker_link_state::auth_required;
  auto reading = read_ticker_figures(figures, 0);
  BOOST_TEST(reading.connections.at("streaming") == 3u);
  BOOST_TEST(reading.connections.at("idle") == 2u);
  BOOST_TEST(reading.apps.at("kite").at("streaming") == 3u);
  BOOST_TEST(reading.apps.at("kite").at("auth_required") == 0u);
  BOOST_TEST(reading.apps.at("kite.backup").at("auth_required") == 1u);
  BOOST_TEST(reading.apps.at("kite.backup").at("idle") == 2u);
}

BOOST_AUTO_TEST_CASE(the_book_keeps_the_newest_tick_and_reports_stale_and_unknown_instruments_missing) {
  tick_book book;
  kite_tick a;
  a.instrument_token = 101;
  a.mode = kite_tick_mode::quote;
  a.last_price = 10;
  kite_tick b = a;
  b.instrument_token = 102;
  b.last_price = 20;
  std::vector<kite_tick> first{a, b};
  book.update(first, 1000);
  a.last_price = 11;
  std::vector<kite_tick> second{a};
  book.update(second, 5000);
  std::vector<uint64_t> asked{101, 102, 103};
  auto snapshot = book.snapshot(asked, 2000);
  BOOST_REQUIRE(snapshot.fresh.size() == 1u);
  BOOST_TEST(snapshot.fresh[0].tick.last_price == 11);
  BOOST_TEST((snapshot.missing == std::vector<uint64_t>{102, 103}));
  // A quote-mode tick carries no time: the quote is stamped with its arrival.
  BOOST_TEST(to_option_quote(snapshot.fresh[0]).quote_ts == 5000);
  std::vector<uint64_t> gone{101};
  book.forget(gone);
  BOOST_TEST(book.snapshot(asked, 0).fresh.size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_book_hands_on_what_ticked_since_it_was_last_asked) {
  tick_book book;
  std::map<uint64_t, std::string> index_of{{256265, "NIFTY"}};
  BOOST_TEST(!book.changed());
  kite_tick option;
  option.instrument_token = 102;
  option.mode = kite_tick_mode::quote;
  option.last_price = 20;
  kite_tick other = option;
  other.instrument_token = 101;
  other.last_price = 7;
  kite_tick level;
  level.instrument_token = 256265;
  level.is_index = true;
  level.last_price = 24100;
  std::vector<kite_tick> first{option, level, other};
  book.update(first, 1000, 1764130000000);
  option.last_price = 21;
  std::vector<kite_tick> second{option};
  book.update(second, 1500, 1764130000500);
  BOOST_TEST(book.changed());

  auto live = book.take_changes(index_of);
  BOOST_TEST(live.as_of == 1500);
  BOOST_TEST(live.arrived_wall == 1764130000500);
  BOOST_TEST(live.first_arrived_wall == 1764130000000);
  BOOST_REQUIRE(live.options.size() == 2u); // each instrument once, its newest tick, in token order
  BOOST_TEST(live.options[0].token == 101u);
  BOOST_TEST(live.options[1].token == 102u);
  BOOST_TEST(live.options[1].last_price == 21);
  BOOST_REQUIRE(live.spots.size() == 1u);
  BOOST_TEST(live.spots[0].index == "NIFTY");
  BOOST_TEST(live.spots[0].last_price == 24100);
  BOOST_TEST(!book.changed());
  BOOST_TEST(book.take_changes(index_of).options.empty());

  // An instrument unsubscribed after it ticked is not handed on.
  std::vector<kite_tick> third{other};
  book.update(third, 2000, 1764130001000);
  std::vector<uint64_t> gone{101};
  book.forget(gone);
  BOOST_TEST(!book.changed());
}

BOOST_AUTO_TEST_CASE(an_index_tick_gives_the_level_with_its_exchange_time) {
  booked_tick booked;
  booked.tick.instrument_token = 256265;
  booked.tick.is_index = true;
  booked.tick.last_price = 24123.5;
  booked.tick.close = 24000;
  booked.tick.open = 24010;
  booked.tick.high = 24200;
  booked.tick.low = 23950;
  booked.received = 9000;
  auto spot = to_index_spot(booked, "NIFTY");
  BOOST_TEST(spot.index == "NIFTY");
  BOOST_TEST(spot.last_price == 24123.5);
  BOOST_TEST(spot.prev_close == 24000);
  BOOST_TEST(spot.ts == 9000);
  booked.tick.exchange_time = 1764000000;
  BOOST_TEST(to_index_spot(booked, "NIFTY").ts == 1764000000000);
}

BOOST_AUTO_TEST_CASE(ticker_urls) {
  auto kite = parse_ticker_url("wss://ws.kite.trade");
  BOOST_REQUIRE(kite.has_value());
  BOOST_TEST(kite->tls);
  BOOST_TEST(kite->host == "ws.kite.trade");
  BOOST_TEST(kite->port == "443");
  BOOST_TEST(kite->target == "/");
  BOOST_TEST(ticker_target(*kite, "key", "tok/en") == "/?api_key=key&access_token=tok%2Fen");
  auto fake = parse_ticker_url("ws://127.0.0.1:8123/ws");
  BOOST_REQUIRE(fake.has_value());
  BOOST_TEST(!fake->tls);
  BOOST_TEST(fake->port == "8123");
  BOOST_TEST(ticker_target(*fake, "k", "t") == "/ws?api_key=k&access_token=t");
  auto query = parse_ticker_url("wss://example.com?x=1");
  BOOST_REQUIRE(query.has_value());
  BOOST_TEST(ticker_target(*query, "k", "t") == "/?x=1&api_key=k&access_token=t");
  for (auto bad :
       {"https://ws.kite.trade", "ws://", "ws://host:0", "ws://host:99999", "ws://host:12a", "wss://user:pw@host", ""})
    BOOST_TEST(!parse_ticker_url(bad).has_value(), bad);
}
