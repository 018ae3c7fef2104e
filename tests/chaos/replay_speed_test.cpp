// Chaos: a captured day replayed at any pace gives exactly the captured rows — every cycle at its captured
// instant, none skipped or merged, however much faster than the pipeline the pace is — and a replay into a
// database that holds the day already says so rather than claiming commits.
#define BOOST_TEST_MODULE g6_chaos_replay_speed
#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

#include <cmath>
#include <regex>

#include "tests/chaos/chaos_support.hpp"
#include "tests/integration/g6_process.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;

namespace {

const std::string sim_clock = "sim:2026-11-26T09:15:00+05:30@600x";

/// Captures `cycles` cycles of the synthetic market at 600x into `data`; returns the day's journal.
std::filesystem::path capture(const std::filesystem::path& data, int cycles) {
  auto r = run_g6({"run", "--provider", "synthetic", "--clock", sim_clock, "--cycles", std::to_string(cycles),
                   "--data-dir", data.string()},
                  data.parent_path(), 5min);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  auto journal = data / "journal" / "2026-11-26.g6j";
  BOOST_TEST_REQUIRE(std::filesystem::exists(journal));
  return journal;
}

run_result replay(const std::filesystem::path& journal, const std::string& speed, const std::filesystem::path& data,
                  std::chrono::milliseconds limit = 5min) {
  return run_g6(
    {"run", "--provider", "replay", "--journal", journal.string(), "--speed", speed, "--data-dir", data.string()},
    data.parent_path(), limit);
}

/// Rows of `table` in one database and not in the other, both ways, compared exactly (SQLite compares
/// REAL values by their bits, where a text dump would round them).
long long rows_not_in_both(const std::filesystem::path& a, const std::filesystem::path& b, const std::string& table) {
  sqlite3* handle = nullptr;
  BOOST_REQUIRE(sqlite3_open_v2(a.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  auto run = [&](const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    BOOST_REQUIRE_MESSAGE(sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK,
                          sql << ": " << sqlite3_errmsg(handle));
    long long n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    return n;
  };
  char* quoted = sqlite3_mprintf("ATTACH %Q AS other", b.c_str());
  run(quoted);
  sqlite3_free(quoted);
  auto differing =
    run("SELECT (SELECT count(*) FROM (SELECT * FROM main." + table + " EXCEPT SELECT * FROM other." + table
        + ")) + (SELECT count(*) FROM (SELECT * FROM other." + table + " EXCEPT SELECT * FROM main." + table + "))");
  sqlite3_close(handle);
  return differing;
}

size_t count_of(const std::string& text, const std::regex& pattern) {
  return static_cast<size_t>(
    std::distance(std::sregex_iterator(text.begin(), text.end(), pattern), std::sregex_iterator()));
}

/// Replays `journal` at `speed` into a fresh database and checks it holds exactly the source's rows.
void check_identical_replay(const std::filesystem::path& journal, const std::filesystem::path& source, int cycles,
                            const std::string& speed, const std::filesystem::path& data,
                            std::chrono::milliseconds limit = 5min) {
  BOOST_TEST_CONTEXT("--speed " << speed) {
    auto r = replay(journal, speed, data, limit);
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
    auto db = data / "g6.sqlite";
    BOOST_TEST(query_int(db, "SELECT count(DISTINCT ts_ms) FROM option_quotes") == cycles);
    BOOST_TEST(query_int(db, "SELECT count(*) FROM option_quotes")
               == query_int(source / "g6.sqlite", "SELECT count(*) FROM option_quotes"));
    BOOST_TEST(rows_not_in_both(source / "g6.sqlite", db, "option_quotes") == 0);
    BOOST_TEST(rows_not_in_both(source / "g6.sqlite", db, "overview") == 0);
    // Every index-cycle committed its rows once: nothing was found "already stored" in a fresh database.
    BOOST_TEST(count_of(r.output, std::regex{R"( committed \d+ rows @)"}) == static_cast<size_t>(cycles) * 5, r.output);
    BOOST_TEST(r.output.find("already stored, nothing committed") == std::string::npos, r.output);
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(a_replay_at_any_speed_stores_exactly_the_captured_rows) {
  constexpr int cycles = 10;
  temp_dir dir;
  auto source = dir.path() / "source";
  auto journal = capture(source, cycles);
  BOOST_TEST_REQUIRE(query_int(source / "g6.sqlite", "SELECT count(DISTINCT ts_ms) FROM option_quotes") == cycles);

  std::vector<std::string> speeds{"600", "100000", "1000000", "max"};
  // Longer runs add paces drawn log-uniformly from 1x to the fastest allowed (the slow ones cut short
  // of 1x, which is the case below).
  auto random = chaos_random("replay_speed");
  std::uniform_real_distribution<double> exponent{1, 6};
  for (unsigned i = 1; i < chaos_scale(); ++i)
    speeds.push_back(std::to_string(std::pow(10.0, exponent(random))));
  for (size_t i = 0; i < speeds.size(); ++i)
    check_identical_replay(journal, source, cycles, speeds[i], dir.path() / ("replay-" + std::to_string(i)));
}

BOOST_AUTO_TEST_CASE(replaying_into_a_database_that_holds_the_day_commits_nothing_and_says_so) {
  constexpr int cycles = 3;
  temp_dir dir;
  auto source = dir.path() / "source";
  auto journal = capture(source, cycles);
  auto target = dir.path() / "target";
  BOOST_TEST_REQUIRE(replay(journal, "max", target).exit_code == 0);
  auto again = replay(journal, "max", target);
  BOOST_TEST_REQUIRE(again.exit_code == 0, again.output);
  BOOST_TEST(count_of(again.output, std::regex{R"( committed \d+ rows @)"}) == 0u, again.output);
  BOOST_TEST(count_of(again.output, std::regex{R"(already stored, nothing committed @)"})
               == static_cast<size_t>(cycles) * 5,
             again.output);
  BOOST_TEST(rows_not_in_both(source / "g6.sqlite", target / "g6.sqlite", "option_quotes") == 0);
}

BOOST_AUTO_TEST_CASE(a_1x_replay_keeps_the_captured_pace) {
  if (chaos_scale() == 1) {
    BOOST_TEST_MESSAGE("a 1x replay takes a minute per cycle: run with G6_CHAOS_SCALE > 1");
    return;
  }
  constexpr int cycles = 2;
  temp_dir dir;
  auto source = dir.path() / "source";
  auto journal = capture(source, cycles);
  auto started = std::chrono::steady_clock::now();
  check_identical_replay(journal, source, cycles, "1", dir.path() / "replay", 5min);
  // Two cycles a minute apart at 1x: the second starts a minute after the first.
  auto took = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
  BOOST_TEST(took.count() >= 60);
}
