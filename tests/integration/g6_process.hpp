// g6_process.hpp — runs the real `g6` binary for end-to-end tests: a temp directory per test, the child's
// output captured to a file, signals, and read access to the SQLite file it wrote.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/test/tools/assertion_result.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/temp_dir.hpp"

namespace g6::testing {

/// The g6 binary under test (set by CMake).
std::string g6_binary();

/// Starts `binary` with `args` (and `env` entries NAME=VALUE added), its stdout and stderr in `log_file`;
/// returns its pid.
int spawn_logged(const std::string& binary, const std::vector<std::string>& args, const std::filesystem::path& log_file,
                 const std::vector<std::string>& env = {});

/// A running g6 child process; stdout and stderr go to `log_file`.
class g6_process {
public:
  g6_process(const std::vector<std::string>& args, const std::filesystem::path& log_file,
             const std::vector<std::string>& env = {});
  ~g6_process();
  g6_process(const g6_process&) = delete;
  g6_process& operator=(const g6_process&) = delete;

  void signal(int sig);
  /// Waits up to `limit` for exit; the exit code, or -signal when killed, or nullopt on time-out.
  std::optional<int> wait(std::chrono::milliseconds limit);
  /// What g6 printed so far: read for assertions on what a user sees, never polled as a signal (tests wait
  /// for the ready file, the database or a metric).
  std::string log() const;

private:
  int pid_ = -1;
  std::optional<int> status_;
  std::filesystem::path log_file_;
};

/// Waits up to `limit` for `g6` to exit: true when it exited 0; else false with how it ended (the exit code,
/// or still running) and the log's last lines, which a failed BOOST_REQUIRE prints.
boost::test_tools::assertion_result exits_cleanly(g6_process& g6, std::chrono::milliseconds limit);

/// Polls `predicate` until it holds or `limit` passes; whether it held.
bool wait_until(const std::function<bool()>& predicate, std::chrono::milliseconds limit);

/// Waits until `g6 run --ready-file ready_file` wrote that file (the node is up: storage registered, its ports
/// open; tools/ready_file.hpp) and returns what it says; nullopt when g6 exits first or `limit` passes.
std::optional<nlohmann::json> wait_until_ready(g6_process& g6, const std::filesystem::path& ready_file,
                                               std::chrono::milliseconds limit);

/// The port of a URL such as http://127.0.0.1:9320 or http://0.0.0.0:9108/metrics.
int port_of(const std::string& url);

/// Runs g6 to completion (time limit `limit`); returns the exit code and the output.
struct run_result {
  int exit_code = -1;
  std::string output;
};
run_result run_g6(const std::vector<std::string>& args, const std::filesystem::path& dir,
                  std::chrono::milliseconds limit = std::chrono::minutes(5), const std::vector<std::string>& env = {});

/// Rows of a query on a SQLite file, each column rendered as text ("NULL" for null).
std::vector<std::vector<std::string>> query(const std::filesystem::path& db, const std::string& sql);
/// The single integer of a scalar query.
long long query_int(const std::filesystem::path& db, const std::string& sql);

/// A scalar count from g6's database, or 0 while the file or its schema does not exist yet.
long long stored_count(const std::filesystem::path& db, const std::string& sql);
/// Waits until stored_count(db, sql) reaches `at_least`. The committed database is how a test learns that g6
/// got somewhere: a batch is in it only once committed, an event once stored.
bool wait_until_stored(const std::filesystem::path& db, const std::string& sql, long long at_least,
                       std::chrono::milliseconds limit);
/// SQL counting committed batches (one index's rows of one cycle): of `index`, or of every index.
std::string batches_of(const std::string& index = "");
/// SQL counting stored events of `kind` whose detail starts with `detail`.
std::string events_of(const std::string& kind, const std::string& detail = "");

} // namespace g6::testing
