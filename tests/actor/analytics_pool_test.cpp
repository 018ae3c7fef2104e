#define BOOST_TEST_MODULE analytics_pool
#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>

#include <cmath>
#include <string>

#include "actors/analytics/analytics_pool.hpp"
#include "actors/analytics/black76.hpp"
#include "actors/analytics/time_to_expiry.hpp"
#include "config/ist_time.hpp"
#include "tests/support/actor_test_system.hpp"

using namespace g6;

namespace {

/// Five strikes of calls and puts priced at 15% on a 24000 forward, plus one unpriced leg.
chain_request small_chain(std::string index) {
  chain_request request;
  request.index = std::move(index);
  request.ts = ist_instant(make_date(2026, 11, 26), 11, 0);
  request.spot = 24000;
  expiry_chain chain;
  chain.expiry = make_date(2026, 12, 1);
  auto years = years_to_expiry(request.ts, chain.expiry, time_basis::calendar_365);
  uint64_t token = 100;
  for (double strike = 23800; strike <= 24200; strike += 100)
    for (auto type : {option_type::call, option_type::put}) {
      chain_leg leg;
      leg.instrument = {token, "NIFTY", chain.expiry, strike, type};
      leg.quote.token = token++;
      leg.quote.last_price = black76_price({type, 24000, strike, years, std::exp(-0.065 * years)}, 0.15);
      leg.quote.oi = 100;
      chain.legs.push_back(leg);
    }
  chain_leg unpriced;
  unpriced.instrument = {token, "NIFTY", chain.expiry, 24300, option_type::call};
  chain.legs.push_back(unpriced);
  request.expiries.push_back(chain);
  return request;
}

analytics_params params() {
  analytics_params p;
  p.risk_free_rate = 0.065;
  return p;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(analytics_pool, g6::testing::actor_test_system)

BOOST_AUTO_TEST_CASE(the_pool_answers_a_chain_with_one_row_per_leg) {
  auto pool = caf::actor_cast<analytics_actor>(spawn_analytics_pool(sys, 2, params()));
  auto request = small_chain("NIFTY");
  self->request(pool, caf::infinite, analyze_atom_v, request)
    .receive(
      [&](const chain_result& result) {
        BOOST_TEST_REQUIRE(result.rows.size() == request.expiries[0].legs.size());
        for (size_t i = 0; i < result.rows.size(); ++i)
          BOOST_TEST(result.rows[i].token == request.expiries[0].legs[i].instrument.token);
        BOOST_TEST_REQUIRE(result.expiries.size() == 1u);
        BOOST_TEST(result.expiries[0].iv_solved == 10u);
        BOOST_TEST(result.expiries[0].forward == 24000.0, boost::test_tools::tolerance(1e-12));
        BOOST_TEST(result.rows[0].iv == 0.15, boost::test_tools::tolerance(1e-9));
      },
      [&](const caf::error& err) { BOOST_FAIL("analyze failed: " << sys.render(err)); });
  self->send_exit(pool, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(every_concurrent_request_gets_its_own_chain_back) {
  auto pool = caf::actor_cast<analytics_actor>(spawn_analytics_pool(sys, 2, params()));
  const std::string indices[] = {"NIFTY", "BANKNIFTY", "FINNIFTY", "SENSEX"};
  for (auto& index : indices)
    self->request(pool, caf::infinite, analyze_atom_v, small_chain(index))
      .receive(
        [&](const chain_result& result) {
          BOOST_TEST_REQUIRE(!result.rows.empty());
          BOOST_TEST(result.rows[0].index == index);
        },
        [&](const caf::error& err) { BOOST_FAIL("analyze failed: " << sys.render(err)); });
  self->send_exit(pool, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(a_worker_reports_what_it_has_solved) {
  auto worker = sys.spawn(analytics_worker, params());
  for (int i = 0; i < 2; ++i)
    self->request(worker, caf::infinite, analyze_atom_v, small_chain("NIFTY"))
      .receive([](const chain_result&) {},
               [&](const caf::error& err) { BOOST_FAIL("analyze failed: " << sys.render(err)); });
  self->request(worker, caf::infinite, status_atom_v, status_verbosity::terse)
    .receive(
      [&](const caf::settings& status) {
        BOOST_TEST(caf::get_or(status, "solved", int64_t{-1}) == 20);
        BOOST_TEST(caf::get_or(status, "failed", int64_t{-1}) == 0);
        BOOST_TEST(caf::get_or(status, "chains", int64_t{-1}) == 2);
        BOOST_TEST(!caf::holds_alternative<double>(status, "risk_free_rate"));
      },
      [&](const caf::error& err) { BOOST_FAIL("status failed: " << sys.render(err)); });
  self->request(worker, caf::infinite, status_atom_v, status_verbosity::detailed)
    .receive([&](const caf::settings& status) { BOOST_TEST(caf::get_or(status, "risk_free_rate", 0.0) == 0.065); },
             [&](const caf::error& err) { BOOST_FAIL("status failed: " << sys.render(err)); });
  self->send_exit(worker, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_SUITE_END()
