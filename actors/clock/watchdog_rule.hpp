// watchdog_rule.hpp — when the clock may tell systemd's watchdog that g6 is alive: while cycles
// progress. A cycle in flight ends within two cycle timeouts (the collector's lookup, then its answer),
// so one older than that means the pipeline is wedged; feeding the watchdog then would keep a daemon
// that collects nothing alive. Outside market hours no cycle is in flight and the daemon is healthy.
#pragma once

#include <chrono>
#include <optional>

namespace g6 {

/// Slack beyond two cycle timeouts for scheduling delays on a busy machine.
inline constexpr std::chrono::seconds watchdog_slack{5};

/// `in_flight_for`: how long the cycle in flight has run, nullopt when none is.
inline bool cycles_progressing(std::optional<std::chrono::steady_clock::duration> in_flight_for,
                               double cycle_timeout_seconds) {
  if (!in_flight_for)
    return true;
  auto limit = std::chrono::duration<double>(2 * cycle_timeout_seconds) + watchdog_slack;
  return *in_flight_for <= limit;
}

} // namespace g6
