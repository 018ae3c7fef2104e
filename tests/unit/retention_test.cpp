// Retention: what each sink holds, and pruning whole trading days from SQLite, CSV and journals.
#define BOOST_TEST_MODULE retention
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <fstream>

#include "actors/journal/journal_file.hpp"
#include "actors/retention/retention.hpp"
#include "actors/storage/sqlite_store.hpp"
#include "config/ist_time.hpp"
#include "tests/support/temp_dir.hpp"

using namespace g6;
using g6::testing::temp_dir;

namespace {

const day_number day1 = make_date(2026, 11, 25);
const day_number day2 = make_date(2026, 11, 26);

cycle_batch batch(const std::string& index, day_number day, int options) {
  cycle_batch b;
  b.cycle_id = 1;
  b.index = index;
  b.ts = ist_instant(day, 9, 15);
  b.overview.ts = b.ts;
  b.overview.index = index;
  for (int i = 0; i < options; ++i) {
    option_row r;
    r.ts = b.ts;
    r.index = index;
    r.expiry = day + 5;
    r.strike = 26000 + 50 * i;
    r.symbol = "S" + std::to_string(i);
    b.options.push_back(r);
  }
  return b;
}

void write(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream{file} << text;
}

storage_paths populate(const temp_dir& dir) {
  storage_paths paths{dir.path() / "g6.sqlite", dir.path() / "csv", dir.path() / "journal"};
  {
    auto store = sqlite_store::open(paths.sqlite_file, storage_settings{});
    auto& s = *store;
    BOOST_REQUIRE(s.store(batch("NIFTY", day1, 3)).has_value());
    BOOST_REQUIRE(s.store(batch("NIFTY", day2, 2)).has_value());
    BOOST_REQUIRE(s.store(batch("SENSEX", day2, 4)).has_value());
  }
  write(paths.csv_dir / "NIFTY/this_week/+50/2026-11-25.csv", "h\n1\n2\n");
  write(paths.csv_dir / "NIFTY/this_week/+50/2026-11-26.csv", "h\n1\n");
  write(paths.csv_dir / "overview/NIFTY/2026-11-25.csv", "h\n1\n");
  journal_writer journal{paths.journal_dir, journal_fsync::never};
  BOOST_REQUIRE(journal.append(day1, "x", false).has_value());
  BOOST_REQUIRE(journal.append(day2, "y", false).has_value());
  return paths;
}

const sink_usage& sink(const std::vector<sink_usage>& all, const std::string& name) {
  for (auto& s : all)
    if (s.sink == name)
      return s;
  BOOST_FAIL("no sink " << name);
  return all.front();
}

} // namespace

BOOST_AUTO_TEST_CASE(scan_reports_files_rows_days_and_indices_per_sink) {
  temp_dir dir;
  auto paths = populate(dir);
  auto all = scan_storage(paths);
  auto& sqlite = sink(all, "sqlite");
  BOOST_TEST(sqlite.total.rows == 3u + 2 + 4 + 3); // option rows plus one overview row per batch
  BOOST_TEST(sqlite.by_index.at("SENSEX").rows == 5u);
  BOOST_TEST(*sqlite.total.oldest == day1);
  BOOST_TEST(*sqlite.total.newest == day2);
  BOOST_TEST(*sqlite.by_index.at("SENSEX").oldest == day2);
  BOOST_TEST(sqlite.total.bytes > 0u);
  auto& csv = sink(all, "csv");
  BOOST_TEST(csv.total.files == 3u);
  BOOST_TEST(csv.total.rows == 4u);
  BOOST_TEST(csv.by_index.at("NIFTY").files == 3u);
  BOOST_TEST(*csv.total.oldest == day1);
  auto& journal = sink(all, "journal");
  // The records here are not msgpack: the scan names the files it could not read.
  BOOST_TEST(journal.errors.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_dry_run_reports_and_changes_nothing_then_prune_removes_old_days) {
  temp_dir dir;
  auto paths = populate(dir);
  auto dry = prune_storage(paths, day2, true);
  BOOST_TEST(dry[0].sink == "sqlite");
  BOOST_TEST(dry[0].rows == 4u);
  BOOST_TEST(dry[1].files == 2u);
  BOOST_TEST(dry[1].rows == 3u);
  BOOST_TEST(dry[2].files == 1u);
  BOOST_TEST(sink(scan_storage(paths), "sqlite").total.rows == 12u);
  BOOST_TEST(std::filesystem::exists(paths.csv_dir / "overview/NIFTY/2026-11-25.csv"));

  auto done = prune_storage(paths, day2, false);
  BOOST_TEST(done[0].rows == 4u);
  BOOST_TEST(done[1].files == 2u);
  BOOST_TEST(done[2].files == 1u);
  for (auto& p : done)
    BOOST_TEST(p.errors.empty());
  auto after = scan_storage(paths);
  BOOST_TEST(sink(after, "sqlite").total.rows == 8u);
  BOOST_TEST(*sink(after, "sqlite").total.oldest == day2);
  BOOST_TEST(sink(after, "csv").total.files == 1u);
  BOOST_TEST(!std::filesystem::exists(paths.csv_dir / "overview")); // left empty, removed
  BOOST_TEST(!std::filesystem::exists(journal_path(paths.journal_dir, day1)));
  BOOST_TEST(std::filesystem::exists(journal_path(paths.journal_dir, day2)));
}

BOOST_AUTO_TEST_CASE(the_daily_prune_settles_the_last_session_closed_long_enough_ago) {
  auto& nse = exchange_calendar::builtin(exchange::nse);
  const std::chrono::minutes half_hour{30};
  auto thursday = make_date(2026, 11, 26);
  auto wednesday = make_date(2026, 11, 25);
  auto friday = make_date(2026, 11, 27);
  BOOST_TEST(last_closed_day(nse, ist_instant(thursday, 9, 0), half_hour) == wednesday);
  BOOST_TEST(last_closed_day(nse, ist_instant(thursday, 15, 59), half_hour) == wednesday);
  BOOST_TEST(last_closed_day(nse, ist_instant(thursday, 16, 0), half_hour) == thursday);
  BOOST_TEST(last_closed_day(nse, ist_instant(thursday, 15, 30), std::chrono::minutes{0}) == thursday);
  // The weekend settles Friday; a delay past midnight still counts from the trading day's close.
  BOOST_TEST(last_closed_day(nse, ist_instant(make_date(2026, 11, 29), 12, 0), half_hour) == friday);
  BOOST_TEST(last_closed_day(nse, ist_instant(friday, 1, 0), std::chrono::minutes{600}) == wednesday);
  BOOST_TEST(oldest_kept_day(thursday, 1) == thursday);
  BOOST_TEST(oldest_kept_day(thursday, 2) == wednesday);
}

BOOST_AUTO_TEST_CASE(storage_paths_follow_the_settings) {
  storage_settings storage;
  storage.data_dir = "/var/lib/g6";
  auto paths = storage_paths_of(storage);
  BOOST_TEST(paths.sqlite_file == "/var/lib/g6/g6.sqlite");
  BOOST_TEST(paths.csv_dir == "/var/lib/g6/csv");
  BOOST_TEST(paths.journal_dir == "/var/lib/g6/journal");
  storage.csv.dir = "/srv/csv";
  BOOST_TEST(storage_paths_of(storage).csv_dir == "/srv/csv");
}
