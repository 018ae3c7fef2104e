#define BOOST_TEST_MODULE chain_analysis
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include "actors/analytics/black76.hpp"
#include "actors/analytics/chain_analysis.hpp"
#include "actors/analytics/chain_statistics.hpp"
#include "config/ist_time.hpp"

namespace tt = boost::test_tools;
using namespace g6;

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

/// A NIFTY-like chain priced with Black-76 on a forward away from spot·e^{rT} (as dividends would put
/// it) at a skewed smile, so analyze_chain must find both from the premiums alone.
struct priced_chain {
  static constexpr double spot = 24000;
  static constexpr double forward = 24100;
  static constexpr double rate = 0.065;
  day_number expiry = make_date(2026, 12, 1);
  epoch_ms now = ist_instant(make_date(2026, 11, 26), 10, 0);
  // 5 days and 5 h 30 min to 15:30 IST on the expiry day.
  double years = 7530 / (365.0 * 24 * 60);

  static double smile(double strike) {
    auto x = std::log(strike / forward);
    return 0.14 - 0.08 * x + 0.4 * x * x;
  }

  chain_request request() const {
    chain_request request;
    request.index = "NIFTY";
    request.ts = now;
    request.spot = spot;
    expiry_chain chain;
    chain.expiry = expiry;
    chain.bucket = expiry_bucket::this_week;
    uint64_t token = 1;
    for (double strike = 23000; strike <= 25000; strike += 250)
      for (auto type : {option_type::call, option_type::put}) {
        black76_option option{type, forward, strike, years, std::exp(-rate * years)};
        chain_leg leg;
        leg.instrument = {token, "NIFTY" + std::to_string(token), expiry, strike, type};
        leg.quote.token = token++;
        leg.quote.last_price = black76_price(option, smile(strike));
        leg.quote.oi = type == option_type::call ? 1000 : 1500;
        leg.quote.volume = type == option_type::call ? 400 : 100;
        leg.quote.quote_ts = now - 1000;
        chain.legs.push_back(leg);
      }
    request.expiries.push_back(chain);
    return request;
  }
};

analytics_params test_params() {
  analytics_params params;
  params.risk_free_rate = priced_chain::rate;
  return params;
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
    row_of(option_type::call, 120, 50), row_of(option_type::put, 100, 50),
    row_of(option_type::call, 110, 0),
  };
  BOOST_TEST(max_pain(rows) == 100.0);
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
    row_of(option_type::call, 100, 10), row_of(option_type::call, 110, std::nan("")),
    row_of(option_type::put, 100, 30), row_of(option_type::put, 110, -5),
  };
  BOOST_TEST(pcr_by_oi(rows) == 3.0);
}

// Forward 104 between strikes 100 and 110: the put's IV at 100 (0.22, below the forward) and the call's
// at 110 (0.20, above it): 0.22 + (0.20 − 0.22)·(104 − 100)/(110 − 100) = 0.212.
BOOST_AUTO_TEST_CASE(atm_iv_interpolates_the_otm_legs_at_the_forward) {
  std::vector<option_row> rows = {
    row_of(option_type::put, 100, 0, 0, 0.22),  row_of(option_type::call, 100, 0, 0, 0.30),
    row_of(option_type::put, 105, 0, 0, absent), row_of(option_type::call, 105, 0, 0, absent),
    row_of(option_type::put, 110, 0, 0, 0.25),  row_of(option_type::call, 110, 0, 0, 0.20),
  };
  BOOST_TEST(atm_iv(rows, 104) == 0.212, tt::tolerance(1e-14));
  // At a strike equal to the forward, that strike's call.
  BOOST_TEST(atm_iv(rows, 100) == 0.30);
  // Without the call at 110 its put stands in: 0.22 + 0.03·0.4 = 0.232.
  rows[5].iv = absent;
  BOOST_TEST(atm_iv(rows, 104) == 0.232, tt::tolerance(1e-14));
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
  auto expected_atm = priced_chain::smile(24000)
                      + (priced_chain::smile(24250) - priced_chain::smile(24000)) * 100 / 250;
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

BOOST_AUTO_TEST_CASE(unpriced_and_flagged_legs_get_no_iv) {
  priced_chain market;
  auto request = market.request();
  auto& legs = request.expiries[0].legs;
  legs[0].quote.last_price = 0;                // 23000 CE: no trade
  legs[2].flags = flag_below_intrinsic;        // 23250 CE: the collector distrusts it
  legs[4].quote.last_price = 500.0;            // 23500 CE: below its ≈599 discounted intrinsic value
  auto result = analyze_chain(request, test_params());
  BOOST_TEST(!is_present(result.rows[0].iv));
  BOOST_TEST(result.rows[0].flags == 0u);
  BOOST_TEST(!is_present(result.rows[2].iv));
  BOOST_TEST(result.rows[2].flags == flag_below_intrinsic);
  BOOST_TEST(!is_present(result.rows[4].iv));
  BOOST_TEST(!is_present(result.rows[4].delta));
  BOOST_TEST(result.rows[4].flags == (flag_iv_failed | flag_below_intrinsic));
  BOOST_TEST(result.expiries[0].iv_solved == 15u);
  BOOST_TEST(result.expiries[0].iv_failed == 1u);
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

BOOST_AUTO_TEST_CASE(params_come_from_the_greeks_settings) {
  greeks_settings settings;
  settings.enabled = false;
  settings.estimate_iv = true;
  settings.risk_free_rate = 0.07;
  settings.iv_min = 0.02;
  settings.iv_max = 4.0;
  settings.iv_precision = 1e-10;
  settings.iv_max_iterations = 50;
  auto params = from_settings(settings);
  BOOST_TEST(params.risk_free_rate == 0.07);
  BOOST_TEST(params.iv_min == 0.02);
  BOOST_TEST(params.iv_max == 4.0);
  BOOST_TEST(params.iv_precision == 1e-10);
  BOOST_TEST(params.iv_max_iterations == 50);
  BOOST_TEST(params.estimate_iv);
  BOOST_TEST(!params.compute_greeks);
}

BOOST_AUTO_TEST_SUITE_END()
