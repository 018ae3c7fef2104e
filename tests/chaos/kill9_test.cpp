// Chaos: kill -9 of the real g6 daemon at random moments, round after round on one data directory. Every
// batch a collector acknowledged (its "committed N rows @ts" line, printed after the commit) is in SQLite
// with all N rows; no batch is torn (each stored batch has exactly the rows it declares, no row lacks its
// batch); the database passes integrity_check; the journal reads back; and a clean run afterwards works.
#define BOOST_TEST_MODULE g6_chaos_kill9
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <ctime>
#include <map>
#include <regex>
#include <thread>

#include "tests/chaos/chaos_support.hpp"
#include "tests/integration/g6_process.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;

namespace {

/// "2026-11-26T09:26:15.600+05:30" as epoch milliseconds.
long long ist_epoch_ms(const std::string& text) {
  std::tm tm{};
  int ms = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d.%d+05:30", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &ms) != 7)
    throw std::runtime_error("not an IST instant: " + text);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return (static_cast<long long>(timegm(&tm)) - 19800) * 1000 + ms;
}

/// (index, ts_ms) -> rows, for every batch the log says was committed.
using acknowledged_batches = std::map<std::pair<std::string, long long>, long long>;

acknowledged_batches acknowledged(const std::string& log) {
  static const std::regex line{R"((\w+) +cycle \d+ .* committed (\d+) rows @(\S+))"};
  acknowledged_batches result;
  for (std::sregex_iterator it{log.begin(), log.end(), line}, end; it != end; ++it)
    result[{(*it)[1].str(), ist_epoch_ms((*it)[3].str())}] = std::stoll((*it)[2].str());
  return result;
}

/// Checks everything acknowledged is stored whole and nothing stored is torn; returns the batches stored.
long long check_database(const std::filesystem::path& db, const acknowledged_batches& acked) {
  BOOST_TEST(query(db, "PRAGMA integrity_check").at(0).at(0) == "ok");
  for (auto& [key, rows] : acked) {
    auto stored = query_int(db, "SELECT count(*) FROM option_quotes WHERE index_name = '" + key.first +
                                  "' AND ts_ms = " + std::to_string(key.second));
    BOOST_TEST(stored == rows, key.first << " @" << key.second << ": acknowledged " << rows << " rows, stored "
                                         << stored);
  }
  auto torn = query_int(db, "SELECT count(*) FROM batches b WHERE b.option_rows != (SELECT count(*) FROM "
                            "option_quotes q WHERE q.ts_ms = b.ts_ms AND q.index_name = b.index_name)");
  BOOST_TEST(torn == 0, torn << " batches whose rows are not all stored");
  auto orphans = query_int(db, "SELECT count(*) FROM (SELECT DISTINCT ts_ms, index_name FROM option_quotes) q "
                               "WHERE NOT EXISTS (SELECT 1 FROM batches b WHERE b.ts_ms = q.ts_ms AND "
                               "b.index_name = q.index_name)");
  BOOST_TEST(orphans == 0, orphans << " option row groups without their batch");
  auto overviews = query_int(db, "SELECT count(*) FROM batches b WHERE NOT EXISTS (SELECT 1 FROM overview o "
                                 "WHERE o.ts_ms = b.ts_ms AND o.index_name = b.index_name)");
  BOOST_TEST(overviews == 0, overviews << " batches without their overview row");
  return query_int(db, "SELECT count(*) FROM batches");
}

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
    BOOST_TEST_REQUIRE(g6.wait_for_log([](const std::string& log) { return log.find(" committed ") != std::string::npos; },
                                       60s),
                       g6.log());
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
