#define BOOST_TEST_MODULE market_clock
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "actors/clock/market_clock.hpp"
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
    return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
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
             == "bad clock spec 'sim:2026-11-26T09:15:00+05:30@0x': speed must be > 0");
  BOOST_TEST(error_of("sim:2026-11-26T09:15:00+05:30@-5x")
             == "bad clock spec 'sim:2026-11-26T09:15:00+05:30@-5x': speed must be > 0");
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
