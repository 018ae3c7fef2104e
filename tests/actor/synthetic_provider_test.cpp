#define BOOST_TEST_MODULE synthetic_provider
#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>

#include <cmath>
#include <mutex>

#include "actors/clock/market_clock.hpp"
#include "actors/provider/request_tally_status.hpp"
#include "actors/provider/synthetic_market.hpp"
#include "actors/provider/synthetic_provider.hpp"
#include "config/ist_time.hpp"
#include "tests/support/actor_test_system.hpp"

using namespace g6;

namespace {

constexpr uint64_t seed = 42;
// Saturday 17 Oct 2026, 12:00 IST: the market stands at Friday's close however long the test takes.
const epoch_ms saturday_noon = ist_instant(make_date(2026, 10, 17), 12, 0);

struct fixture : g6::testing::actor_test_system {
  std::shared_ptr<market_clock> clock = std::make_shared<simulated_clock>(saturday_noon, 1.0);
  synthetic_market market{seed};
  std::mutex events_mutex;
  std::vector<event_record> events;

  provider_actor spawn(fault_settings faults = {}) {
    return spawn_synthetic_provider(sys, seed, clock, faults, [this](const event_record& e) {
      std::lock_guard<std::mutex> guard{events_mutex};
      events.push_back(e);
    });
  }

  template <class T, class... Ts>
  caf::expected<T> ask(const provider_actor& provider, Ts... xs) {
    caf::expected<T> result{caf::make_error(caf::sec::request_timeout)};
    self->request(provider, std::chrono::seconds{10}, xs...)
      .receive([&](T& x) { result = std::move(x); }, [&](caf::error& e) { result = std::move(e); });
    return result;
  }

  instrument_list nifty_instruments() { return *market.instruments("NIFTY", ist_date(clock->now())); }

  std::vector<uint64_t> some_tokens(size_t n) {
    auto list = nifty_instruments();
    std::vector<uint64_t> tokens;
    for (size_t i = list.options.size() / 2; tokens.size() < n; ++i)
      tokens.push_back(list.options[i].token);
    return tokens;
  }

  caf::settings status(const provider_actor& provider) {
    auto result = ask<caf::settings>(provider, status_atom_v, status_verbosity::terse);
    BOOST_REQUIRE(result);
    return *result;
  }
};

bool is_injected(const caf::error& e, caf::actor_system& sys) {
  return sys.render(e).find("injected fault: provider error") != std::string::npos;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(synthetic_provider, fixture)

BOOST_AUTO_TEST_CASE(answers_from_the_synthetic_market_at_the_clock_s_now) {
  auto provider = spawn();
  auto list = ask<instrument_list>(provider, instruments_atom_v, std::string{"NIFTY"});
  BOOST_REQUIRE_MESSAGE(list, (list ? std::string{} : sys.render(list.error())));
  auto expected = nifty_instruments();
  BOOST_TEST(list->expiries == expected.expiries);
  BOOST_REQUIRE_EQUAL(list->options.size(), expected.options.size());
  for (size_t i = 0; i < expected.options.size(); ++i) {
    BOOST_TEST(list->options[i].token == expected.options[i].token);
    BOOST_TEST(list->options[i].symbol == expected.options[i].symbol);
  }

  auto spot = ask<index_spot>(provider, spot_atom_v, std::string{"BANKNIFTY"});
  BOOST_REQUIRE(spot);
  auto friday_close = *market.spot("BANKNIFTY", saturday_noon);
  BOOST_TEST(spot->last_price == friday_close.last_price);
  BOOST_TEST(spot->day_high == friday_close.day_high);
  BOOST_TEST(spot->ts == ist_instant(make_date(2026, 10, 16), 15, 30));

  auto tokens = some_tokens(20);
  auto batch = ask<quote_batch>(provider, quotes_atom_v, tokens);
  BOOST_REQUIRE(batch);
  BOOST_TEST(batch->missing.empty());
  BOOST_REQUIRE_EQUAL(batch->quotes.size(), tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    auto direct = market.quote(tokens[i], saturday_noon);
    BOOST_REQUIRE(direct);
    BOOST_TEST(batch->quotes[i].token == tokens[i]);
    BOOST_TEST(batch->quotes[i].last_price == direct->last_price);
    BOOST_TEST(batch->quotes[i].oi == direct->oi);
  }
  auto st = status(provider);
  BOOST_TEST(caf::get_or(st, "kind", std::string{}) == "synthetic");
  BOOST_TEST(caf::get_or(st, "seed", int64_t{0}) == 42);
  BOOST_TEST(caf::get_or(st, "requests", int64_t{0}) == 3);
  BOOST_TEST(events.empty());
}

BOOST_AUTO_TEST_CASE(tokens_it_cannot_quote_come_back_missing) {
  auto provider = spawn();
  auto tokens = some_tokens(3);
  // Thursday's weekly has expired by Saturday; 7 is no synthetic token at all.
  auto expired = encode_synthetic_token({"NIFTY", make_date(2026, 10, 13), 26000, option_type::call});
  BOOST_REQUIRE(expired);
  std::vector<uint64_t> asked{tokens[0], *expired, tokens[1], 7, tokens[2]};
  auto batch = ask<quote_batch>(provider, quotes_atom_v, asked);
  BOOST_REQUIRE(batch);
  BOOST_TEST(batch->missing == (std::vector<uint64_t>{*expired, 7}));
  BOOST_REQUIRE_EQUAL(batch->quotes.size(), 3u);
  for (size_t i = 0; i < 3; ++i)
    BOOST_TEST(batch->quotes[i].token == tokens[i]);
}

BOOST_AUTO_TEST_CASE(an_unknown_index_is_an_error_naming_it) {
  auto provider = spawn();
  auto spot = ask<index_spot>(provider, spot_atom_v, std::string{"DOWJONES"});
  BOOST_REQUIRE(!spot);
  BOOST_TEST(sys.render(spot.error()).find("unknown underlying 'DOWJONES'") != std::string::npos);
  BOOST_TEST(!is_injected(spot.error(), sys));
}

BOOST_AUTO_TEST_CASE(error_rate_one_fails_every_request) {
  fault_settings faults;
  faults.error_rate = 1;
  auto provider = spawn(faults);
  auto list = ask<instrument_list>(provider, instruments_atom_v, std::string{"NIFTY"});
  auto spot = ask<index_spot>(provider, spot_atom_v, std::string{"NIFTY"});
  auto batch = ask<quote_batch>(provider, quotes_atom_v, some_tokens(5));
  BOOST_REQUIRE(!list);
  BOOST_REQUIRE(!spot);
  BOOST_REQUIRE(!batch);
  BOOST_TEST(is_injected(list.error(), sys));
  BOOST_TEST(is_injected(spot.error(), sys));
  BOOST_TEST(is_injected(batch.error(), sys));
  auto st = status(provider);
  BOOST_TEST(caf::get_or(st, "requests", int64_t{0}) == 3);
  BOOST_TEST(caf::get_or(st, "errors_injected", int64_t{0}) == 3);
  std::lock_guard<std::mutex> guard{events_mutex};
  BOOST_REQUIRE_EQUAL(events.size(), 3u);
  for (const auto& e : events) {
    BOOST_TEST(e.component == "provider.synthetic");
    BOOST_TEST(e.kind == "fault_injected");
    BOOST_TEST(e.ts >= saturday_noon);
  }
  BOOST_TEST(events[0].detail == "instruments request 1: provider error");
  BOOST_TEST(events[2].detail == "quotes request 3: provider error");
  // The metrics see each endpoint's failure by its reason.
  auto tally = read_request_tally(st);
  for (auto endpoint : {"instruments", "spot", "quotes"}) {
    auto e = tally.endpoints().find(endpoint);
    BOOST_REQUIRE(e != tally.endpoints().end());
    BOOST_TEST((e->second.outcomes == std::map<std::string, uint64_t>{{"injected_error", 1}}));
  }
}

BOOST_AUTO_TEST_CASE(garbage_rate_one_spoils_every_quote_in_turn) {
  fault_settings faults;
  faults.garbage_rate = 1;
  auto provider = spawn(faults);
  auto tokens = some_tokens(8);
  auto batch = ask<quote_batch>(provider, quotes_atom_v, tokens);
  BOOST_REQUIRE(batch);
  BOOST_REQUIRE_EQUAL(batch->quotes.size(), 8u);
  for (size_t i = 0; i < 8; ++i) {
    const auto& q = batch->quotes[i];
    BOOST_TEST_CONTEXT("quote " << i) {
      switch (i % 4) {
        case 0:
          BOOST_TEST(std::isnan(q.last_price));
          break;
        case 1:
          BOOST_TEST(q.last_price < 0);
          break;
        case 2:
          BOOST_TEST(q.bid > q.ask);
          break;
        default:
          BOOST_TEST(q.last_price == 0);
          BOOST_TEST(q.bid == 0);
          BOOST_TEST(q.ask == 0);
          break;
      }
    }
  }
  BOOST_TEST(caf::get_or(status(provider), "garbage_injected", int64_t{0}) == 8);
  std::lock_guard<std::mutex> guard{events_mutex};
  BOOST_REQUIRE_EQUAL(events.size(), 1u);
  BOOST_TEST(events[0].detail == "quotes request 1: 8 of 8 quotes replaced by garbage");
}

BOOST_AUTO_TEST_CASE(faults_are_the_same_for_the_same_seed) {
  fault_settings faults;
  faults.error_rate = 0.5;
  auto outcomes = [&](const provider_actor& provider) {
    std::vector<bool> ok;
    for (int i = 0; i < 24; ++i)
      ok.push_back(static_cast<bool>(ask<index_spot>(provider, spot_atom_v, std::string{"NIFTY"})));
    return ok;
  };
  auto first = outcomes(spawn(faults));
  auto second = outcomes(spawn(faults));
  BOOST_TEST(first == second);
  auto failures = std::count(first.begin(), first.end(), false);
  BOOST_TEST(failures > 0);
  BOOST_TEST(failures < 24);
}

BOOST_AUTO_TEST_CASE(latency_delays_but_does_not_change_answers) {
  fault_settings faults;
  faults.latency_ms = 30;
  faults.error_rate = 0.5;
  auto delayed = spawn(faults);
  faults.latency_ms = 0;
  auto prompt = spawn(faults);
  auto tokens = some_tokens(4);
  for (int i = 0; i < 6; ++i) {
    auto late = ask<quote_batch>(delayed, quotes_atom_v, tokens);
    auto now = ask<quote_batch>(prompt, quotes_atom_v, tokens);
    BOOST_REQUIRE_EQUAL(static_cast<bool>(late), static_cast<bool>(now));
    if (late) {
      BOOST_REQUIRE_EQUAL(late->quotes.size(), now->quotes.size());
      for (size_t j = 0; j < late->quotes.size(); ++j)
        BOOST_TEST(late->quotes[j].last_price == now->quotes[j].last_price);
    } else {
      BOOST_TEST(is_injected(late.error(), sys));
    }
  }
  // The tally measures a request until its answer leaves: the delayed provider's six each took at least
  // the injected 30 ms, so none sits in a bucket under 25 ms.
  auto tally = read_request_tally(status(delayed));
  auto& quotes = tally.endpoints().at("quotes");
  BOOST_TEST(quotes.requests() == 6u);
  BOOST_TEST(quotes.latency_seconds_sum >= 6 * 0.030);
  auto bounds = request_latency_bounds();
  for (size_t i = 0; i < bounds.size() && bounds[i] < 0.030; ++i)
    BOOST_TEST(quotes.latency_buckets[i] == 0u);
  BOOST_TEST(read_request_tally(status(prompt)).requests() == 6u);
}

BOOST_AUTO_TEST_CASE(latency_holds_answers_back_without_blocking_the_provider) {
  fault_settings faults;
  faults.latency_ms = 1000;
  auto provider = spawn(faults);
  self->send(provider, spot_atom_v, std::string{"NIFTY"});
  self->send(provider, status_atom_v, status_verbosity::terse);
  // Status is answered at once, so it overtakes the spot answer the latency holds back.
  std::vector<std::string> arrivals;
  for (int i = 0; i < 2; ++i)
    self->receive([&](const caf::settings&) { arrivals.push_back("status"); },
                  [&](const index_spot& spot) { arrivals.push_back("spot " + spot.index); },
                  caf::after(std::chrono::seconds{10}) >> [&] { arrivals.push_back("nothing"); });
  BOOST_TEST(arrivals == (std::vector<std::string>{"status", "spot NIFTY"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
