// Chaos: kill -9 of the real g6 daemon at random moments, round after round on one data directory. Every
// batch a collector acknowledged (its "committed N rows @ts" line, printed after the commit) is in SQLite
// with all N rows; no batch is torn (each stored batch has exactly the rows it declares, no row lacks its
// batch); the database passes integrity_check; the journal reads back; and a clean run afterwards works.
#define BOOST_TEST_MODULE g6_chaos_kill9
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <thread>

#include "tests/chaos/acknowledged_rows.hpp"
#include "tests/chaos/chaos_support.hpp"
#include "tests/integration/g6_process.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;

namespace {

/// The simulated clock of a round: each round starts 30 minutes of market time after the previous one (12
/// a day, Monday to Wednesday of one week), so its cycles are new instants.
std::string round_clock(unsigned round) {
  auto minutes = 9 * 60 + 15 + static_cast<int>(round % 12) * 30;
  char text[64];
  std::snprintf(text, sizeof text, "sim:2026-11-%02uT%02d:%02d:00+05:30@600x", 23 + (round / 12) % 3, minutes / 60,
                minutes % 60);
  return text;
}

} // namespace

BOOST_AUTO_TEST_CASE(kill_9_at_random_moments_loses_no_acknowledged_row) {
  auto random = chaos_random("kill9");
  temp_dir dir;
  auto data = dir.path() / "data";
  auto db = data / "g6.sqlite";
  unsigned rounds = 4 * chaos_scale();
  acknowledged_batches all_acked;
  std::uniform_int_distribution<int> delay_ms{0, 1500};
  for (unsigned round = 0; round < rounds; ++round) {
    auto clock = round_clock(round);
    auto log_file = dir.path() / ("round-" + std::to_string(round) + ".log");
    g6_process g6{{"run", "--provider", "synthetic", "--clock", clock, "--data-dir", data.string()}, log_file};
    // Killed at least one commit in, then anywhere: inside a cycle, a commit or a journal write.
    auto batches_before = stored_count(db, batches_of());
    BOOST_TEST_REQUIRE(wait_until_stored(db, batches_of(), batches_before + 1, 60s), g6.log());
    auto wait = std::chrono::milliseconds(delay_ms(random));
    std::this_thread::sleep_for(wait);
    g6.signal(SIGKILL);
    BOOST_TEST_REQUIRE(g6.wait(10s).value_or(0) == -SIGKILL);
    auto acked = acknowledged(g6.log());
    BOOST_TEST_MESSAGE("round " << round << ": killed " << wait.count() << " ms after the first commit, "
                                << acked.size() << " batches acknowledged");
    BOOST_TEST(!acked.empty());
    all_acked.insert(acked.begin(), acked.end());
    check_database(db, all_acked);
  }
  // Every journal file still reads (a torn tail is reported, not an error).
  for (auto& entry : std::filesystem::directory_iterator(data / "journal")) {
    auto inspect = run_g6({"journal", "inspect", entry.path().string()}, dir.path(), 60s);
    BOOST_TEST(inspect.exit_code == 0, entry.path() << ": " << inspect.output);
  }
  // A clean run on what the kills left stores new cycles and exits 0.
  auto clean = run_g6({"run", "--provider", "synthetic", "--clock", "sim:2026-11-27T10:00:00+05:30@600x", "--cycles",
                       "3", "--data-dir", data.string()},
                      dir.path(), 3min);
  BOOST_TEST(clean.exit_code == 0, clean.output);
  auto batches = check_database(db, all_acked);
  BOOST_TEST(batches >= static_cast<long long>(all_acked.size()) + 3 * 5);
}
