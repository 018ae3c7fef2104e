// kite_run_support.hpp — what the end-to-end tests of g6 against g6-fake-kite share: the simulated clocks
// both run on, the fake's credentials, a config for a Kite run in a temp dir, the arguments of both
// processes, and readers of the run's log and the fake's /admin/stats.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/integration/g6_process.hpp"

namespace g6::testing {

// 30 s cycles: 1.5 s real at 20x; at 10x (the fault tests) 3 s, room for retries within a cycle.
inline const std::string sim_clock = "sim:2026-11-26T09:15:00+05:30@20x";
inline const std::string slow_clock = "sim:2026-11-26T09:15:00+05:30@10x";
inline const std::string api_key = "kite_test_key";
inline const std::string api_secret = "kite_test_secret_c0ffee";

std::filesystem::path database(const temp_dir& dir);

/// The default config (config/g6.json) with 30 s cycles and 5 quote calls a second on both sides; `adjust`
/// changes it further.
std::filesystem::path write_config(const temp_dir& dir, double open_seconds = 10,
                                   const std::function<void(nlohmann::json&)>& adjust = {});

std::vector<std::string> fake_args(const std::string& clock, std::vector<std::string> extra = {});

std::vector<std::string> run_args(const temp_dir& dir, const std::string& cycles, const std::filesystem::path& config);
std::vector<std::string> run_args(const temp_dir& dir, const std::string& cycles);

/// The newest cycle committed to the run's database (its cycles table); 0 before the first.
long long last_stored_cycle(const temp_dir& dir);

/// Waits (a minute at most) until the run has committed cycle n.
bool cycles_stored(const temp_dir& dir, long long n);

/// The events of `kind` whose detail starts with `detail` the run has committed.
long long stored_events(const temp_dir& dir, const std::string& kind, const std::string& detail = "");

/// Waits until the run has committed `at_least` events of `kind` whose detail starts with `detail`.
bool events_stored(const temp_dir& dir, const std::string& kind, long long at_least, std::chrono::milliseconds limit,
                   const std::string& detail = "");

/// A number in the fake's /admin/stats JSON text by key; -1 when absent.
long long stat(const std::string& stats, const std::string& key);

} // namespace g6::testing
