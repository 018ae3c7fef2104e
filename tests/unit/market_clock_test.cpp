#define BOOST_TEST_MODULE market_clock
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

#include "actors/clock/market_clock.hpp"
#include "actors/clock/stepping_clock.hpp"
#include "actors/clock/watchdog_rule.hpp"
#include "config/ist_time.hpp"

using namespace g6;
using namespace std::chrono_literals;

namespace {

const epoch_ms start = *parse_iso8601("2026-11-26T09:15:00+05:30");

/// So slow that the wall time a test takes adds less than a simulated millisecond: now() moves only
/// by jumps, and the arithmetic can be asserted exactly.
constexpr double frozen = 1e-9;

} // namespace

BOOST_AUTO_TEST_CASE(simulated_clock_starts_at_its_start) {
  simulated_clock clock{start, frozen};
  BOOST_TEST(clock.now() == start);
  BOOST_TEST(clock.is_simulated());
  BOOST_TEST(clock.speed() == frozen);
}

BOOST_AUTO_TEST_CASE(jump_moves_forward_only) {
  simulated_clock clock{start, frozen};
  auto close = start + 6 * 3600 * 1000 + 15 * 60 * 1000; // 15:30 IST
  BOOST_TEST(clock.jump_to(close));
  BOOST_TEST(clock.now() == close);
  BOOST_TEST(!clock.jump_to(start));
  BOOST_TEST(!clock.jump_to(close));
  BOOST_TEST(clock.now() == close);
  auto next_open = start + 24LL * 3600 * 1000;
  BOOST_TEST(clock.jump_to(next_open));
  BOOST_TEST(format_ist(clock.now()) == "2026-11-27T09:15:00.000+05:30");
}

BOOST_AUTO_TEST_CASE(concurrent_jumps_end_at_the_furthest_target) {
  simulated_clock clock{start, frozen};
  std::vector<std::thread> threads;
  for (int i = 1; i <= 8; ++i)
    threads.emplace_back([&clock, i] {
      for (int k = 1; k <= 100; ++k)
        clock.jump_to(start + i * k * 1000);
    });
  for (auto& t : threads)
    t.join();
  BOOST_TEST(clock.now() == start + 8 * 100 * 1000);
}

BOOST_AUTO_TEST_CASE(speed_scales_real_durations) {
  simulated_clock fast{start, 60};
  BOOST_TEST(fast.to_real(60s).count() == std::chrono::nanoseconds{1s}.count());
  simulated_clock slow{start, 0.5};
  BOOST_TEST(slow.to_real(1s).count() == std::chrono::nanoseconds{2s}.count());
}

BOOST_AUTO_TEST_CASE(simulated_time_runs_at_speed) {
  simulated_clock clock{start, 1000};
  auto wall_before = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(5ms);
  auto wall = std::chrono::steady_clock::now() - wall_before;
  // The clock was created before wall_before, so it has run at least 1000 × the measured wall time.
  auto at_least = std::chrono::duration_cast<std::chrono::milliseconds>(wall).count() * 1000;
  BOOST_TEST(clock.now() - start >= at_least);
}

BOOST_AUTO_TEST_CASE(real_clock_is_the_system_clock) {
  real_clock clock;
  auto system_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
  };
  auto before = system_ms();
  auto now = clock.now();
  auto after = system_ms();
  BOOST_TEST(before <= now);
  BOOST_TEST(now <= after);
  BOOST_TEST(!clock.jump_to(now + 3600 * 1000));
  BOOST_TEST(clock.to_real(1500ms).count() == std::chrono::nanoseconds{1500ms}.count());
  BOOST_TEST(!clock.is_simulated());
  BOOST_TEST(clock.describe() == "real");
}

BOOST_AUTO_TEST_CASE(make_clock_parses_specs) {
  std::string error;
  auto real = make_clock("real", error);
  BOOST_REQUIRE(real);
  BOOST_TEST(!real->is_simulated());

  auto sim = make_clock("sim:2026-11-26T09:15:00+05:30@60x", error);
  BOOST_REQUIRE(sim);
  BOOST_TEST(sim->is_simulated());
  BOOST_TEST(sim->describe() == "sim:2026-11-26T09:15:00.000+05:30@60x");
  BOOST_TEST(sim->now() >= start);
  BOOST_TEST(sim->to_real(60s).count() == std::chrono::nanoseconds{1s}.count());

  auto utc = make_clock("sim:2026-11-26T03:45:00Z@0.5", error);
  BOOST_REQUIRE(utc);
  BOOST_TEST(utc->describe() == "sim:2026-11-26T09:15:00.000+05:30@0.5x");

  auto again = make_clock(sim->describe(), error);
  BOOST_REQUIRE(again);
  BOOST_TEST(again->describe() == sim->describe());
}

BOOST_AUTO_TEST_CASE(make_clock_names_the_bad_part) {
  auto error_of = [](std::string_view spec) {
    std::string error;
    auto clock = make_clock(spec, error);
    BOOST_TEST(!clock);
    return error;
  };
  BOOST_TEST(error_of("sim:2026-11-26T09:15:00+05:30@0x")
             == "bad clock spec 'sim:2026-11-26T09:15:00+05:30@0x': speed '0' is out of range: it must be in "
                "(0, 1000000]");
  BOOST_TEST(error_of("sim:2026-11-26T09:15:00+05:30@-5x")
             == "bad clock spec 'sim:2026-11-26T09:15:00+05:30@-5x': speed '-5' is out of range: it must be in "
                "(0, 1000000]");
  BOOST_TEST(error_of("sim:2026-11-26T09:15:00+05:30@fastx")
             == "bad clock spec 'sim:2026-11-26T09:15:00+05:30@fastx': speed 'fast' is not a number");
  BOOST_TEST(error_of("sim:2026-11-26T09:15:00+05:30@x")
             == "bad clock spec 'sim:2026-11-26T09:15:00+05:30@x': speed '' is not a number");
  BOOST_TEST(error_of("sim:2026-11-26T09:15:00+05:30")
             == "bad clock spec 'sim:2026-11-26T09:15:00+05:30': missing '@<speed>x' after the start instant");
  BOOST_TEST(error_of("sim:2026-11-26@60x")
             == "bad clock spec 'sim:2026-11-26@60x': start '2026-11-26' is not an ISO 8601 instant with "
                "offset (e.g. 2026-11-26T09:15:00+05:30)");
  BOOST_TEST(error_of("wall")
             == "bad clock spec 'wall': expected 'real' or 'sim:<ISO 8601 start with offset>@<speed>x', "
                "e.g. 'sim:2026-11-26T09:15:00+05:30@60x'");
}

BOOST_AUTO_TEST_CASE(make_clock_refuses_speeds_that_are_not_finite_or_beyond_a_million) {
  auto error_of = [](std::string_view speed) {
    std::string error;
    auto clock = make_clock("sim:2026-11-26T09:15:00+05:30@" + std::string{speed} + "x", error);
    BOOST_TEST(!clock, speed);
    return error;
  };
  for (auto speed : {"1e308", "1000001", "nan", "inf", "-inf", "1e999", "1e-999"})
    BOOST_TEST(error_of(speed).ends_with("speed '" + std::string{speed}
                                         + "' is out of range: it must be in "
                                           "(0, 1000000]"),
               error_of(speed));
  std::string error;
  auto fastest = make_clock("sim:2026-11-26T09:15:00+05:30@1000000x", error);
  BOOST_REQUIRE(fastest);
  BOOST_TEST(fastest->describe() == "sim:2026-11-26T09:15:00.000+05:30@1e+06x");
}

BOOST_AUTO_TEST_CASE(a_scaled_duration_saturates_rather_than_overflows) {
  BOOST_TEST(scaled_to_real(60s, 600).count() == std::chrono::nanoseconds{100ms}.count());
  BOOST_TEST(scaled_to_real(std::chrono::milliseconds{std::chrono::hours{24 * 365}}, 1e-300).count()
             == std::chrono::nanoseconds::max().count());
}

namespace {

const std::vector<epoch_ms> instants{start, start + 60'004, start + 120'010};

} // namespace

BOOST_AUTO_TEST_CASE(a_stepping_clock_stands_at_an_instant_until_stepped) {
  stepping_clock clock{instants, 1e6};
  BOOST_TEST(clock.is_stepping());
  BOOST_TEST(clock.is_simulated());
  BOOST_TEST(clock.now() == start);
  // However long a cycle takes and however fast the pace, time stands at the cycle's instant.
  std::this_thread::sleep_for(2ms);
  BOOST_TEST(clock.now() == start);
  BOOST_TEST(!clock.jump_to(start + 999'999));
  BOOST_TEST(clock.now() == start);
  BOOST_TEST(clock.step());
  BOOST_TEST(clock.now() == start + 60'004);
  BOOST_TEST(clock.step());
  BOOST_TEST(clock.now() == start + 120'010);
  // After the last instant there is nothing to step to, and time stays there.
  BOOST_TEST(!clock.step());
  BOOST_TEST(clock.now() == start + 120'010);
}

BOOST_AUTO_TEST_CASE(a_stepping_clock_visits_every_instant_once_in_order) {
  std::vector<epoch_ms> many;
  for (epoch_ms i = 0; i < 1000; ++i)
    many.push_back(start + i * 60'000 + i % 7);
  stepping_clock clock{many, std::nullopt};
  std::vector<epoch_ms> seen{clock.now()};
  while (clock.step())
    seen.push_back(clock.now());
  BOOST_TEST(seen == many);
}

BOOST_AUTO_TEST_CASE(a_stepping_clock_paces_steps_at_its_speed_or_not_at_all_at_max) {
  stepping_clock at_600{instants, 600};
  BOOST_TEST(at_600.to_real(60'004ms).count() == std::chrono::nanoseconds{100'006'667}.count());
  stepping_clock at_1{instants, 1};
  BOOST_TEST(at_1.to_real(60s).count() == std::chrono::nanoseconds{60s}.count());
  stepping_clock at_max{instants, std::nullopt};
  BOOST_TEST(at_max.to_real(60s).count() == 0);
  BOOST_TEST(at_600.describe() == "steps:2026-11-26T09:15:00.000+05:30..2026-11-26T09:17:00.010+05:30@600x");
  BOOST_TEST(at_max.describe() == "steps:2026-11-26T09:15:00.000+05:30..2026-11-26T09:17:00.010+05:30@max");
}

BOOST_AUTO_TEST_CASE(a_stepping_clock_refuses_what_it_cannot_step_through) {
  BOOST_CHECK_THROW((stepping_clock{{}, 1}), std::invalid_argument);
  BOOST_CHECK_THROW((stepping_clock{{start + 1, start}, 1}), std::invalid_argument);
  BOOST_CHECK_THROW((stepping_clock{instants, 0}), std::invalid_argument);
  BOOST_CHECK_THROW((stepping_clock{instants, std::nan("")}), std::invalid_argument);
  BOOST_CHECK_THROW((stepping_clock{instants, HUGE_VAL}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(running_clocks_do_not_step) {
  real_clock real;
  simulated_clock simulated{start, frozen};
  BOOST_TEST(!real.is_stepping());
  BOOST_TEST(!real.step());
  BOOST_TEST(!simulated.is_stepping());
  BOOST_TEST(!simulated.step());
  BOOST_TEST(simulated.now() == start);
}

BOOST_AUTO_TEST_CASE(the_watchdog_is_fed_while_cycles_progress_and_not_once_one_is_stuck) {
  using namespace std::chrono_literals;
  // No cycle in flight (between cycles, or the market is closed): healthy.
  BOOST_TEST(g6::cycles_progressing(std::nullopt, 30));
  // A cycle may take its collectors' lookup and answer, two timeouts, plus the slack.
  BOOST_TEST(g6::cycles_progressing(std::chrono::steady_clock::duration(1s), 30));
  BOOST_TEST(g6::cycles_progressing(std::chrono::steady_clock::duration(65s), 30));
  BOOST_TEST(!g6::cycles_progressing(std::chrono::steady_clock::duration(66s), 30));
  BOOST_TEST(!g6::cycles_progressing(std::chrono::steady_clock::duration(16s), 5));
}
