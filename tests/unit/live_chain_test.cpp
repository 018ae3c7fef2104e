#define BOOST_TEST_MODULE live_chain
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include "actors/analytics/black76.hpp"
#include "actors/panels/live_chain.hpp"
#include "actors/panels/panel_model.hpp"
#include "actors/panels/panel_schema.hpp"
#include "tests/support/priced_chain.hpp"

namespace tt = boost::test_tools;
using namespace g6;
using g6::testing::priced_chain;

namespace {

constexpr epoch_ms max_age_ms = 300000;

/// The snapshot the panels actor holds after the market's cycle: its rows as the cycle priced them.
struct cycle_snapshot {
  priced_chain market;
  live_pricing pricing{priced_chain::params(), max_age_ms};
  index_snapshot snapshot;

  cycle_snapshot() {
    auto request = market.request();
    snapshot.cycle_id = 7;
    snapshot.overview.index = "NIFTY";
    snapshot.overview.ts = request.ts;
    snapshot.overview.underlying = request.spot;
    snapshot.spot = index_spot{"NIFTY", request.spot, 0, 0, 0, 0, request.ts};
    snapshot.options = analyze_chain(request, pricing.analytics).rows;
  }

  const option_row& row(uint64_t token) const {
    for (auto& r : snapshot.options)
      if (r.token == token)
        return r;
    BOOST_FAIL("no row of token " << token);
    return snapshot.options.front();
  }

  /// The quote of a leg of the market's chain at `vol`, ticked at `ts`.
  option_quote quote_at(uint64_t token, double vol, epoch_ms ts, double years) const {
    auto& r = row(token);
    black76_option option{r.type, priced_chain::forward, r.strike, years, std::exp(-priced_chain::rate * years)};
    option_quote q{token, black76_price(option, vol), 0, 0, r.volume + 50, r.oi + 10, r.oi_change, ts};
    return q;
  }
};

uint64_t atm_token(const index_snapshot& s, option_type type) {
  for (auto& r : s.options)
    if (r.strike == 24000 && r.type == type)
      return r.token;
  return 0;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(live_chain, cycle_snapshot)

BOOST_AUTO_TEST_CASE(a_streamed_quote_is_priced_as_a_cycle_would_price_it) {
  // The ATM call and put both ticked at 16% (the smile had 14%): put-call parity keeps the forward, so
  // both legs' IVs come out at 16%, and exactly as a cycle at that instant would price them.
  auto call = atm_token(snapshot, option_type::call);
  auto put = atm_token(snapshot, option_type::put);
  auto later = market.now + 30000;
  auto years = market.years - 30000 / (365.0 * 24 * 3600 * 1000);
  live_quotes quotes;
  quotes.as_of = later;
  quotes.options = {quote_at(call, 0.16, later, years), quote_at(put, 0.16, later, years)};

  auto change = apply_live_quotes(snapshot, quotes, pricing);

  BOOST_TEST(change.applied == 2u);
  BOOST_TEST(change.changed());
  auto& live = row(call);
  BOOST_TEST(live.last_price == quotes.options[0].last_price);
  BOOST_TEST(live.volume == quotes.options[0].volume);
  BOOST_TEST(live.quote_ts == later);
  BOOST_TEST(live.iv == 0.16, tt::tolerance(1e-6));
  BOOST_TEST(row(put).iv == 0.16, tt::tolerance(1e-6));
  auto request = market.request();
  request.ts = later;
  for (auto& leg : request.expiries[0].legs)
    for (auto& q : quotes.options)
      if (leg.instrument.token == q.token)
        leg.quote = q;
  for (auto& expected : analyze_chain(request, pricing.analytics).rows) {
    BOOST_TEST_CONTEXT("row " << expected.token) {
      BOOST_TEST(row(expected.token).iv == expected.iv);
      BOOST_TEST(row(expected.token).delta == expected.delta);
      BOOST_TEST(row(expected.token).forward == expected.forward);
      BOOST_TEST(row(expected.token).ts == later);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_index_level_moves_the_underlying_of_every_row) {
  live_quotes quotes;
  quotes.as_of = market.now + 1000;
  quotes.spots.push_back(index_spot{"NIFTY", 24050, 0, 0, 0, 0, market.now + 1000});
  quotes.spots.push_back(index_spot{"BANKNIFTY", 51000, 0, 0, 0, 0, market.now + 1000});

  auto change = apply_live_quotes(snapshot, quotes, pricing);

  BOOST_TEST(change.spot_moved);
  BOOST_TEST(snapshot.overview.underlying == 24050);
  BOOST_TEST(snapshot.spot.last_price == 24050);
  for (auto& r : snapshot.options)
    BOOST_TEST(r.underlying == 24050);
}

BOOST_AUTO_TEST_CASE(older_equal_foreign_and_unusable_quotes_change_nothing) {
  auto token = atm_token(snapshot, option_type::call);
  auto before = snapshot.options;
  live_quotes quotes;
  quotes.as_of = market.now + 1000;
  auto older = quote_at(token, 0.2, market.now - 5000, market.years); // before the row's own quote
  auto same = option_quote{token,         row(token).last_price, row(token).bid,     row(token).ask, row(token).volume,
                           row(token).oi, row(token).oi_change,  row(token).quote_ts};
  auto foreign = quote_at(token, 0.2, market.now + 1000, market.years);
  foreign.token = 999999; // not in this index's chain
  auto nan = quote_at(token, 0.2, market.now + 1000, market.years);
  nan.last_price = std::numeric_limits<double>::quiet_NaN();
  auto crossed = quote_at(token, 0.2, market.now + 1000, market.years);
  crossed.bid = crossed.last_price + 5;
  crossed.ask = crossed.last_price - 5;
  quotes.options = {older, same, foreign, nan, crossed};
  quotes.spots.push_back(index_spot{"NIFTY", std::numeric_limits<double>::infinity(), 0, 0, 0, 0, market.now + 1000});

  auto change = apply_live_quotes(snapshot, quotes, pricing);

  BOOST_TEST(!change.changed());
  BOOST_TEST(change.rejected == 2u); // the NaN and the crossed book, counted
  BOOST_TEST(snapshot.overview.underlying == priced_chain::spot);
  BOOST_REQUIRE(snapshot.options.size() == before.size());
  for (size_t i = 0; i < before.size(); ++i) {
    BOOST_TEST(snapshot.options[i].last_price == before[i].last_price);
    BOOST_TEST(snapshot.options[i].iv == before[i].iv);
  }
}

BOOST_AUTO_TEST_CASE(a_quote_that_ages_past_the_limit_is_flagged_stale) {
  auto token = atm_token(snapshot, option_type::call);
  auto far = market.now + max_age_ms + 60000;
  live_quotes quotes;
  quotes.as_of = far;
  auto years = market.years - (max_age_ms + 60000) / (365.0 * 24 * 3600 * 1000);
  quotes.options.push_back(quote_at(token, 0.15, far, years));

  apply_live_quotes(snapshot, quotes, pricing);

  BOOST_TEST((row(token).flags & flag_stale) == 0u);
  for (auto& r : snapshot.options)
    if (r.token != token)
      BOOST_TEST((r.flags & flag_stale) != 0u, "row " << r.token << " last quoted before the limit");
}

BOOST_AUTO_TEST_CASE(the_chain_panel_says_when_it_last_moved) {
  panel_inputs in;
  in.indices = {"NIFTY"};
  in.snapshots["NIFTY"] = snapshot;
  auto cycle_panel = chain_panels(in, {"NIFTY"});
  BOOST_REQUIRE(cycle_panel.size() == 1u);
  BOOST_TEST(cycle_panel[0].name == "chain_NIFTY");
  BOOST_TEST(cycle_panel[0].data["live"].is_null());

  in.live["NIFTY"] = live_chain_state{market.now + 2000, 1764130000123, 1764130000001, 3};
  auto moved = chain_panels(in, {"NIFTY", "BANKNIFTY"}); // no snapshot of BANKNIFTY: no panel
  BOOST_REQUIRE(moved.size() == 1u);
  auto& live = moved[0].data["live"];
  BOOST_TEST(live["updates"] == 3);
  BOOST_TEST(live["arrived_ms"] == 1764130000123);
  BOOST_TEST(live["first_arrived_ms"] == 1764130000001);
  BOOST_TEST(live["as_of"] == "2026-11-26T10:00:02.000+05:30");
  BOOST_TEST(validate_panel("chain_NIFTY", moved[0].data).empty());
  auto& atm = moved[0].data["strikes"];
  BOOST_TEST(atm.size() > 0u);
  BOOST_TEST(atm[0]["ce"].contains("bid"));
  BOOST_TEST(atm[0]["ce"].contains("volume"));
}

BOOST_AUTO_TEST_SUITE_END()
