#define BOOST_TEST_MODULE circuit_breaker
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <random>

#include "supervision/backoff.hpp"
#include "supervision/circuit_breaker.hpp"

namespace g6 {
// Lets Boost.Test print states in failure messages.
std::ostream& operator<<(std::ostream& os, breaker_state x) {
  return os << to_string(x);
}
} // namespace g6

using namespace std::chrono_literals;
using g6::breaker_state;

namespace {

using time_point = g6::circuit_breaker::time_point;

const time_point t0 = time_point{} + 1h;

g6::breaker_config small_config() {
  g6::breaker_config c;
  c.window = 4;
  c.min_calls = 3;
  c.failure_rate = 0.5;
  c.open_duration = 10s;
  c.half_open_trials = 2;
  return c;
}

/// Lets one call through at `now` and records its outcome.
void call(g6::circuit_breaker& b, time_point now, bool fails) {
  BOOST_REQUIRE(b.allow(now));
  if (fails)
    b.record_failure(now);
  else
    b.record_success(now);
}

/// Drives a fresh breaker of small_config() to open at t0.
g6::circuit_breaker opened_breaker() {
  g6::circuit_breaker b{small_config()};
  call(b, t0, true);
  call(b, t0, true);
  call(b, t0, true);
  BOOST_REQUIRE(b.state() == breaker_state::open);
  b.take_transitions();
  return b;
}

} // namespace

BOOST_AUTO_TEST_SUITE(circuit_breaker)

BOOST_AUTO_TEST_CASE(state_names) {
  BOOST_TEST(g6::to_string(breaker_state::closed) == "closed");
  BOOST_TEST(g6::to_string(breaker_state::open) == "open");
  BOOST_TEST(g6::to_string(breaker_state::half_open) == "half_open");
}

BOOST_AUTO_TEST_CASE(config_from_settings) {
  g6::breaker_settings s;
  s.window = 30;
  s.min_calls = 7;
  s.failure_rate = 0.25;
  s.open_seconds = 2.5;
  s.half_open_trials = 4;
  auto c = g6::to_breaker_config(s);
  BOOST_TEST(c.window == 30);
  BOOST_TEST(c.min_calls == 7);
  BOOST_TEST(c.failure_rate == 0.25);
  BOOST_TEST(c.open_duration.count() == 2500);
  BOOST_TEST(c.half_open_trials == 4);
  BOOST_TEST(!g6::validate(c).has_value());
}

BOOST_AUTO_TEST_CASE(invalid_configs_are_named) {
  auto c = small_config();
  c.window = 0;
  BOOST_TEST(g6::validate(c).value() == "breaker.window must be at least 1, got 0");
  c = small_config();
  c.min_calls = 5;
  BOOST_TEST(g6::validate(c).value() == "breaker.min_calls must be between 1 and window (4), got 5");
  c = small_config();
  c.failure_rate = 0;
  BOOST_TEST(g6::validate(c).value().starts_with("breaker.failure_rate must be in (0, 1], got 0"));
  c = small_config();
  c.open_duration = -1s;
  BOOST_TEST(g6::validate(c).value().starts_with("breaker.open_seconds must not be negative"));
  c = small_config();
  c.half_open_trials = 0;
  BOOST_TEST(g6::validate(c).value() == "breaker.half_open_trials must be at least 1, got 0");
}

BOOST_AUTO_TEST_CASE(no_decision_before_min_calls) {
  g6::circuit_breaker b{small_config()};
  call(b, t0, true);
  call(b, t0, true);
  // Two failures out of two, but min_calls is 3.
  BOOST_TEST(b.state() == breaker_state::closed);
  BOOST_TEST(b.failures() == 2);
  BOOST_TEST(b.take_transitions().empty());
  call(b, t0 + 1s, true);
  BOOST_TEST(b.state() == breaker_state::open);
  auto ts = b.take_transitions();
  BOOST_REQUIRE_EQUAL(ts.size(), 1u);
  BOOST_TEST(g6::to_string(ts[0]) == "closed->open");
  BOOST_TEST(ts[0].calls == 3);
  BOOST_TEST(ts[0].failures == 3);
  BOOST_TEST(ts[0].failure_rate == 1.0);
  BOOST_TEST((ts[0].at == t0 + 1s));
  BOOST_TEST(b.take_transitions().empty());
}

BOOST_AUTO_TEST_CASE(opens_at_the_failure_rate_not_below) {
  g6::circuit_breaker b{small_config()};
  call(b, t0, false);
  call(b, t0, false);
  call(b, t0, true);
  // 1 of 3 failed: below 0.5.
  BOOST_TEST(b.state() == breaker_state::closed);
  call(b, t0, true);
  // 2 of 4 failed: exactly the rate opens.
  BOOST_TEST(b.state() == breaker_state::open);
  auto ts = b.take_transitions();
  BOOST_REQUIRE_EQUAL(ts.size(), 1u);
  BOOST_TEST(ts[0].failure_rate == 0.5);
  BOOST_TEST(ts[0].calls == 4);
}

BOOST_AUTO_TEST_CASE(rate_compared_exactly) {
  auto c = small_config();
  c.window = 10;
  c.min_calls = 10;
  c.failure_rate = 0.3;
  g6::circuit_breaker b{c};
  for (int i = 0; i < 7; ++i)
    call(b, t0, false);
  call(b, t0, true);
  call(b, t0, true);
  BOOST_TEST(b.state() == breaker_state::closed);
  call(b, t0, true);
  // 3 of 10 is 0.3.
  BOOST_TEST(b.state() == breaker_state::open);
}

BOOST_AUTO_TEST_CASE(window_slides_out_old_failures) {
  g6::circuit_breaker b{small_config()};
  call(b, t0, true);
  call(b, t0, false);
  call(b, t0, false);
  call(b, t0, false);
  // Window [F S S S]: 1/4.
  BOOST_TEST(b.calls() == 4);
  BOOST_TEST(b.failures() == 1);
  call(b, t0, true);
  // The first failure slid out: [S S S F], still 1/4.
  BOOST_TEST(b.calls() == 4);
  BOOST_TEST(b.failures() == 1);
  BOOST_TEST(b.state() == breaker_state::closed);
  call(b, t0, true);
  // [S S F F]: 2/4 opens.
  BOOST_TEST(b.state() == breaker_state::open);
}

BOOST_AUTO_TEST_CASE(open_rejects_until_open_duration_passed) {
  auto b = opened_breaker();
  BOOST_TEST(!b.allow(t0));
  BOOST_TEST(!b.allow(t0 + 9999ms));
  BOOST_TEST(b.state() == breaker_state::open);
  BOOST_TEST(b.take_transitions().empty());
  BOOST_TEST(b.allow(t0 + 10s));
  BOOST_TEST(b.state() == breaker_state::half_open);
  auto ts = b.take_transitions();
  BOOST_REQUIRE_EQUAL(ts.size(), 1u);
  BOOST_TEST(g6::to_string(ts[0]) == "open->half_open");
}

BOOST_AUTO_TEST_CASE(outcomes_while_open_are_ignored) {
  auto b = opened_breaker();
  b.record_success(t0 + 1s);
  b.record_failure(t0 + 2s);
  BOOST_TEST(b.state() == breaker_state::open);
  BOOST_TEST(b.calls() == 0);
  // The open timer still counts from t0.
  BOOST_TEST(b.allow(t0 + 10s));
}

BOOST_AUTO_TEST_CASE(half_open_lets_only_the_trials_through) {
  auto b = opened_breaker();
  auto t = t0 + 10s;
  BOOST_TEST(b.allow(t));
  BOOST_TEST(b.allow(t));
  // Two trials in flight: the third call is rejected.
  BOOST_TEST(!b.allow(t));
  b.record_success(t);
  // One finished, but the trial budget is spent until half-open decides.
  BOOST_TEST(!b.allow(t));
  BOOST_TEST(b.state() == breaker_state::half_open);
}

BOOST_AUTO_TEST_CASE(all_trials_succeed_closes_with_a_clear_window) {
  auto b = opened_breaker();
  auto t = t0 + 10s;
  BOOST_TEST(b.allow(t));
  BOOST_TEST(b.allow(t));
  b.record_success(t);
  BOOST_TEST(b.state() == breaker_state::half_open);
  b.record_success(t + 1s);
  BOOST_TEST(b.state() == breaker_state::closed);
  BOOST_TEST(b.calls() == 0);
  auto ts = b.take_transitions();
  BOOST_REQUIRE_EQUAL(ts.size(), 2u);
  BOOST_TEST(g6::to_string(ts[1]) == "half_open->closed");
  BOOST_TEST(ts[1].calls == 2);
  BOOST_TEST(ts[1].failures == 0);
  // A cleared window needs min_calls again before it can open.
  call(b, t + 2s, true);
  call(b, t + 2s, true);
  BOOST_TEST(b.state() == breaker_state::closed);
}

BOOST_AUTO_TEST_CASE(a_failed_trial_reopens_and_restarts_the_timer) {
  auto b = opened_breaker();
  auto t = t0 + 10s;
  BOOST_TEST(b.allow(t));
  BOOST_TEST(b.allow(t));
  b.record_success(t);
  b.record_failure(t + 3s);
  BOOST_TEST(b.state() == breaker_state::open);
  auto ts = b.take_transitions();
  BOOST_REQUIRE_EQUAL(ts.size(), 2u);
  BOOST_TEST(g6::to_string(ts[1]) == "half_open->open");
  BOOST_TEST(ts[1].calls == 2);
  BOOST_TEST(ts[1].failures == 1);
  BOOST_TEST(ts[1].failure_rate == 0.5);
  // Open again from t + 3s: the old timer (t0 + 20s would have passed) no longer counts.
  BOOST_TEST(!b.allow(t + 12s));
  BOOST_TEST(b.allow(t + 13s));
  BOOST_TEST(b.state() == breaker_state::half_open);
}

BOOST_AUTO_TEST_CASE(outcomes_beyond_the_trials_in_flight_are_ignored) {
  auto b = opened_breaker();
  auto t = t0 + 10s;
  BOOST_TEST(b.allow(t));
  b.record_success(t);
  // A late failure of a call from before the breaker opened: no trial is in flight.
  b.record_failure(t);
  BOOST_TEST(b.state() == breaker_state::half_open);
  BOOST_TEST(b.allow(t));
  b.record_success(t);
  BOOST_TEST(b.state() == breaker_state::closed);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(backoff)

BOOST_AUTO_TEST_CASE(ceiling_doubles_up_to_max) {
  g6::backoff_policy p{50ms, 1s};
  BOOST_TEST(g6::backoff_ceiling(p, 0).count() == std::chrono::nanoseconds{50ms}.count());
  BOOST_TEST(g6::backoff_ceiling(p, 1).count() == std::chrono::nanoseconds{100ms}.count());
  BOOST_TEST(g6::backoff_ceiling(p, 4).count() == std::chrono::nanoseconds{800ms}.count());
  BOOST_TEST(g6::backoff_ceiling(p, 5).count() == std::chrono::nanoseconds{1s}.count());
  BOOST_TEST(g6::backoff_ceiling(p, 1000).count() == std::chrono::nanoseconds{1s}.count());
}

BOOST_AUTO_TEST_CASE(degenerate_policies) {
  BOOST_TEST(g6::backoff_ceiling({0ms, 1s}, 3).count() == 0);
  BOOST_TEST(g6::backoff_ceiling({-5ms, 1s}, 3).count() == 0);
  BOOST_TEST(g6::backoff_ceiling({2s, 1s}, 0).count() == std::chrono::nanoseconds{1s}.count());
  std::mt19937_64 rng{1};
  BOOST_TEST(g6::backoff_delay({0ms, 1s}, 2, rng).count() == 0);
}

BOOST_AUTO_TEST_CASE(delays_are_between_half_and_all_of_the_ceiling) {
  g6::backoff_policy p{50ms, 5s};
  std::mt19937_64 rng{42};
  for (unsigned attempt = 0; attempt < 12; ++attempt) {
    for (int draw = 0; draw < 50; ++draw) {
      auto ceiling = g6::backoff_ceiling(p, attempt);
      auto d = g6::backoff_delay(p, attempt, rng);
      BOOST_TEST(d.count() >= ceiling.count() / 2);
      BOOST_TEST(d.count() <= ceiling.count());
    }
  }
}

BOOST_AUTO_TEST_CASE(delays_grow_with_the_attempt) {
  g6::backoff_policy p{50ms, 5s};
  std::mt19937_64 rng{7};
  // With equal jitter the shortest wait of attempt n + 1 (half its ceiling) is the longest of attempt n
  // (its ceiling), so below the cap (attempt 6 here) delays never shrink.
  auto previous = g6::backoff_delay(p, 0, rng);
  for (unsigned attempt = 1; attempt < 7; ++attempt) {
    auto d = g6::backoff_delay(p, attempt, rng);
    BOOST_TEST(d.count() >= previous.count());
    previous = d;
  }
}

BOOST_AUTO_TEST_CASE(same_seed_same_delays_other_seed_other_delays) {
  g6::backoff_policy p{50ms, 5s};
  std::mt19937_64 a{2024};
  std::mt19937_64 b{2024};
  std::mt19937_64 c{2025};
  int differing = 0;
  for (unsigned attempt = 0; attempt < 8; ++attempt) {
    auto x = g6::backoff_delay(p, attempt, a);
    BOOST_TEST(x.count() == g6::backoff_delay(p, attempt, b).count());
    differing += x != g6::backoff_delay(p, attempt, c) ? 1 : 0;
  }
  BOOST_TEST(differing > 0);
}

BOOST_AUTO_TEST_CASE(jitter_is_the_raw_draw_scaled) {
  // The factor comes from the top 53 bits of one mt19937_64 output, whose sequence the standard fixes:
  // the first output for the default seed 5489 is 14514284786278117030.
  std::mt19937_64 rng;
  auto d = g6::backoff_delay({100ms, 5s}, 0, rng);
  auto unit = static_cast<double>(14514284786278117030ull >> 11) / 9007199254740992.0;
  auto expected = 50'000'000 + static_cast<int64_t>(unit * 50'000'000);
  BOOST_TEST(d.count() == expected);
}

BOOST_AUTO_TEST_SUITE_END()
