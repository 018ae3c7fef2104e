#define BOOST_TEST_MODULE analytics
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "actors/analytics/black76.hpp"
#include "actors/analytics/greeks.hpp"
#include "actors/analytics/implied_vol.hpp"
#include "actors/analytics/implied_vol_batch.hpp"
#include "actors/analytics/normal_distribution.hpp"
#include "actors/analytics/normalised_black.hpp"
#include "actors/analytics/synthetic_forward.hpp"
#include "actors/analytics/time_to_expiry.hpp"
#include "config/ist_time.hpp"

namespace tt = boost::test_tools;
using namespace g6;

namespace {

constexpr double minutes_per_year = 365.0 * 24 * 60;

black76_option option_on(option_type type, double forward, double strike, double years, double rate) {
  return {type, forward, strike, years, std::exp(-rate * years)};
}

double relative_error(double actual, double expected) {
  return std::abs(actual - expected) / std::abs(expected);
}

/// Whether a premium can carry its volatility to 1e-10. It cannot when one ulp of the premium moves the
/// volatility by more than 1e-12 relative (deep ITM legs whose time value is below the premium's last
/// bit), nor when N(d1), N(d2) fall into subnormals (far wings whose premium is below 1e-300 of the
/// forward). No solver does better there: the information is not in the number.
bool resolvable(const black76_option& option, double vol) {
  auto premium = black76_price(option, vol);
  auto ulp = std::nextafter(premium, std::numeric_limits<double>::infinity()) - premium;
  return premium / option.forward >= std::numeric_limits<double>::min()
         && ulp / (black76_vega(option, vol) * vol) <= 1e-12;
}

} // namespace

// Reference values from mpmath at 50 digits:
// python3 -c "from mpmath import *; mp.dps=50; print(exp(mpf(y)**2)*erfc(mpf(y)))" and
// findroot(lambda z: log(ncdf(z)) - log(p), z0) for the inverse.
BOOST_AUTO_TEST_SUITE(normal_distribution)

BOOST_AUTO_TEST_CASE(erfcx_matches_reference_values_in_every_interval) {
  struct reference {
    double y, erfcx;
  };
  const reference cases[] = {
    {0.1, 0.89645697996912663666}, {0.46875, 0.63206968924955607816}, {1.0, 0.42758357615580700441},
    {3.9, 0.14031418160068973568}, {4.5, 0.12248480427384141755},     {30.0, 0.018795888861416751497},
  };
  for (auto& c : cases)
    BOOST_TEST(erfcx_nonnegative(c.y) == c.erfcx, tt::tolerance(4e-16));
  BOOST_TEST(erfcx_nonnegative(0.0) == 1.0);
}

BOOST_AUTO_TEST_CASE(inverse_normal_cdf_matches_reference_values) {
  struct reference {
    double p, z;
  };
  const reference cases[] = {
    {1e-100, -21.273453560965324295}, {1e-20, -9.2623400897984075737}, {0.01, -2.3263478740408410931},
    {0.3, -0.52440051270804081597},   {0.9, 1.2815515655446005935},    {0.999999, 4.7534243088170877657},
  };
  for (auto& c : cases)
    BOOST_TEST(inverse_normal_cdf(c.p) == c.z, tt::tolerance(1e-15));
  BOOST_TEST(inverse_normal_cdf(0.5) == 0.0);
  BOOST_TEST(std::isinf(inverse_normal_cdf(0.0)));
  BOOST_TEST(std::isnan(inverse_normal_cdf(1.5)));
}

BOOST_AUTO_TEST_SUITE_END()

// b(x, s) = e^{x/2}·Φ(x/s + s/2) − e^{−x/2}·Φ(x/s − s/2) from mpmath at 80 digits, one point in each of
// the function's regions (Taylor in s, asymptotic wing, near the bound, and between):
// python3 -c "from mpmath import *; mp.dps=80; X=mpf(x); S=mpf(s);
//             print(exp(X/2)*ncdf(X/S+S/2) - exp(-X/2)*ncdf(X/S-S/2))"
BOOST_AUTO_TEST_SUITE(normalised_black_function)

BOOST_AUTO_TEST_CASE(keeps_full_relative_precision_far_below_the_money) {
  struct reference {
    double x, s, b;
  };
  const reference cases[] = {
    {-0.05, 0.1, 1.9767051837750097792e-2},   {-0.05, 0.6, 2.1168807843594575733e-1},
    {-1e-06, 0.01, 3.9889062014290080029e-3}, {-0.3, 0.02, 4.8518096706762589507e-54},
    {-2.0, 0.5, 3.4724760825473944043e-6},    {-20.0, 1.0, 1.2097749726121600911e-90},
    {-0.2, 2.0, 5.8835874432600212922e-1},    {-5.0, 6.0, 8.0072995016481671225e-2},
    {0.0, 0.3, 1.1923538474048503154e-1},     {-0.001, 0.0001, 7.4745602454210835492e-29},
  };
  // 5e-14 covers the worst corner, h = x/s near −10 with s tiny, where the Taylor series in s starts
  // from a = 1 + h·R(−h) ≈ 1/h² and so loses h² ulps; an IV is 1/h² less sensitive there, so it does not
  // notice.
  for (auto& c : cases)
    BOOST_TEST_CONTEXT("x=" << c.x << " s=" << c.s) {
      BOOST_TEST(normalised_otm_black(c.x, c.s) == c.b, tt::tolerance(5e-14));
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(black76)

// Reference values, computed independently with the erf-based normal CDF:
// python3 -c "
// import math
// N=lambda x:0.5*(1+math.erf(x/math.sqrt(2)))
// def b76(F,K,T,s,r):
//   df=math.exp(-r*T); sd=s*math.sqrt(T); d1=(math.log(F/K)+sd*sd/2)/sd; d2=d1-sd
//   return df*(F*N(d1)-K*N(d2)), df*(K*N(-d2)-F*N(-d1))
// for a in [(100,95,0.25,0.2,0.065),(100,110,30/365,0.35,0.065),(24000,24500,7/365,0.12,0.065),
//           (100,100,1.0,0.25,0.0)]:
//   print(a, '%.17g %.17g'%b76(*a))"
BOOST_AUTO_TEST_CASE(prices_match_closed_form_reference_values) {
  struct reference {
    double forward, strike, years, vol, rate, call, put;
  };
  const reference cases[] = {
    {100, 95, 0.25, 0.2, 0.065, 6.7770367536968523, 1.8576301588133979},
    {100, 110, 30.0 / 365, 0.35, 0.065, 0.95790170909472683, 10.904619507460607},
    {24000, 24500, 7.0 / 365, 0.12, 0.065, 20.754886735377369, 520.13198739028735},
    {100, 100, 1.0, 0.25, 0.0, 9.9476449660225796, 9.9476449660225796},
  };
  for (auto& c : cases) {
    auto call = option_on(option_type::call, c.forward, c.strike, c.years, c.rate);
    auto put = option_on(option_type::put, c.forward, c.strike, c.years, c.rate);
    BOOST_TEST(black76_price(call, c.vol) == c.call, tt::tolerance(1e-12));
    BOOST_TEST(black76_price(put, c.vol) == c.put, tt::tolerance(1e-12));
  }
}

// python3 -c "import math; print('%.17g %.17g' % (0.5*math.erfc(10/math.sqrt(2)),
//             0.5*math.erfc(-1.5/math.sqrt(2))))"
BOOST_AUTO_TEST_CASE(normal_cdf_keeps_relative_accuracy_in_the_tail) {
  BOOST_TEST(normal_cdf(-10) == 7.619853024160593e-24, tt::tolerance(1e-14));
  BOOST_TEST(normal_cdf(1.5) == 0.93319279873114191, tt::tolerance(1e-15));
  BOOST_TEST(normal_cdf(0) == 0.5);
}

// A far wing, where F·N(d1) − K·N(d2) nearly cancels; the reference needs more digits than doubles:
// python3 -c "
// from mpmath import mp, mpf, erfc, sqrt, log, exp
// mp.dps = 50; N = lambda x: erfc(-x / sqrt(2)) / 2
// F = mpf(24000); K = F * mpf('1.03'); T = mpf(1) / 365; s = mpf('0.1'); df = exp(-mpf('0.065') * T)
// sd = s * sqrt(T); d1 = (log(F / K) + sd * sd / 2) / sd; d2 = d1 - sd
// print(df * (F * N(d1) - K * N(d2)))"
BOOST_AUTO_TEST_CASE(prices_far_wings_to_full_relative_precision) {
  auto call = option_on(option_type::call, 24000, 24000 * 1.03, 1.0 / 365, 0.065);
  BOOST_TEST(black76_price(call, 0.1) == 1.7399401448126420e-07, tt::tolerance(1e-11));
}

BOOST_AUTO_TEST_CASE(call_minus_put_is_the_discounted_forward_minus_strike) {
  for (double strike : {70.0, 95.0, 100.0, 105.0, 130.0})
    for (double years : {1.0 / 365, 30.0 / 365, 1.0})
      for (double vol : {0.05, 0.3, 2.0}) {
        auto call = option_on(option_type::call, 100, strike, years, 0.065);
        auto put = option_on(option_type::put, 100, strike, years, 0.065);
        auto parity = call.discount * (100 - strike);
        auto difference = black76_price(call, vol) - black76_price(put, vol);
        BOOST_TEST(std::abs(difference - parity) <= 1e-12 * 100);
      }
}

BOOST_AUTO_TEST_CASE(zero_volatility_or_time_prices_the_discounted_intrinsic_value) {
  auto call = option_on(option_type::call, 100, 90, 0.5, 0.065);
  BOOST_TEST(black76_price(call, 0) == call.discount * 10);
  call.years = 0;
  call.discount = 1;
  BOOST_TEST(black76_price(call, 0.2) == 10);
  auto put = option_on(option_type::put, 100, 90, 0.5, 0.065);
  BOOST_TEST(black76_price(put, 0) == 0);
}

BOOST_AUTO_TEST_CASE(prices_outside_the_domain_are_nan) {
  BOOST_TEST(std::isnan(black76_price(option_on(option_type::call, -1, 100, 0.1, 0.065), 0.2)));
  BOOST_TEST(std::isnan(black76_price(option_on(option_type::call, 100, 0, 0.1, 0.065), 0.2)));
  BOOST_TEST(std::isnan(black76_price(option_on(option_type::call, 100, 100, 0.1, 0.065), -0.2)));
  BOOST_TEST(std::isnan(black76_price(option_on(option_type::call, 100, 100, 0.1, 0.065), std::nan(""))));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(implied_volatility)

// Every resolvable grid point is priced with Black-76 and solved back. The counts check that the
// points left out do not hollow the grid: both ITM and OTM legs are well represented.
BOOST_AUTO_TEST_CASE(round_trips_to_1e10_relative_across_the_grid) {
  const double moneyness[] = {0.7, 0.8, 0.9, 0.95, 0.99, 1.0, 1.01, 1.05, 1.1, 1.2, 1.3};
  const double minutes[] = {5, 30, 390, 1440, 7 * 1440, 30 * 1440, 60 * 1440};
  const double vols[] = {0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 3.0};
  const iv_params params{0.01, 5.0, 1e-9, 100};
  int checked_itm = 0;
  int checked_otm = 0;
  for (auto m : moneyness)
    for (auto minute : minutes)
      for (auto vol : vols)
        for (auto type : {option_type::call, option_type::put}) {
          auto option = option_on(type, 24000, 24000 * m, minute / minutes_per_year, 0.065);
          if (!resolvable(option, vol))
            continue;
          auto solved = implied_vol(option, black76_price(option, vol), params);
          BOOST_TEST_CONTEXT("m=" << m << " minutes=" << minute << " vol=" << vol << " type=" << to_string(type)) {
            BOOST_TEST_REQUIRE(to_string(solved.status) == "ok");
            BOOST_TEST(relative_error(solved.iv, vol) <= 1e-10);
          }
          auto in_the_money = type == option_type::call ? m < 1 : m > 1;
          ++(in_the_money ? checked_itm : checked_otm);
        }
  BOOST_TEST(checked_itm >= 240);
  BOOST_TEST(checked_otm >= 490);
}

// The domain: strikes from deep in to deep out of the money, 5 minutes to 60 days, vol 1% to
// 500%. Every premium whose time value a double can hold is solved to the precision the premium itself
// carries: one ulp of the premium moves σ by ulp/vega, and σ must come back within a few of those (or a
// few ulps of σ, whichever is larger).
BOOST_AUTO_TEST_CASE(reaches_the_precision_the_premium_carries_everywhere) {
  const double moneyness[] = {0.3, 0.6, 0.8, 0.9, 0.97, 0.995, 1.0, 1.005, 1.03, 1.1, 1.25, 1.6, 3.0};
  const double minutes[] = {5, 60, 375, 1440, 3 * 1440, 10 * 1440, 30 * 1440, 60 * 1440};
  const double vols[] = {0.01, 0.03, 0.08, 0.15, 0.3, 0.6, 1.2, 2.5, 5.0};
  const double epsilon = std::numeric_limits<double>::epsilon();
  int solved = 0;
  double worst = 0; // in units of the attainable precision
  for (auto m : moneyness)
    for (auto minute : minutes)
      for (auto vol : vols)
        for (auto type : {option_type::call, option_type::put}) {
          auto option = option_on(type, 24000, 24000 * m, minute / minutes_per_year, 0.065);
          auto premium = black76_price(option, vol);
          auto time_value = premium - discounted_intrinsic(option);
          if (!(time_value > premium * 1e-12 && time_value / option.strike > 1e-290))
            continue; // the time value is below the premium's last bits, or below the smallest double
          auto result = implied_vol(option, premium, {0.001, 10, 1e-9, 100});
          auto attainable = std::max(epsilon, epsilon * premium / (black76_vega(option, vol) * vol));
          BOOST_TEST_CONTEXT("m=" << m << " minutes=" << minute << " vol=" << vol << " type=" << to_string(type)) {
            BOOST_TEST_REQUIRE(to_string(result.status) == "ok");
            BOOST_TEST(result.iterations <= 3);
            auto error = relative_error(result.iv, vol) / attainable;
            BOOST_TEST(error <= 16);
            worst = std::max(worst, error);
          }
          ++solved;
        }
  BOOST_TEST(solved >= 1100); // of 1872 grid points
  BOOST_TEST_MESSAGE("worst error " << worst << " times the attainable precision over " << solved << " options");
}

// Moneyness no market quotes (ln(F/K) from ±5 to ±300) still converges, inside its bracket.
BOOST_AUTO_TEST_CASE(converges_at_absurd_moneyness) {
  int checked = 0;
  for (double x : {-300.0, -40.0, -5.0, 5.0, 40.0})
    for (double s : {0.5 * std::sqrt(2 * std::abs(x)), std::sqrt(2 * std::abs(x)), 3 * std::sqrt(2 * std::abs(x))}) {
      auto option = option_on(option_type::call, 100 * std::exp(x), 100, 1.0, 0.0);
      auto vol = s;
      auto premium = black76_price(option, vol);
      if (!(premium - discounted_intrinsic(option) > 1e-12 * premium && premium > 1e-290
            && premium < (1 - 1e-12) * premium_upper_bound(option)))
        continue;
      auto result = implied_vol(option, premium, {1e-6, 100, 1e-9, 100});
      auto attainable = std::max(std::numeric_limits<double>::epsilon(),
                                 std::numeric_limits<double>::epsilon() * premium / (black76_vega(option, vol) * vol));
      BOOST_TEST_CONTEXT("x=" << x << " s=" << s) {
        BOOST_TEST_REQUIRE(to_string(result.status) == "ok");
        BOOST_TEST(relative_error(result.iv, vol) <= 16 * attainable);
      }
      ++checked;
    }
  BOOST_TEST(checked >= 10);
}

// The batch orders the work differently, nothing else: the same answers to the last bit, failures
// included, over a random book.
BOOST_AUTO_TEST_CASE(the_batch_answers_exactly_as_one_at_a_time) {
  std::mt19937_64 rng{7};
  std::uniform_real_distribution<double> unit{0, 1};
  iv_batch batch;
  for (int i = 0; i < 5000; ++i) {
    auto type = unit(rng) < 0.5 ? option_type::call : option_type::put;
    auto option =
      option_on(type, 24000, 18000 + 12000 * unit(rng), (5 + 60 * 1440 * unit(rng)) / minutes_per_year, 0.065);
    auto premium = black76_price(option, 0.05 + 1.5 * unit(rng));
    if (i % 50 == 0)
      premium = discounted_intrinsic(option) * 0.999; // below intrinsic
    if (i % 77 == 0)
      premium = std::nan("");
    batch.add(option, premium);
  }
  iv_batch_result result;
  const iv_params params{0.02, 5.0, 1e-9, 100};
  implied_vols(batch, params, result);
  BOOST_TEST_REQUIRE(result.size() == batch.size());
  int failures = 0;
  for (size_t i = 0; i < batch.size(); ++i) {
    auto single = implied_vol(batch.option(i), batch.premium[i], params);
    BOOST_TEST_CONTEXT("option " << i) {
      BOOST_TEST(to_string(result.status[i]) == to_string(single.status));
      BOOST_TEST(result.iv[i] == single.iv); // bit for bit
      BOOST_TEST(result.iterations[i] == single.iterations);
    }
    failures += single.status != iv_status::ok;
  }
  BOOST_TEST(failures >= 100 + 65); // the planted ones, at least
}

BOOST_AUTO_TEST_CASE(an_empty_batch_has_an_empty_result) {
  iv_batch_result result;
  result.iv.push_back(1.0);
  implied_vols(iv_batch{}, {}, result);
  BOOST_TEST(result.size() == 0u);
}

BOOST_AUTO_TEST_CASE(itm_and_otm_legs_at_a_strike_agree) {
  auto call = option_on(option_type::call, 24000, 23000, 3.0 / 365, 0.065);
  auto put = option_on(option_type::put, 24000, 23000, 3.0 / 365, 0.065);
  auto params = iv_params{};
  auto from_call = implied_vol(call, black76_price(call, 0.18), params);
  auto from_put = implied_vol(put, black76_price(put, 0.18), params);
  BOOST_TEST(to_string(from_call.status) == "ok");
  BOOST_TEST(to_string(from_put.status) == "ok");
  BOOST_TEST(from_call.iv == 0.18, tt::tolerance(1e-9));
  BOOST_TEST(from_put.iv == 0.18, tt::tolerance(1e-9));
}

// A deep ITM call is almost all intrinsic value: matched on its own premium, a loose tolerance would be
// spent on the intrinsic part (1e-6 · 1499 rupees, far more than its 0.0005 of time value). Matched on
// its OTM put, the tolerance applies to the time value, and the call's IV is as exact as the put's.
BOOST_AUTO_TEST_CASE(itm_legs_are_solved_on_their_otm_twin) {
  const iv_params loose{0.01, 5.0, 1e-6, 100};
  for (double vol : {0.2, 0.3}) {
    auto call = option_on(option_type::call, 24000, 22500, 2.0 / 365, 0.065);
    auto put = option_on(option_type::put, 24000, 22500, 2.0 / 365, 0.065);
    auto call_premium = black76_price(put, vol) + call.discount * 1500;
    auto solved = implied_vol(call, call_premium, loose);
    BOOST_TEST(to_string(solved.status) == "ok");
    BOOST_TEST(solved.iv == vol, tt::tolerance(1e-9));
  }
}

BOOST_AUTO_TEST_CASE(premium_at_or_below_intrinsic_is_below_intrinsic) {
  auto call = option_on(option_type::call, 100, 90, 0.1, 0.065);
  auto intrinsic = call.discount * 10;
  auto below = implied_vol(call, intrinsic - 0.01, {});
  BOOST_TEST(to_string(below.status) == "below_intrinsic");
  BOOST_TEST(below.iv == 0);
  BOOST_TEST(to_string(implied_vol(call, intrinsic, {}).status) == "below_intrinsic");
  auto otm_put = option_on(option_type::put, 100, 90, 0.1, 0.065);
  BOOST_TEST(to_string(implied_vol(otm_put, 0, {}).status) == "below_intrinsic");
  BOOST_TEST(to_string(implied_vol(otm_put, -1, {}).status) == "below_intrinsic");
}

BOOST_AUTO_TEST_CASE(premium_at_or_above_the_bound_is_above_upper_bound) {
  auto call = option_on(option_type::call, 100, 90, 0.1, 0.065);
  BOOST_TEST(to_string(implied_vol(call, call.discount * 100, {}).status) == "above_upper_bound");
  auto put = option_on(option_type::put, 100, 90, 0.1, 0.065);
  auto above = implied_vol(put, put.discount * 90 + 0.01, {});
  BOOST_TEST(to_string(above.status) == "above_upper_bound");
  BOOST_TEST(above.iv == 0);
}

BOOST_AUTO_TEST_CASE(expired_or_malformed_inputs_are_invalid_input) {
  auto option = option_on(option_type::call, 100, 100, 0.1, 0.065);
  auto expired = option;
  expired.years = 0;
  BOOST_TEST(to_string(implied_vol(expired, 1.0, {}).status) == "invalid_input");
  expired.years = -0.01;
  BOOST_TEST(to_string(implied_vol(expired, 1.0, {}).status) == "invalid_input");
  BOOST_TEST(to_string(implied_vol(option, std::nan(""), {}).status) == "invalid_input");
  auto no_forward = option;
  no_forward.forward = std::nan("");
  BOOST_TEST(to_string(implied_vol(no_forward, 1.0, {}).status) == "invalid_input");
  auto no_strike = option;
  no_strike.strike = -100;
  BOOST_TEST(to_string(implied_vol(no_strike, 1.0, {}).status) == "invalid_input");
  BOOST_TEST(to_string(implied_vol(option, 1.0, {0.5, 0.4, 1e-9, 100}).status) == "invalid_input");
  BOOST_TEST(to_string(implied_vol(option, 1.0, {0.01, 5, 1e-9, 0}).status) == "invalid_input");
}

BOOST_AUTO_TEST_CASE(solutions_outside_the_bounds_are_out_of_range) {
  auto option = option_on(option_type::put, 100, 95, 0.1, 0.065);
  auto too_high = implied_vol(option, black76_price(option, 6.0), {0.01, 5.0, 1e-9, 100});
  BOOST_TEST(to_string(too_high.status) == "out_of_range");
  BOOST_TEST(too_high.iv == 0);
  auto too_low = implied_vol(option, black76_price(option, 0.08), {0.1, 5.0, 1e-9, 100});
  BOOST_TEST(to_string(too_low.status) == "out_of_range");
}

BOOST_AUTO_TEST_CASE(an_exhausted_iteration_budget_is_no_convergence) {
  auto option = option_on(option_type::call, 100, 105, 0.1, 0.065);
  auto result = implied_vol(option, black76_price(option, 0.7), {0.01, 5.0, 1e-12, 1});
  BOOST_TEST(to_string(result.status) == "no_convergence");
  BOOST_TEST(result.iterations == 1);
  BOOST_TEST(result.iv == 0);
}

BOOST_AUTO_TEST_CASE(every_status_has_a_name) {
  BOOST_TEST(to_string(iv_status::ok) == "ok");
  BOOST_TEST(to_string(iv_status::below_intrinsic) == "below_intrinsic");
  BOOST_TEST(to_string(iv_status::above_upper_bound) == "above_upper_bound");
  BOOST_TEST(to_string(iv_status::no_convergence) == "no_convergence");
  BOOST_TEST(to_string(iv_status::invalid_input) == "invalid_input");
  BOOST_TEST(to_string(iv_status::out_of_range) == "out_of_range");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(greeks)

BOOST_AUTO_TEST_CASE(match_finite_differences_of_the_price) {
  struct scenario {
    option_type type;
    double strike, years, vol;
  };
  const scenario scenarios[] = {
    {option_type::call, 23500, 7.0 / 365, 0.15},
    {option_type::call, 24800, 30.0 / 365, 0.25},
    {option_type::put, 23500, 2.0 / 365, 0.4},
    {option_type::put, 24500, 60.0 / 365, 0.12},
  };
  const double forward = 24000;
  const double rate = 0.065;
  for (auto& s : scenarios) {
    auto price = [&](double f, double years, double vol, double r) {
      return black76_price(option_on(s.type, f, s.strike, years, r), vol);
    };
    auto g = black76_greeks(option_on(s.type, forward, s.strike, s.years, rate), s.vol);
    auto hf = forward * 1e-5;
    auto hg = forward * 1e-4;
    auto ht = s.years * 1e-4;
    auto hv = 1e-5;
    auto hr = 1e-5;
    auto delta = (price(forward + hf, s.years, s.vol, rate) - price(forward - hf, s.years, s.vol, rate)) / (2 * hf);
    auto gamma = (price(forward + hg, s.years, s.vol, rate) - 2 * price(forward, s.years, s.vol, rate)
                  + price(forward - hg, s.years, s.vol, rate))
                 / (hg * hg);
    auto theta =
      -(price(forward, s.years + ht, s.vol, rate) - price(forward, s.years - ht, s.vol, rate)) / (2 * ht) / 365;
    auto vega =
      (price(forward, s.years, s.vol + hv, rate) - price(forward, s.years, s.vol - hv, rate)) / (2 * hv) / 100;
    auto rho = (price(forward, s.years, s.vol, rate + hr) - price(forward, s.years, s.vol, rate - hr)) / (2 * hr) / 100;
    BOOST_TEST_CONTEXT("strike=" << s.strike << " type=" << to_string(s.type)) {
      BOOST_TEST(g.delta == delta, tt::tolerance(1e-6));
      BOOST_TEST(g.gamma == gamma, tt::tolerance(1e-4));
      BOOST_TEST(g.theta == theta, tt::tolerance(1e-6));
      BOOST_TEST(g.vega == vega, tt::tolerance(1e-6));
      BOOST_TEST(g.rho == rho, tt::tolerance(1e-6));
    }
  }
}

// Black-Scholes on spot: the premium as a function of S, T and r with F = S·e^{rT}.
BOOST_AUTO_TEST_CASE(spot_greeks_match_finite_differences_of_the_black_scholes_price) {
  const double spot = 24000;
  for (auto type : {option_type::call, option_type::put})
    for (double strike : {23200.0, 24150.0, 25000.0}) {
      const double years = 9.0 / 365;
      const double rate = 0.1;
      const double vol = 0.17;
      auto price = [&](double s, double t, double r, double v) {
        return black76_price(option_on(type, s * std::exp(r * t), strike, t, r), v);
      };
      auto g = black_scholes_greeks(option_on(type, spot * std::exp(rate * years), strike, years, rate), vol);
      auto hs = spot * 1e-5;
      auto hg = spot * 1e-4;
      auto ht = years * 1e-4;
      auto h = 1e-5;
      auto delta = (price(spot + hs, years, rate, vol) - price(spot - hs, years, rate, vol)) / (2 * hs);
      auto gamma =
        (price(spot + hg, years, rate, vol) - 2 * price(spot, years, rate, vol) + price(spot - hg, years, rate, vol))
        / (hg * hg);
      auto theta = -(price(spot, years + ht, rate, vol) - price(spot, years - ht, rate, vol)) / (2 * ht) / 365;
      auto vega = (price(spot, years, rate, vol + h) - price(spot, years, rate, vol - h)) / (2 * h) / 100;
      auto rho = (price(spot, years, rate + h, vol) - price(spot, years, rate - h, vol)) / (2 * h) / 100;
      BOOST_TEST_CONTEXT("strike=" << strike << " type=" << to_string(type)) {
        BOOST_TEST(g.delta == delta, tt::tolerance(1e-6));
        BOOST_TEST(g.gamma == gamma, tt::tolerance(1e-4));
        BOOST_TEST(g.theta == theta, tt::tolerance(1e-6));
        BOOST_TEST(g.vega == vega, tt::tolerance(1e-6));
        BOOST_TEST(g.rho == rho, tt::tolerance(1e-6));
      }
    }
}

BOOST_AUTO_TEST_CASE(call_and_put_deltas_differ_by_the_discount_factor) {
  auto call = option_on(option_type::call, 24000, 24200, 10.0 / 365, 0.065);
  auto put = option_on(option_type::put, 24000, 24200, 10.0 / 365, 0.065);
  auto c = black76_greeks(call, 0.14);
  auto p = black76_greeks(put, 0.14);
  BOOST_TEST(c.delta - p.delta == call.discount, tt::tolerance(1e-14));
  BOOST_TEST(c.gamma == p.gamma, tt::tolerance(1e-14));
  BOOST_TEST(c.vega == p.vega, tt::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(are_nan_without_time_or_volatility) {
  auto expired = option_on(option_type::call, 24000, 24000, 0, 0.065);
  BOOST_TEST(std::isnan(black76_greeks(expired, 0.2).delta));
  auto live = option_on(option_type::call, 24000, 24000, 0.1, 0.065);
  BOOST_TEST(std::isnan(black76_greeks(live, 0).vega));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(time_to_expiry)

BOOST_AUTO_TEST_CASE(counts_minutes_to_1530_ist_of_the_expiry_day) {
  auto expiry = make_date(2026, 12, 1);
  auto now = ist_instant(make_date(2026, 11, 26), 9, 15);
  // 5 days and 6 h 15 min: 5·1440 + 375 minutes.
  BOOST_TEST(years_to_expiry(now, expiry, time_basis::calendar_365) == 7575 / minutes_per_year, tt::tolerance(1e-15));
  BOOST_TEST(years_to_expiry(ist_instant(expiry, 15, 25), expiry, time_basis::calendar_365) == 5 / minutes_per_year,
             tt::tolerance(1e-15));
  BOOST_TEST(years_to_expiry(ist_instant(expiry, 15, 30), expiry, time_basis::calendar_365) == 0);
  BOOST_TEST(years_to_expiry(ist_instant(expiry, 15, 31), expiry, time_basis::calendar_365) < 0);
  BOOST_TEST(expiry_instant(expiry) == ist_instant(expiry, 15, 30));
  BOOST_TEST(to_string(time_basis::calendar_365) == "calendar_365");
}

// Thursday 2026-11-26 10:15 IST to the expiry on Tuesday 2026-12-01: the rest of Thursday (315
// minutes), Friday, Monday and Tuesday (3 × 375); the weekend does not count.
BOOST_AUTO_TEST_CASE(trading_basis_counts_session_minutes_over_252_sessions) {
  const double minutes_per_trading_year = 252 * 375.0;
  auto expiry = make_date(2026, 12, 1);
  auto now = ist_instant(make_date(2026, 11, 26), 10, 15);
  BOOST_TEST(years_to_expiry(now, expiry, time_basis::trading_252) == (315 + 3 * 375) / minutes_per_trading_year,
             tt::tolerance(1e-15));
  // Before the open a whole session is left; after the close none of that day.
  auto before_open = ist_instant(make_date(2026, 11, 26), 7, 0);
  BOOST_TEST(years_to_expiry(before_open, expiry, time_basis::trading_252) == 4 * 375 / minutes_per_trading_year,
             tt::tolerance(1e-15));
  auto saturday = ist_instant(make_date(2026, 11, 28), 12, 0);
  BOOST_TEST(years_to_expiry(saturday, expiry, time_basis::trading_252) == 2 * 375 / minutes_per_trading_year,
             tt::tolerance(1e-15));
  BOOST_TEST(years_to_expiry(ist_instant(expiry, 15, 0), expiry, time_basis::trading_252)
               == 30 / minutes_per_trading_year,
             tt::tolerance(1e-15));
  BOOST_TEST(years_to_expiry(ist_instant(expiry, 15, 30), expiry, time_basis::trading_252) == 0);
  BOOST_TEST(years_to_expiry(ist_instant(expiry, 16, 0), expiry, time_basis::trading_252) < 0);
  BOOST_TEST(to_string(time_basis::trading_252) == "trading_252");
  BOOST_TEST(to_string(parse_time_basis("trading_252").value_or(time_basis::calendar_365)) == "trading_252");
  BOOST_TEST(!parse_time_basis("actual_360"));
}

// An exchange holiday inside the window is skipped like a weekend day (the calendar is injected).
BOOST_AUTO_TEST_CASE(trading_basis_skips_the_calendars_holidays) {
  auto expiry = make_date(2026, 12, 1);
  auto now = ist_instant(make_date(2026, 11, 26), 15, 30);
  exchange_calendar with_friday_off{
    exchange::nse, {make_date(2026, 11, 27)}, make_date(2026, 1, 1), make_date(2026, 12, 31)};
  exchange_calendar without_holidays{exchange::nse, {}, make_date(2026, 1, 1), make_date(2026, 12, 31)};
  BOOST_TEST(years_to_expiry(now, expiry, time_basis::trading_252, with_friday_off) == 2 * 375 / (252 * 375.0),
             tt::tolerance(1e-15));
  BOOST_TEST(years_to_expiry(now, expiry, time_basis::trading_252, without_holidays) == 3 * 375 / (252 * 375.0),
             tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(synthetic_forward_from_parity)

BOOST_AUTO_TEST_CASE(uses_the_strike_where_call_and_put_are_closest) {
  const std::vector<strike_premiums> strikes = {
    {95, 14.0, 4.0},    // |C − P| = 10
    {100, 10.5, 7.5},   // |C − P| = 3: chosen
    {105, 7.0, 11.0},   // |C − P| = 4
    {110, 5.0, absent}, // no put: not a candidate
    {115, 0.0, 0.0},    // unpriced: not a candidate
  };
  auto estimate = synthetic_forward(strikes, 99.0, 0.065, 0.1);
  BOOST_TEST(to_string(estimate.method) == "put_call_parity");
  BOOST_TEST(estimate.parity_strike == 100.0);
  BOOST_TEST(estimate.forward == 100 + std::exp(0.065 * 0.1) * 3.0, tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(recovers_the_forward_black76_priced_with) {
  const double forward = 24137.5;
  const double years = 9.0 / 365;
  std::vector<strike_premiums> strikes;
  for (double k = 23500; k <= 24500; k += 100) {
    auto call = option_on(option_type::call, forward, k, years, 0.065);
    auto put = option_on(option_type::put, forward, k, years, 0.065);
    strikes.push_back({k, black76_price(call, 0.13), black76_price(put, 0.13)});
  }
  auto estimate = synthetic_forward(strikes, 24000, 0.065, years);
  BOOST_TEST(estimate.parity_strike == 24100.0);
  BOOST_TEST(estimate.forward == forward, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(breaks_ties_toward_the_lower_strike) {
  const std::vector<strike_premiums> strikes = {{105, 8.0, 10.0}, {100, 10.0, 8.0}};
  auto estimate = synthetic_forward(strikes, 101.0, 0.065, 0.1);
  BOOST_TEST(estimate.parity_strike == 100.0);
}

BOOST_AUTO_TEST_CASE(falls_back_to_spot_carried_at_the_rate) {
  const std::vector<strike_premiums> calls_only = {{100, 10.0, absent}, {105, 7.0, absent}};
  auto estimate = synthetic_forward(calls_only, 101.0, 0.065, 0.1);
  BOOST_TEST(to_string(estimate.method) == "spot_carry");
  BOOST_TEST(estimate.forward == 101.0 * std::exp(0.065 * 0.1), tt::tolerance(1e-15));
  BOOST_TEST(!is_present(estimate.parity_strike));
}

BOOST_AUTO_TEST_CASE(is_unavailable_without_pairs_or_spot) {
  auto estimate = synthetic_forward({}, 0.0, 0.065, 0.1);
  BOOST_TEST(to_string(estimate.method) == "unavailable");
  BOOST_TEST(!is_present(estimate.forward));
}

BOOST_AUTO_TEST_SUITE_END()
