#define BOOST_TEST_MODULE chain_analysis
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "actors/analytics/black76.hpp"
#include "actors/analytics/chain_analysis.hpp"
#include "actors/analytics/chain_statistics.hpp"
#include "config/ist_time.hpp"
#include "tests/support/priced_chain.hpp"

namespace tt = boost::test_tools;
using namespace g6;
using g6::testing::priced_chain;

namespace {

option_row row_of(option_type type, double strike, double oi, int64_t volume = 0, double iv = absent) {
  option_row row;
  row.type = type;
  row.strike = strike;
  row.oi = oi;
  row.volume = volume;
  row.iv = iv;
  return row;
}

analytics_params test_params() {
  return priced_chain::params();
}

} // namespace

BOOST_AUTO_TEST_SUITE(chain_statistics)

// Strikes 100/110/120. Calls OI 10/20/30, puts OI 40/20/5. Payout to holders if settled at
//   100: puts 20·10 + 5·20 = 300
//   110: calls 10·10 = 100, puts 5·10 = 50 → 150 (least)
//   120: calls 10·20 + 20·10 = 400
// PCR by OI = 65/60; by volume = 300/600.
BOOST_AUTO_TEST_CASE(pcr_and_max_pain_of_a_hand_built_chain) {
  const std::vector<option_row> rows = {
    row_of(option_type::call, 100, 10, 100), row_of(option_type::put, 100, 40, 150),
    row_of(option_type::call, 110, 20, 200), row_of(option_type::put, 110, 20, 0),
    row_of(option_type::call, 120, 30, 300), row_of(option_type::put, 120, 5, 150),
  };
  BOOST_TEST(pcr_by_oi(rows) == 65.0 / 60.0, tt::tolerance(1e-15));
  BOOST_TEST(pcr_by_volume(rows) == 0.5);
  BOOST_TEST(max_pain(rows) == 110.0);
}

// Calls OI 0/0/50 at 100/110/120, puts OI 50/0/0: settling anywhere in 100..120 pays
// 50·(S − 120)⁺ + 50·(100 − S)⁺ = 0, so the lowest strike wins the tie.
BOOST_AUTO_TEST_CASE(max_pain_breaks_ties_toward_the_lower_strike) {
  const std::vector<option_row> rows = {
    row_of(option_type::call, 120, 50),
    row_of(option_type::put, 100, 50),
    row_of(option_type::call, 110, 0),
  };
  BOOST_TEST(max_pain(rows) == 100.0);
}

namespace {

// max_pain by its definition: each strike's payout summed over every leg (the O(strikes × legs) form it
// had until it worked from running sums), the lowest strike on a tie.
double max_pain_by_definition(const std::vector<option_row>& rows) {
  std::vector<double> strikes;
  for (auto& row : rows)
    if (std::isfinite(row.strike) && row.strike > 0)
      strikes.push_back(row.strike);
  std::sort(strikes.begin(), strikes.end());
  strikes.erase(std::unique(strikes.begin(), strikes.end()), strikes.end());
  auto payout_at = [&](double settlement) {
    double payout = 0;
    for (auto& row : rows) {
      if (!(std::isfinite(row.strike) && row.strike > 0))
        continue;
      auto oi = std::isfinite(row.oi) && row.oi > 0 ? row.oi : 0.0;
      auto moneyness = row.type == option_type::call ? settlement - row.strike : row.strike - settlement;
      payout += oi * std::max(moneyness, 0.0);
    }
    return payout;
  };
  auto best = strikes.front();
  auto least = payout_at(best);
  for (auto strike : strikes)
    if (auto payout = payout_at(strike); payout < least) {
      least = payout;
      best = strike;
    }
  return best;
}

} // namespace

// Random chains as a listing holds them (a strike step, legs missing here and there, lots of OI, some
// untrusted values, strikes listed twice): the same strike as the definition, ties included.
BOOST_AUTO_TEST_CASE(max_pain_picks_the_strike_its_definition_picks) {
  std::mt19937_64 rng{17};
  std::uniform_real_distribution<double> unit{0, 1};
  for (int chain = 0; chain < 500; ++chain) {
    auto strikes = 1 + static_cast<int>(unit(rng) * 300);
    auto step = chain % 3 == 0 ? 50.0 : chain % 3 == 1 ? 100.0 : 2.5;
    std::vector<option_row> rows;
    for (int k = 0; k < strikes; ++k)
      for (auto type : {option_type::call, option_type::put}) {
        auto draw = unit(rng);
        if (draw < 0.1)
          continue; // not listed
        auto oi = draw < 0.2    ? 0.0
                  : draw < 0.22 ? std::nan("")
                  : draw < 0.24 ? -75.0
                                : std::round(unit(rng) * 2e5) * 75;
        rows.push_back(row_of(type, 10000 + k * step, oi));
        if (draw > 0.98)
          rows.push_back(row_of(type, 10000 + k * step, 75)); // the same leg twice
      }
    if (rows.empty() || !is_present(max_pain(rows))) {
      BOOST_TEST(std::none_of(rows.begin(), rows.end(), [](auto& r) { return std::isfinite(r.oi) && r.oi > 0; }));
      continue;
    }
    BOOST_TEST(max_pain(rows) == max_pain_by_definition(rows), "chain " << chain);
  }
}

BOOST_AUTO_TEST_CASE(ratios_and_max_pain_are_absent_without_open_interest) {
  const std::vector<option_row> puts_only = {row_of(option_type::put, 100, 40, 10)};
  BOOST_TEST(!is_present(pcr_by_oi(puts_only)));
  BOOST_TEST(!is_present(pcr_by_volume(puts_only)));
  const std::vector<option_row> no_oi = {row_of(option_type::call, 100, 0),
                                         row_of(option_type::put, 100, std::nan(""))};
  BOOST_TEST(!is_present(max_pain(no_oi)));
  BOOST_TEST(!is_present(pcr_by_oi(no_oi)));
}

BOOST_AUTO_TEST_CASE(untrusted_open_interest_counts_as_zero) {
  const std::vector<option_row> rows = {
    row_of(option_type::call, 100, 10),
    row_of(option_type::call, 110, std::nan("")),
    row_of(option_type::put, 100, 30),
    row_of(option_type::put, 110, -5),
  };
  BOOST_TEST(pcr_by_oi(rows) == 3.0);
}

// Forward 104 between strikes 100 and 110: the put's IV at 100 (0.22, below the forward) and the call's
// at 110 (0.20, above it): 0.22 + (0.20 − 0.22)·(104 − 100)/(110 − 100) = 0.212.
BOOST_AUTO_TEST_CASE(atm_iv_interpolates_the_otm_legs_at_the_forward) {
  std::vector<option_row> rows = {
    row_of(option_type::put, 100, 0, 0, 0.22),   row_of(option_type::call, 100, 0, 0, 0.30),
    row_of(option_type::put, 105, 0, 0, absent), row_of(option_type::call, 105, 0, 0, absent),
    row_of(option_type::put, 110, 0, 0, 0.25),   row_of(option_type::call, 110, 0, 0, 0.20),
  };
  BOOST_TEST(atm_iv(rows, 104) == 0.212, tt::tolerance(1e-14));
  // At a strike equal to the forward, that strike's call.
  BOOST_TEST(atm_iv(rows, 100) == 0.30);
  // Without the call at 110 its put stands in: 0.22 + 0.03·0.4 = 0.232.
  rows[5].iv = absent;
  BOOST_TEST(atm_iv(rows, 104) == 0.232, tt::tolerance(1e-14));
}

// Forward 100, T = 1: at σ ≈ 0.2 the 25-delta call sits near strike 117 and the 25-delta put near 89.
// Every out-of-the-money call trades at 18% and every out-of-the-money put at 24% (their in-the-money
// twins at 30%, which the smile ignores), so RR = 0.18 − 0.24 and BF = (0.18 + 0.24)/2 − ATM, ATM being
// the 100 call's 18%.
BOOST_AUTO_TEST_CASE(skew_reads_the_25_delta_points_of_the_smile) {
  std::vector<option_row> rows;
  for (double strike = 70; strike <= 140; strike += 5) {
    auto call_otm = strike >= 100;
    rows.push_back(row_of(option_type::call, strike, 0, 0, call_otm ? 0.18 : 0.30));
    rows.push_back(row_of(option_type::put, strike, 0, 0, call_otm ? 0.30 : 0.24));
  }
  auto atm = atm_iv(rows, 100);
  BOOST_TEST(atm == 0.18);
  auto skew = skew_25_delta(rows, 100, 1.0, atm);
  BOOST_TEST(skew.risk_reversal == -0.06, tt::tolerance(1e-14));
  BOOST_TEST(skew.butterfly == 0.03, tt::tolerance(1e-13));
  // Without strikes far enough out there is no 25-delta point; without ATM IV no butterfly.
  std::vector<option_row> narrow(rows.begin() + 10, rows.begin() + 20); // strikes 95..115
  BOOST_TEST(!is_present(skew_25_delta(narrow, 100, 1.0, atm).risk_reversal));
  auto no_atm = skew_25_delta(rows, 100, 1.0, absent);
  BOOST_TEST(is_present(no_atm.risk_reversal));
  BOOST_TEST(!is_present(no_atm.butterfly));
  BOOST_TEST(!is_present(skew_25_delta(rows, 100, 0.0, atm).risk_reversal));
}

BOOST_AUTO_TEST_CASE(oi_breadth_counts_legs_adding_and_shedding_per_side) {
  std::vector<option_row> rows = {row_of(option_type::call, 100, 10), row_of(option_type::call, 105, 10),
                                  row_of(option_type::call, 110, 10), row_of(option_type::put, 100, 10),
                                  row_of(option_type::put, 105, 10),  row_of(option_type::put, 110, 10)};
  const double changes[] = {500, -20, 0, std::nan(""), -1, -300};
  for (size_t i = 0; i < rows.size(); ++i)
    rows[i].oi_change = changes[i];
  auto breadth = oi_change_breadth(rows);
  BOOST_TEST(breadth.calls_adding == 1u);
  BOOST_TEST(breadth.calls_shedding == 1u);
  BOOST_TEST(breadth.puts_adding == 0u);
  BOOST_TEST(breadth.puts_shedding == 2u);
}

BOOST_AUTO_TEST_CASE(atm_iv_is_absent_when_the_forward_is_not_bracketed) {
  const std::vector<option_row> rows = {row_of(option_type::put, 100, 0, 0, 0.22),
                                        row_of(option_type::call, 110, 0, 0, 0.20)};
  BOOST_TEST(!is_present(atm_iv(rows, 120)));
  BOOST_TEST(!is_present(atm_iv(rows, 90)));
  BOOST_TEST(!is_present(atm_iv(rows, std::nan(""))));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(analyze_chain_over_a_priced_chain)

BOOST_AUTO_TEST_CASE(recovers_the_forward_and_the_smile) {
  priced_chain market;
  auto request = market.request();
  auto result = analyze_chain(request, test_params());
  BOOST_TEST_REQUIRE(result.expiries.size() == 1u);
  BOOST_TEST_REQUIRE(result.rows.size() == request.expiries[0].legs.size());
  auto& stats = result.expiries[0];
  BOOST_TEST(stats.expiry == market.expiry);
  BOOST_TEST(stats.years_to_expiry == market.years, tt::tolerance(1e-15));
  BOOST_TEST(stats.forward == priced_chain::forward, tt::tolerance(1e-12));
  BOOST_TEST(stats.iv_solved == 18u);
  BOOST_TEST(stats.iv_failed == 0u);
  BOOST_TEST(stats.pcr_oi == 1.5, tt::tolerance(1e-15));
  BOOST_TEST(stats.pcr_volume == 0.25, tt::tolerance(1e-15));
  auto expected_atm =
    priced_chain::smile(24000) + (priced_chain::smile(24250) - priced_chain::smile(24000)) * 100 / 250;
  BOOST_TEST(stats.atm_iv == expected_atm, tt::tolerance(1e-9));
  auto discount = std::exp(-priced_chain::rate * market.years);
  for (size_t i = 0; i < result.rows.size(); ++i) {
    auto& row = result.rows[i];
    auto& leg = request.expiries[0].legs[i];
    BOOST_TEST_CONTEXT("strike=" << row.strike << " type=" << to_string(row.type)) {
      BOOST_TEST(row.token == leg.instrument.token);
      BOOST_TEST(to_string(row.type) == to_string(leg.instrument.type));
      BOOST_TEST(row.last_price == leg.quote.last_price);
      BOOST_TEST(row.ts == request.ts);
      BOOST_TEST(row.quote_ts == leg.quote.quote_ts);
      BOOST_TEST(row.index == "NIFTY");
      BOOST_TEST(row.underlying == priced_chain::spot);
      BOOST_TEST(row.forward == stats.forward);
      BOOST_TEST(row.flags == 0u);
      BOOST_TEST(row.iv == priced_chain::smile(row.strike), tt::tolerance(1e-9));
      BOOST_TEST(is_present(row.gamma));
      BOOST_TEST(is_present(row.theta));
      BOOST_TEST(is_present(row.vega));
      BOOST_TEST(is_present(row.rho));
    }
    // Rows come in call/put pairs per strike: forward deltas differ by the discount factor.
    if (row.type == option_type::put)
      BOOST_TEST(result.rows[i - 1].delta - row.delta == discount, tt::tolerance(1e-9));
  }
}

BOOST_AUTO_TEST_CASE(unpriced_legs_and_prices_under_the_discounted_intrinsic_get_no_iv) {
  priced_chain market;
  auto request = market.request();
  auto& legs = request.expiries[0].legs;
  legs[0].quote.last_price = 0;     // 23000 CE: no trade
  legs[4].quote.last_price = 500.0; // 23500 CE: below its ≈599 discounted intrinsic value
  auto detailed = analyze_chain_in_detail(request, test_params());
  BOOST_TEST(to_string(detailed.reasons[0]) == "no_premium");
  BOOST_TEST(to_string(detailed.reasons[4]) == "below_intrinsic");
  BOOST_TEST(to_string(detailed.reasons[1]) == "solved");
  auto& result = detailed.result;
  BOOST_TEST(!is_present(result.rows[0].iv));
  BOOST_TEST(result.rows[0].flags == 0u);
  BOOST_TEST(!is_present(result.rows[4].iv));
  BOOST_TEST(!is_present(result.rows[4].delta));
  BOOST_TEST(result.rows[4].flags == (flag_iv_failed | flag_below_intrinsic));
  BOOST_TEST(result.expiries[0].iv_solved == 16u);
  BOOST_TEST(result.expiries[0].iv_failed == 1u);
}

BOOST_AUTO_TEST_CASE(a_deep_itm_put_under_spot_intrinsic_still_has_an_iv) {
  // A European put's lower bound is the discounted intrinsic value against the forward, (K − F)·D:
  // with the forward 100 above spot, the 25000 put may trade ≈100 rupees under K − spot and still be a
  // fair price with a volatility, not an anomaly.
  priced_chain market;
  auto request = market.request();
  auto& legs = request.expiries[0].legs;
  const size_t put_25000 = legs.size() - 1;
  BOOST_TEST_REQUIRE((legs[put_25000].instrument.type == option_type::put));
  BOOST_TEST_REQUIRE(legs[put_25000].instrument.strike == 25000.0);
  auto spot_intrinsic = 25000 - priced_chain::spot;
  auto forward_intrinsic = (25000 - priced_chain::forward) * std::exp(-priced_chain::rate * market.years);
  legs[put_25000].quote.last_price = 0.5 * (spot_intrinsic + forward_intrinsic);
  auto detailed = analyze_chain_in_detail(request, test_params());
  BOOST_TEST(to_string(detailed.reasons[put_25000]) == "solved");
  BOOST_TEST(is_present(detailed.result.rows[put_25000].iv));
  BOOST_TEST(detailed.result.rows[put_25000].flags == 0u);
}

BOOST_AUTO_TEST_CASE(an_expired_chain_fails_every_iv) {
  priced_chain market;
  auto request = market.request();
  request.ts = ist_instant(market.expiry, 15, 31);
  auto result = analyze_chain(request, test_params());
  BOOST_TEST(result.expiries[0].years_to_expiry < 0);
  BOOST_TEST(result.expiries[0].iv_solved == 0u);
  BOOST_TEST(result.expiries[0].iv_failed == 18u);
  BOOST_TEST(!is_present(result.expiries[0].atm_iv));
  for (auto& row : result.rows) {
    BOOST_TEST(!is_present(row.iv));
    BOOST_TEST(row.flags == flag_iv_failed);
  }
}

BOOST_AUTO_TEST_CASE(a_chain_without_puts_prices_on_spot_carried_forward) {
  priced_chain market;
  auto request = market.request();
  auto& legs = request.expiries[0].legs;
  std::erase_if(legs, [](const chain_leg& leg) { return leg.instrument.type == option_type::put; });
  auto result = analyze_chain(request, test_params());
  auto carried = priced_chain::spot * std::exp(priced_chain::rate * market.years);
  BOOST_TEST(result.expiries[0].forward == carried, tt::tolerance(1e-15));
  BOOST_TEST(result.rows[0].forward == carried, tt::tolerance(1e-15));
  BOOST_TEST(result.expiries[0].pcr_oi == 0.0);
}

BOOST_AUTO_TEST_CASE(switches_turn_iv_and_greeks_off) {
  priced_chain market;
  auto request = market.request();
  auto params = test_params();
  params.compute_greeks = false;
  auto iv_only = analyze_chain(request, params);
  BOOST_TEST(is_present(iv_only.rows[0].iv));
  BOOST_TEST(!is_present(iv_only.rows[0].delta));
  params.estimate_iv = false;
  auto quotes_only = analyze_chain(request, params);
  BOOST_TEST(!is_present(quotes_only.rows[0].iv));
  BOOST_TEST(quotes_only.rows[0].flags == 0u);
  BOOST_TEST(quotes_only.expiries[0].iv_solved == 0u);
  BOOST_TEST(quotes_only.expiries[0].iv_failed == 0u);
  BOOST_TEST(quotes_only.expiries[0].forward == priced_chain::forward, tt::tolerance(1e-12));
}

// The chain's smile falls with strike, so puts are dearer than calls: RR25 < 0. Its value is that of the
// continuous smile at its 25-delta strikes, up to the interpolation between strikes 250 apart.
BOOST_AUTO_TEST_CASE(statistics_carry_the_skew_and_the_oi_breadth) {
  priced_chain market;
  auto request = market.request();
  auto& legs = request.expiries[0].legs;
  for (size_t i = 0; i < legs.size(); ++i)
    legs[i].quote.oi_change = i % 3 == 0 ? 100.0 : (i % 3 == 1 ? -50.0 : 0.0);
  auto stats = analyze_chain(request, test_params()).expiries[0];
  auto iv_at_call_delta = [&](double delta) {
    double lo = 20000, hi = 28000;
    for (int i = 0; i < 200; ++i) {
      auto k = 0.5 * (lo + hi);
      auto sd = priced_chain::smile(k) * std::sqrt(market.years);
      auto d = normal_cdf(std::log(priced_chain::forward / k) / sd + 0.5 * sd);
      (d > delta ? lo : hi) = k;
    }
    return priced_chain::smile(lo);
  };
  auto expected_rr = iv_at_call_delta(0.25) - iv_at_call_delta(0.75);
  BOOST_TEST(stats.rr25 < 0);
  BOOST_TEST(std::abs(stats.rr25 - expected_rr) < 5e-4);
  BOOST_TEST(std::abs(stats.bf25 - (0.5 * (iv_at_call_delta(0.25) + iv_at_call_delta(0.75)) - stats.atm_iv)) < 5e-4);
  BOOST_TEST(stats.max_pain > 0);
  // Legs alternate call/put, so each side holds every third change.
  BOOST_TEST(stats.calls_adding_oi + stats.puts_adding_oi == 6u);
  BOOST_TEST(stats.calls_shedding_oi + stats.puts_shedding_oi == 6u);
  BOOST_TEST(stats.calls_adding_oi == 3u);
}

// NSE's convention: the forward is spot·e^{rT} at r = 10%, the IVs are those that reprice the premiums
// on that forward, and the Greeks are Black-Scholes on spot (delta N(d1)). The spot is set so that this
// forward is the chain's own; on the chain's 24000 spot its in-the-money puts would be below intrinsic.
BOOST_AUTO_TEST_CASE(nse_mode_prices_on_spot_at_ten_percent) {
  priced_chain market;
  auto request = market.request();
  request.spot = priced_chain::forward * std::exp(-0.10 * market.years);
  auto params = analytics_params::nse_compatible();
  BOOST_TEST(params.risk_free_rate == 0.10);
  BOOST_TEST(to_string(params.model) == "spot_black_scholes");
  auto detailed = analyze_chain_in_detail(request, params);
  auto& stats = detailed.result.expiries[0];
  auto nse_forward = request.spot * std::exp(0.10 * market.years);
  BOOST_TEST(stats.forward == priced_chain::forward, tt::tolerance(1e-14));
  BOOST_TEST(stats.iv_solved == 18u);
  auto discount = std::exp(-0.10 * market.years);
  for (size_t i = 0; i < detailed.result.rows.size(); ++i) {
    auto& row = detailed.result.rows[i];
    BOOST_TEST(to_string(detailed.reasons[i]) == "solved");
    black76_option option{row.type, nse_forward, row.strike, market.years, discount};
    BOOST_TEST(black76_price(option, row.iv) == row.last_price, tt::tolerance(1e-12));
    auto d1 =
      std::log(nse_forward / row.strike) / (row.iv * std::sqrt(market.years)) + 0.5 * row.iv * std::sqrt(market.years);
    auto spot_delta = row.type == option_type::call ? normal_cdf(d1) : normal_cdf(d1) - 1;
    BOOST_TEST(row.delta == spot_delta, tt::tolerance(1e-12));
  }
}

// A quote expiring right now still prices under NSE's one-day floor, not under the forward convention.
BOOST_AUTO_TEST_CASE(the_one_day_floor_applies_at_expiry_but_not_after) {
  priced_chain market;
  auto request = market.request();
  request.ts = ist_instant(market.expiry, 15, 30);
  auto nse = analyze_chain_in_detail(request, analytics_params::nse_compatible());
  BOOST_TEST(nse.result.expiries[0].years_to_expiry == 1.0 / 365);
  BOOST_TEST(nse.result.expiries[0].iv_solved > 0u);
  auto forward = analyze_chain_in_detail(request, test_params());
  BOOST_TEST(forward.result.expiries[0].iv_solved == 0u);
  BOOST_TEST(to_string(forward.reasons[0]) == "expired");
  request.ts = ist_instant(market.expiry, 15, 31);
  auto after = analyze_chain_in_detail(request, analytics_params::nse_compatible());
  BOOST_TEST(after.result.expiries[0].iv_solved == 0u);
  BOOST_TEST(to_string(after.reasons[0]) == "expired");
}

// Mid prices need a two-sided book; a leg without one has no premium.
BOOST_AUTO_TEST_CASE(mid_prices_come_from_two_sided_books) {
  priced_chain market;
  auto request = market.request();
  for (auto& leg : request.expiries[0].legs) {
    leg.quote.bid = leg.quote.last_price - 0.5;
    leg.quote.ask = leg.quote.last_price + 0.5;
    leg.quote.last_price = 1.0; // a stale trade the mid ignores
  }
  // The 23000 put (worth 0.43) now bids below zero: no two-sided book either.
  request.expiries[0].legs[3].quote.bid = 0;                                         // one-sided
  request.expiries[0].legs[5].quote.ask = request.expiries[0].legs[5].quote.bid - 1; // crossed
  auto params = test_params();
  params.premium = premium_source::mid;
  auto detailed = analyze_chain_in_detail(request, params);
  BOOST_TEST(to_string(detailed.reasons[1]) == "no_premium");
  BOOST_TEST(to_string(detailed.reasons[3]) == "no_premium");
  BOOST_TEST(to_string(detailed.reasons[5]) == "no_premium");
  BOOST_TEST(detailed.result.expiries[0].iv_solved == 15u);
  BOOST_TEST(detailed.result.expiries[0].forward == priced_chain::forward, tt::tolerance(1e-12));
  BOOST_TEST(detailed.result.rows[0].iv == priced_chain::smile(23000), tt::tolerance(1e-9));
}

// On the trading-day basis T counts session minutes only: Thursday 10:00 to Tuesday 15:30 is 330 + 3·375
// minutes of 252·375 a year; the IVs scale so that σ²T, which the premiums fix, is nearly unchanged
// (nearly: the discount factor e^{−rT} moves with T too).
BOOST_AUTO_TEST_CASE(the_trading_basis_changes_t_and_scales_the_ivs) {
  priced_chain market;
  auto params = test_params();
  params.basis = time_basis::trading_252;
  auto trading = analyze_chain(market.request(), params);
  auto calendar = analyze_chain(market.request(), test_params());
  auto years = (330 + 3 * 375) / (252 * 375.0);
  BOOST_TEST(trading.expiries[0].years_to_expiry == years, tt::tolerance(1e-14));
  auto& a = trading.rows[4];
  auto& b = calendar.rows[4];
  BOOST_TEST(a.iv * a.iv * years == b.iv * b.iv * market.years, tt::tolerance(3e-3));
  BOOST_TEST(a.iv < b.iv); // 5.8 sessions are a longer share of 252 than 5.2 days of 365
}

BOOST_AUTO_TEST_CASE(params_come_from_the_greeks_settings) {
  greeks_settings settings;
  settings.enabled = false;
  settings.estimate_iv = true;
  settings.risk_free_rate = 0.07;
  settings.iv_min = 0.02;
  settings.iv_max = 4.0;
  settings.iv_precision = 1e-10;
  settings.iv_max_iterations = 50;
  auto params = from_settings(settings, surface_settings{});
  BOOST_TEST(params.risk_free_rate == 0.07);
  BOOST_TEST(params.iv_min == 0.02);
  BOOST_TEST(params.iv_max == 4.0);
  BOOST_TEST(params.iv_precision == 1e-10);
  BOOST_TEST(params.iv_max_iterations == 50);
  BOOST_TEST(params.estimate_iv);
  BOOST_TEST(!params.compute_greeks);
}

BOOST_AUTO_TEST_SUITE_END()
