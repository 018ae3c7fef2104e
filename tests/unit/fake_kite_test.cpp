// g6-fake-kite's rate limit: the sliding window at whole and fractional rates with injected time, the
// rates it refuses, and the limit as a client meets it through fake_kite::handle (429 and the
// rate_violations count).
#define BOOST_TEST_MODULE fake_kite
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>

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
