// clock_actor.hpp — the clock actor: ticks every collector once per interval while its exchange is open
// (or, on a stepping clock, once per instant as soon as the previous cycle completed), gathers their
// reports into a cycle record, and ends the run after --once / --cycles N or on shutdown with a verdict
// on what the cycles stored.
#pragma once

#include <caf/fwd.hpp>

#include <chrono>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "actors/clock/market_clock.hpp"
#include "actors/clock/run_verdict.hpp"
#include "config/calendar.hpp"
#include "messages/actors.hpp"

namespace g6 {

struct clock_options {
  std::shared_ptr<market_clock> clock;
  /// Enabled indices; collectors are found in the registry as "collector.<INDEX>". A reload replaces
  /// them between two cycles (hold, then resume).
  std::vector<std::string> indices;
  double interval_seconds = 60;      // simulated seconds between cycle starts
  double cycle_timeout_seconds = 30; // real seconds a collector may take
  bool force_open = false;           // tick regardless of market hours
  bool once = false;                 // one cycle, then finish
  uint64_t max_cycles = 0;           // 0: run until shutdown
  node_actor node;
  /// Called once when the run is over: the exit code and closing line (judge_run in run_verdict.hpp).
  std::function<void(int, const std::string&)> on_finished;
  /// Called after every cycle with the verdict were the run to stop now (for a stop that cannot wait for
  /// on_finished).
  std::function<void(int, const std::string&)> on_cycle;
  /// Whether the first cycle also waits for the capture journal, so that it sees every answer.
  bool await_journal = false;
  /// systemd's watchdog (WatchdogSec=): fed every watchdog_interval while cycles progress
  /// (watchdog_rule.hpp); not fed at all when the interval is zero.
  std::function<void()> feed_watchdog;
  std::chrono::milliseconds watchdog_interval{0};
};

clock_actor spawn_clock(caf::actor_system& sys, clock_options options);

/// The cycle's overall status from its index results: ok when all are ok, failed when none stored.
cycle_status overall_status(const std::vector<index_cycle_result>& results);

} // namespace g6
