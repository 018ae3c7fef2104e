// QuantLib (Debian libquantlib0-dev) as an independent reference for Black-76 prices, Greeks and
// implied volatilities. Built only where QuantLib was found; the product never links it.
#define BOOST_TEST_MODULE iv_quantlib
#include <boost/test/unit_test.hpp>

#include <ql/pricingengines/blackcalculator.hpp>
#include <ql/pricingengines/blackformula.hpp>

#include <cmath>

#include "actors/analytics/black76.hpp"
#include "actors/analytics/greeks.hpp"
#include "actors/analytics/implied_vol.hpp"

namespace tt = boost::test_tools;
using namespace g6;

namespace {

constexpr double forward = 24000;
constexpr double rate = 0.065;

QuantLib::Option::Type ql_type(option_type type) {
  return type == option_type::call ? QuantLib::Option::Call : QuantLib::Option::Put;
}

/// The grid: strikes 80%..120% of the forward, 1 to 60 days, vol 10% to 100%, calls and puts. QuantLib's
/// normal distribution is accurate in absolute rather than relative terms, so premiums far below the
/// forward's last digits (deep wings, and the Greeks of options whose time value is nil) are left to the
/// mpmath references of analytics_test; here every option has at least 10 rupees of time value.
template <class Check>
int over_the_grid(Check check) {
  int checked = 0;
  for (double m : {0.8, 0.9, 0.97, 1.0, 1.03, 1.1, 1.2})
    for (double days : {1.0, 7.0, 30.0, 60.0})
      for (double vol : {0.1, 0.2, 0.5, 1.0})
        for (auto type : {option_type::call, option_type::put}) {
          auto years = days / 365;
          black76_option option{type, forward, forward * m, years, std::exp(-rate * years)};
          if (black76_price(option, vol) - discounted_intrinsic(option) < 10)
            continue;
          BOOST_TEST_CONTEXT("m=" << m << " days=" << days << " vol=" << vol << " type=" << to_string(type)) {
            check(option, vol);
          }
          ++checked;
        }
  return checked;
}

} // namespace

BOOST_AUTO_TEST_CASE(prices_agree_to_1e12) {
  auto checked = over_the_grid([](const black76_option& o, double vol) {
    auto ql = QuantLib::blackFormula(ql_type(o.type), o.strike, o.forward, vol * std::sqrt(o.years), o.discount);
    BOOST_TEST(black76_price(o, vol) == ql, tt::tolerance(1e-12));
  });
  BOOST_TEST(checked >= 130); // of 224 grid points
}

// Forward Greeks against BlackCalculator with the spot equal to the forward (no drift, so its theta is
// −∂V/∂T with F fixed, and rho + dividend rho is ∂V/∂r with F fixed).
BOOST_AUTO_TEST_CASE(forward_greeks_agree_to_1e12) {
  auto checked = over_the_grid([](const black76_option& o, double vol) {
    QuantLib::BlackCalculator ql(ql_type(o.type), o.strike, o.forward, vol * std::sqrt(o.years), o.discount);
    auto g = black76_greeks(o, vol);
    BOOST_TEST(g.delta == ql.deltaForward(), tt::tolerance(1e-12));
    BOOST_TEST(g.gamma == ql.gammaForward(), tt::tolerance(1e-12));
    BOOST_TEST(g.vega == ql.vega(o.years) / 100, tt::tolerance(1e-12));
    BOOST_TEST(g.theta == ql.theta(o.forward, o.years) / 365, tt::tolerance(1e-12));
    BOOST_TEST(g.rho == (ql.rho(o.years) + ql.dividendRho(o.years)) / 100, tt::tolerance(1e-12));
  });
  BOOST_TEST(checked >= 130); // of 224 grid points
}

// Spot Greeks against BlackCalculator with the spot S = DF·F (no dividend).
BOOST_AUTO_TEST_CASE(spot_greeks_agree_to_1e12) {
  auto checked = over_the_grid([](const black76_option& o, double vol) {
    QuantLib::BlackCalculator ql(ql_type(o.type), o.strike, o.forward, vol * std::sqrt(o.years), o.discount);
    auto spot = o.forward * o.discount;
    auto g = black_scholes_greeks(o, vol);
    BOOST_TEST(g.delta == ql.delta(spot), tt::tolerance(1e-12));
    BOOST_TEST(g.gamma == ql.gamma(spot), tt::tolerance(1e-12));
    BOOST_TEST(g.vega == ql.vega(o.years) / 100, tt::tolerance(1e-12));
    BOOST_TEST(g.theta == ql.theta(spot, o.years) / 365, tt::tolerance(1e-12));
    BOOST_TEST(g.rho == ql.rho(o.years) / 100, tt::tolerance(1e-12));
  });
  BOOST_TEST(checked >= 130); // of 224 grid points
}

// QuantLib's solver stops once its step in σ√T is below `accuracy`; ours lands within that of it.
BOOST_AUTO_TEST_CASE(implied_volatilities_agree_within_quantlibs_accuracy) {
  constexpr double accuracy = 1e-10;
  auto checked = over_the_grid([&](const black76_option& o, double vol) {
    auto premium = black76_price(o, vol);
    auto ours = implied_vol(o, premium, {});
    auto ql_std_dev = QuantLib::blackFormulaImpliedStdDev(ql_type(o.type), o.strike, o.forward, premium, o.discount,
                                                          0.0, QuantLib::Null<QuantLib::Real>(), accuracy, 100);
    BOOST_TEST_REQUIRE(to_string(ours.status) == "ok");
    BOOST_TEST(std::abs(ours.iv * std::sqrt(o.years) - ql_std_dev) <= accuracy);
  });
  BOOST_TEST(checked >= 130); // of 224 grid points
}
