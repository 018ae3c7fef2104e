#define BOOST_TEST_MODULE sqlite_store
#include <boost/test/unit_test.hpp>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "actors/storage/open_marker.hpp"
#include "actors/storage/sqlite_schema.hpp"
#include "actors/storage/sqlite_store.hpp"
#include "config/ist_time.hpp"
#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace g6;

namespace {

/// A fresh directory per test, removed afterwards.
/// One cell read back with plain SQLite: NULL, integer, real or text, exactly as stored.
using cell = std::variant<std::nullptr_t, int64_t, double, std::string>;
using table = std::vector<std::vector<cell>>;

cell real_or_null(double x) {
  return is_present(x) ? cell{x} : cell{nullptr};
}

std::string show(const cell& c) {
  return std::visit(
    [](auto& x) -> std::string {
      using T = std::decay_t<decltype(x)>;
      if constexpr (std::is_same_v<T, std::nullptr_t>)
        return "NULL";
      else if constexpr (std::is_same_v<T, std::string>)
        return "'" + x + "'";
      else
        return std::to_string(x);
    },
    c);
}

/// A second, independent connection to the database, as a user or another process has.
struct raw_db {
  sqlite3* db = nullptr;
  explicit raw_db(const fs::path& file) { BOOST_REQUIRE_EQUAL(sqlite3_open(file.c_str(), &db), SQLITE_OK); }
  ~raw_db() { sqlite3_close(db); }

  void exec(const std::string& sql) {
    char* msg = nullptr;
    auto rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg);
    BOOST_REQUIRE_MESSAGE(rc == SQLITE_OK, sql << ": " << (msg ? msg : ""));
    sqlite3_free(msg);
  }

  table query(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    BOOST_REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK,
                          sql << ": " << sqlite3_errmsg(db));
    table result;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      auto& row = result.emplace_back();
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        switch (sqlite3_column_type(stmt, i)) {
          case SQLITE_NULL:
            row.emplace_back(nullptr);
            break;
          case SQLITE_INTEGER:
            row.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, i)));
            break;
          case SQLITE_FLOAT:
            row.emplace_back(sqlite3_column_double(stmt, i));
            break;
          default:
            row.emplace_back(std::string{reinterpret_cast<const char*>(sqlite3_column_text(stmt, i))});
        }
      }
    }
    sqlite3_finalize(stmt);
    return result;
  }

  int64_t count(const std::string& table_name) {
    return std::get<int64_t>(query("SELECT count(*) FROM " + table_name).at(0).at(0));
  }

  cell scalar(const std::string& sql) { return query(sql).at(0).at(0); }
};

void check_row(const std::vector<cell>& got, const std::vector<cell>& want, const std::string& what) {
  BOOST_REQUIRE_EQUAL(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i)
    BOOST_CHECK_MESSAGE(got[i] == want[i],
                        what << " column " << i << ": got " << show(got[i]) << ", want " << show(want[i]));
}

const epoch_ms cycle_ts = ist_instant(make_date(2026, 11, 26), 9, 20);
const day_number weekly_expiry = make_date(2026, 12, 1);

/// A realistic batch: `strikes` strikes of calls and puts around 25000, the first call without IV or
/// Greeks (below intrinsic) and without a quote time.
cycle_batch sample_batch(std::string index, epoch_ms ts, int strikes, uint64_t cycle_id = 7) {
  cycle_batch batch;
  batch.cycle_id = cycle_id;
  batch.index = index;
  batch.ts = ts;
  for (int i = 0; i < strikes; ++i) {
    for (auto type : {option_type::call, option_type::put}) {
      option_row r;
      r.ts = ts;
      r.index = index;
      r.expiry = weekly_expiry;
      r.bucket = expiry_bucket::this_week;
      r.strike = 25000 + 50.0 * (i - strikes / 2);
      r.type = type;
      r.token = 10000 + static_cast<uint64_t>(2 * i) + (type == option_type::put ? 1 : 0);
      r.symbol = index + "26D01" + std::to_string(static_cast<int>(r.strike)) + std::string{to_string(type)};
      r.last_price = 120.5 + i;
      r.bid = 120.25 + i;
      r.ask = 120.75 + i;
      r.volume = 1000 * (i + 1);
      r.oi = 50000.0 + i;
      r.oi_change = -250.0 + i;
      r.iv = 0.125 + 0.001 * i;
      r.delta = type == option_type::call ? 0.5 : -0.5;
      r.gamma = 0.0012;
      r.theta = -10.5;
      r.vega = 12.25;
      r.rho = 1.5;
      r.underlying = 25010.35;
      r.forward = 25030.5;
      r.quote_ts = ts - 1500;
      r.flags = 0;
      batch.options.push_back(r);
    }
  }
  auto& first = batch.options.front();
  first.iv = first.delta = first.gamma = first.theta = first.vega = first.rho = absent;
  first.quote_ts = 0;
  first.flags = flag_below_intrinsic | flag_iv_failed;
  auto& o = batch.overview;
  o.ts = ts;
  o.index = index;
  o.underlying = 25010.35;
  o.day_high = 25100;
  o.day_low = 24900.5;
  o.day_width = 199.5;
  o.pcr_oi = {0.85, 1.05, absent, 0.95};
  o.pcr_volume = {0.75, absent, 1.2, 1.1};
  o.atm_iv = {0.13, 0.14, 0.145, absent};
  o.expected_mask = 0b1111;
  o.collected_mask = 0b1011;
  o.missing_mask = 0b0100;
  o.options_expected = 84;
  o.options_collected = static_cast<uint32_t>(batch.options.size());
  o.max_pain = {25000, 25100, absent, 24900};
  o.rr25 = {-0.021, -0.018, absent, -0.015};
  o.bf25 = {0.004, 0.0035, absent, absent};
  o.calls_adding_oi = {12, 7, -1, 3};
  o.calls_shedding_oi = {5, 0, -1, 9};
  o.puts_adding_oi = {14, 8, -1, 2};
  o.puts_shedding_oi = {2, 1, -1, 10};
  o.fit_atm_iv = {0.131, 0.139, absent, absent};
  o.fit_rr25 = {-0.02, -0.017, absent, absent};
  o.fit_bf25 = {0.0041, 0.0033, absent, absent};
  o.fit_atm_skew = {-0.35, -0.3, absent, absent};
  surface_slice fitted;
  fitted.expiry = weekly_expiry;
  fitted.bucket = expiry_bucket::this_week;
  fitted.status = surface_status::fitted;
  fitted.years = 0.0137;
  fitted.forward = 25030.5;
  fitted.a = 0.0001;
  fitted.b = 0.012;
  fitted.rho = -0.45;
  fitted.m = 0.003;
  fitted.sigma = 0.021;
  fitted.points_used = 19;
  fitted.excluded = 2;
  fitted.rmse_vol_pts = 0.31;
  fitted.max_err_vol_pts = 0.9;
  fitted.k_min = -0.06;
  fitted.k_max = 0.05;
  fitted.butterfly_ok = false;
  fitted.butterfly_worst_k = 0.04;
  fitted.atm_iv = 0.131;
  fitted.rr25 = -0.02;
  fitted.bf25 = 0.0041;
  fitted.atm_skew = -0.35;
  fitted.fit_us = 37;
  surface_slice unfitted;
  unfitted.expiry = weekly_expiry + 7;
  unfitted.bucket = expiry_bucket::next_week;
  unfitted.status = surface_status::one_sided;
  unfitted.years = 0.0329;
  unfitted.forward = 25050;
  unfitted.points_used = 4;
  batch.surfaces = {fitted, unfitted};
  return batch;
}

sqlite_store open_store(const fs::path& file, storage_settings settings = {}) {
  auto opened = sqlite_store::open(file, settings);
  if (!opened)
    BOOST_FAIL("open failed: " << opened.error().message);
  return *std::move(opened);
}

store_error open_error(const fs::path& file, storage_settings settings = {}) {
  auto opened = sqlite_store::open(file, settings);
  BOOST_REQUIRE_MESSAGE(!opened.has_value(), "open of " << file << " succeeded");
  return opened.error();
}

uint64_t stored(store_result<uint64_t> result) {
  if (!result)
    BOOST_FAIL("store failed: " << result.error().message);
  return *result;
}

store_error store_failure(store_result<uint64_t> result) {
  if (result)
    BOOST_FAIL("store succeeded with " << *result << " rows");
  return result.error();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(open_creates_the_schema_at_the_current_version_in_wal_mode) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "nested" / "g6.sqlite";
  auto store = open_store(file);
  BOOST_CHECK(fs::exists(file));
  raw_db db{file};
  BOOST_CHECK(db.scalar("PRAGMA user_version") == cell{int64_t{current_schema_version}});
  BOOST_CHECK(db.scalar("PRAGMA journal_mode") == cell{std::string{"wal"}});
  auto tables = db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  BOOST_CHECK(tables
              == (table{{std::string{"batches"}},
                        {std::string{"cycles"}},
                        {std::string{"events"}},
                        {std::string{"option_quotes"}},
                        {std::string{"overview"}},
                        {std::string{"surface"}}}));
  auto pk = db.query("SELECT name FROM pragma_table_info('option_quotes') WHERE pk > 0 ORDER BY pk");
  BOOST_CHECK(pk
              == (table{{std::string{"ts_ms"}},
                        {std::string{"index_name"}},
                        {std::string{"expiry"}},
                        {std::string{"strike"}},
                        {std::string{"option_type"}}}));
  BOOST_CHECK_EQUAL(current_schema_version, static_cast<int>(schema_migrations().size()));
}

BOOST_AUTO_TEST_CASE(database_path_joins_data_dir_and_file) {
  storage_settings s;
  s.data_dir = "/var/lib/g6";
  s.sqlite_file = "g6.sqlite";
  BOOST_CHECK_EQUAL(database_path(s), fs::path{"/var/lib/g6/g6.sqlite"});
  s.sqlite_file = "/srv/other.sqlite";
  BOOST_CHECK_EQUAL(database_path(s), fs::path{"/srv/other.sqlite"});
}

BOOST_AUTO_TEST_CASE(settings_the_store_cannot_honour_are_refused) {
  g6::testing::temp_dir dir;
  storage_settings s;
  s.synchronous = "sometimes";
  auto err = open_error(dir.path() / "g6.sqlite", s);
  BOOST_CHECK(err.code == store_errc::invalid_setting);
  BOOST_CHECK_MESSAGE(contains(err.message, "storage.synchronous") && contains(err.message, "sometimes"), err.message);
  s.synchronous = "normal";
  s.busy_timeout_ms = -1;
  err = open_error(dir.path() / "g6.sqlite", s);
  BOOST_CHECK(err.code == store_errc::invalid_setting);
  BOOST_CHECK_MESSAGE(contains(err.message, "busy_timeout_ms"), err.message);
  s.busy_timeout_ms = 100;
  s.integrity_check = "sometimes";
  err = open_error(dir.path() / "g6.sqlite", s);
  BOOST_CHECK(err.code == store_errc::invalid_setting);
  BOOST_CHECK_MESSAGE(contains(err.message, "storage.integrity_check") && contains(err.message, "sometimes"),
                      err.message);
  s.integrity_check = "full";
  open_store(dir.path() / "g6.sqlite", s);
}

BOOST_AUTO_TEST_CASE(a_batch_round_trips_every_column_with_null_for_absent_values) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  auto store = open_store(file);
  auto batch = sample_batch("NIFTY", cycle_ts, 3);
  BOOST_CHECK_EQUAL(stored(store.store(batch)), batch.options.size() + 1);

  raw_db db{file};
  auto rows = db.query("SELECT * FROM option_quotes ORDER BY strike, option_type");
  BOOST_REQUIRE_EQUAL(rows.size(), batch.options.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    auto& r = batch.options[i];
    std::vector<cell> want{r.ts,
                           r.index,
                           std::string{"2026-12-01"},
                           std::string{"this_week"},
                           r.strike,
                           std::string{to_string(r.type)},
                           static_cast<int64_t>(r.token),
                           r.symbol,
                           r.last_price,
                           r.bid,
                           r.ask,
                           r.volume,
                           r.oi,
                           r.oi_change,
                           real_or_null(r.iv),
                           real_or_null(r.delta),
                           real_or_null(r.gamma),
                           real_or_null(r.theta),
                           real_or_null(r.vega),
                           real_or_null(r.rho),
                           r.underlying,
                           r.forward,
                           r.quote_ts > 0 ? cell{r.quote_ts} : cell{nullptr},
                           static_cast<int64_t>(r.flags)};
    check_row(rows[i], want, "option row " + std::to_string(i));
  }
  // The first row is the one without IV and quote time.
  BOOST_CHECK(rows[0][14] == cell{nullptr});
  BOOST_CHECK(rows[0][22] == cell{nullptr});

  auto& o = batch.overview;
  auto overview = db.query("SELECT * FROM overview");
  BOOST_REQUIRE_EQUAL(overview.size(), 1u);
  check_row(overview[0],
            {o.ts, o.index, o.underlying, o.day_high, o.day_low, o.day_width, 0.85, 1.05, nullptr, 0.95, 0.75, nullptr,
             1.2, 1.1, 0.13, 0.14, 0.145, nullptr, int64_t{15}, int64_t{11}, int64_t{4}, int64_t{84}, int64_t{6},
             // Schema version 2: max pain, RR25, BF25, then calls adding/shedding and puts adding/shedding
             // OI, each per bucket; a bucket without statistics is NULL.
             25000.0, 25100.0, nullptr, 24900.0, -0.021, -0.018, nullptr, -0.015, 0.004, 0.0035, nullptr, nullptr,
             int64_t{12}, int64_t{7}, nullptr, int64_t{3}, int64_t{5}, int64_t{0}, nullptr, int64_t{9}, int64_t{14},
             int64_t{8}, nullptr, int64_t{2}, int64_t{2}, int64_t{1}, nullptr, int64_t{10},
             // Schema version 4: ATM IV, RR25, BF25 and ATM skew of each bucket's fitted smile.
             0.131, 0.139, nullptr, nullptr, -0.02, -0.017, nullptr, nullptr, 0.0041, 0.0033, nullptr, nullptr, -0.35,
             -0.3, nullptr, nullptr},
            "overview");

  // One surface row per expiry; an unfitted one keeps why, with NULL parameters and checks.
  auto surface = db.query("SELECT * FROM surface ORDER BY expiry");
  BOOST_REQUIRE_EQUAL(surface.size(), 2u);
  check_row(surface[0],
            {cycle_ts,
             std::string{"NIFTY"},
             std::string{"2026-12-01"},
             std::string{"this_week"},
             std::string{"fitted"},
             0.0137,
             25030.5,
             0.0001,
             0.012,
             -0.45,
             0.003,
             0.021,
             int64_t{19},
             int64_t{2},
             0.31,
             0.9,
             -0.06,
             0.05,
             int64_t{0},
             0.04,
             int64_t{1},
             int64_t{1},
             nullptr,
             0.131,
             -0.02,
             0.0041,
             -0.35,
             int64_t{37}},
            "fitted surface row");
  check_row(surface[1],
            {cycle_ts,
             std::string{"NIFTY"},
             std::string{"2026-12-08"},
             std::string{"next_week"},
             std::string{"one_sided"},
             0.0329,
             25050.0,
             nullptr,
             nullptr,
             nullptr,
             nullptr,
             nullptr,
             int64_t{4},
             int64_t{0},
             nullptr,
             nullptr,
             nullptr,
             nullptr,
             nullptr,
             nullptr,
             nullptr,
             nullptr,
             nullptr,
             nullptr,
             nullptr,
             nullptr,
             nullptr,
             int64_t{0}},
            "unfitted surface row");

  auto receipts = db.query("SELECT ts_ms, index_name, cycle_id, option_rows FROM batches");
  BOOST_REQUIRE_EQUAL(receipts.size(), 1u);
  check_row(receipts[0], {cycle_ts, std::string{"NIFTY"}, int64_t{7}, int64_t{6}}, "batch receipt");
  auto committed_at = std::get<int64_t>(db.scalar("SELECT committed_at_ms FROM batches"));
  BOOST_CHECK_GT(committed_at, cycle_ts - ms_per_day * 365 * 10);

  auto& n = store.counters();
  BOOST_CHECK_EQUAL(n.batches, 1u);
  BOOST_CHECK_EQUAL(n.rows_written, 7u);
  BOOST_CHECK_EQUAL(n.commits, 1u);
  BOOST_CHECK_EQUAL(n.duplicate_batches, 0u);
  BOOST_CHECK_EQUAL(store.database_bytes(),
                    fs::file_size(file)
                      + (fs::exists(dir.path() / "g6.sqlite-wal") ? fs::file_size(dir.path() / "g6.sqlite-wal") : 0));
}

BOOST_AUTO_TEST_CASE(storing_the_same_batch_twice_writes_it_once) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  auto store = open_store(file);
  auto batch = sample_batch("BANKNIFTY", cycle_ts, 10);
  BOOST_CHECK_EQUAL(stored(store.store(batch)), 21u);
  BOOST_CHECK_EQUAL(stored(store.store(batch)), 0u);
  raw_db db{file};
  BOOST_CHECK_EQUAL(db.count("option_quotes"), 20);
  BOOST_CHECK_EQUAL(db.count("overview"), 1);
  BOOST_CHECK_EQUAL(db.count("batches"), 1);
  auto& n = store.counters();
  BOOST_CHECK_EQUAL(n.batches, 1u);
  BOOST_CHECK_EQUAL(n.duplicate_batches, 1u);
  BOOST_CHECK_EQUAL(n.rows_written, 21u);
  BOOST_CHECK_EQUAL(n.commits, 1u);
  // The next cycle of the same index is a new batch.
  BOOST_CHECK_EQUAL(stored(store.store(sample_batch("BANKNIFTY", cycle_ts + 60000, 10))), 21u);
  BOOST_CHECK_EQUAL(db.count("batches"), 2);
}

BOOST_AUTO_TEST_CASE(a_row_repeated_inside_a_batch_is_stored_once_and_counted) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  auto store = open_store(file);
  auto batch = sample_batch("NIFTY", cycle_ts, 2);
  batch.options.push_back(batch.options.back());
  BOOST_CHECK_EQUAL(stored(store.store(batch)), 5u);
  raw_db db{file};
  BOOST_CHECK_EQUAL(db.count("option_quotes"), 4);
  BOOST_CHECK(db.scalar("SELECT option_rows FROM batches") == cell{int64_t{4}});
  BOOST_CHECK_EQUAL(store.counters().duplicate_rows, 1u);
}

BOOST_AUTO_TEST_CASE(a_failure_in_the_middle_of_a_batch_rolls_all_of_it_back) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  auto store = open_store(file);
  auto batch = sample_batch("NIFTY", cycle_ts, 5);
  auto poisoned_strike = batch.options[6].strike; // rows 0..5 go in before the trigger fires
  raw_db db{file};
  db.exec("CREATE TRIGGER reject_strike BEFORE INSERT ON option_quotes WHEN NEW.strike = "
          + std::to_string(poisoned_strike) + " BEGIN SELECT RAISE(ABORT, 'injected failure at this strike'); END");
  auto err = store_failure(store.store(batch));
  BOOST_CHECK(err.code == store_errc::constraint);
  BOOST_CHECK_MESSAGE(contains(err.message, "injected failure at this strike"), err.message);
  BOOST_CHECK_MESSAGE(contains(err.message, "NIFTY") && contains(err.message, "cycle 7")
                        && contains(err.message, "option row 6, " + batch.options[6].symbol),
                      err.message);
  BOOST_CHECK_EQUAL(db.count("option_quotes"), 0);
  BOOST_CHECK_EQUAL(db.count("overview"), 0);
  BOOST_CHECK_EQUAL(db.count("batches"), 0);
  BOOST_CHECK_EQUAL(store.counters().batches, 0u);
  BOOST_CHECK_EQUAL(store.counters().commits, 0u);
  // Once the cause is gone the retry stores the whole batch: the failed attempt left nothing behind.
  db.exec("DROP TRIGGER reject_strike");
  BOOST_CHECK_EQUAL(stored(store.store(batch)), 11u);
  BOOST_CHECK_EQUAL(db.count("option_quotes"), 10);
}

BOOST_AUTO_TEST_CASE(a_writer_holding_the_lock_makes_the_batch_fail_busy_and_store_nothing) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  storage_settings s;
  s.busy_timeout_ms = 50;
  auto store = open_store(file, s);
  raw_db other{file};
  other.exec("BEGIN IMMEDIATE");
  other.exec("INSERT INTO events (ts_ms, component, kind, detail) VALUES (1, 'test', 'lock', 'held')");
  auto err = store_failure(store.store(sample_batch("FINNIFTY", cycle_ts, 4)));
  BOOST_CHECK(err.code == store_errc::busy);
  BOOST_CHECK_MESSAGE(contains(err.message, "database is locked"), err.message);
  other.exec("ROLLBACK");
  BOOST_CHECK_EQUAL(other.count("option_quotes"), 0);
  BOOST_CHECK_EQUAL(other.count("batches"), 0);
  BOOST_CHECK_EQUAL(stored(store.store(sample_batch("FINNIFTY", cycle_ts, 4))), 9u);
}

BOOST_AUTO_TEST_CASE(batches_stored_together_share_one_commit_and_each_gets_its_rows) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  auto store = open_store(file);
  std::vector<cycle_batch> batches{sample_batch("NIFTY", cycle_ts, 5), sample_batch("BANKNIFTY", cycle_ts, 3),
                                   sample_batch("FINNIFTY", cycle_ts, 4)};
  auto results = store.store(std::span<const cycle_batch>{batches});
  BOOST_REQUIRE_EQUAL(results.size(), 3u);
  BOOST_CHECK_EQUAL(stored(results[0]), 11u);
  BOOST_CHECK_EQUAL(stored(results[1]), 7u);
  BOOST_CHECK_EQUAL(stored(results[2]), 9u);
  raw_db db{file};
  BOOST_CHECK_EQUAL(db.count("option_quotes"), 24);
  BOOST_CHECK_EQUAL(db.count("overview"), 3);
  BOOST_CHECK_EQUAL(db.count("surface"), 6);
  BOOST_CHECK(db.scalar("SELECT option_rows FROM batches WHERE index_name = 'BANKNIFTY'") == cell{int64_t{6}});
  auto& n = store.counters();
  BOOST_CHECK_EQUAL(n.commits, 1u);
  BOOST_CHECK_EQUAL(n.grouped_commits, 1u);
  BOOST_CHECK_EQUAL(n.batches, 3u);
  BOOST_CHECK_EQUAL(n.rows_written, 27u);
}

BOOST_AUTO_TEST_CASE(a_batch_failing_inside_a_group_gets_its_own_error_and_the_others_are_stored) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  auto store = open_store(file);
  raw_db db{file};
  db.exec("CREATE TRIGGER reject_banknifty BEFORE INSERT ON option_quotes WHEN NEW.index_name = 'BANKNIFTY' "
          "BEGIN SELECT RAISE(ABORT, 'injected failure for BANKNIFTY'); END");
  // The failing batch sits between two good ones: rows of the first are written before it fails.
  std::vector<cycle_batch> batches{sample_batch("NIFTY", cycle_ts, 5), sample_batch("BANKNIFTY", cycle_ts, 3),
                                   sample_batch("FINNIFTY", cycle_ts, 4)};
  auto results = store.store(std::span<const cycle_batch>{batches});
  BOOST_REQUIRE_EQUAL(results.size(), 3u);
  BOOST_CHECK_EQUAL(stored(results[0]), 11u);
  auto err = store_failure(results[1]);
  BOOST_CHECK(err.code == store_errc::constraint);
  BOOST_CHECK_MESSAGE(contains(err.message, "injected failure for BANKNIFTY")
                        && contains(err.message, "batch of BANKNIFTY") && contains(err.message, "option row 0"),
                      err.message);
  BOOST_CHECK_EQUAL(stored(results[2]), 9u);
  BOOST_CHECK_EQUAL(db.count("option_quotes WHERE index_name = 'NIFTY'"), 10);
  BOOST_CHECK_EQUAL(db.count("option_quotes WHERE index_name = 'BANKNIFTY'"), 0);
  BOOST_CHECK_EQUAL(db.count("option_quotes WHERE index_name = 'FINNIFTY'"), 8);
  BOOST_CHECK_EQUAL(db.count("batches"), 2);
  BOOST_CHECK_EQUAL(db.count("overview"), 2);
  // Counted once each, although NIFTY's rows were written twice (in the group, then alone).
  BOOST_CHECK_EQUAL(store.counters().batches, 2u);
  BOOST_CHECK_EQUAL(store.counters().rows_written, 20u);
  // The refused batch can be stored once its cause is gone.
  db.exec("DROP TRIGGER reject_banknifty");
  BOOST_CHECK_EQUAL(stored(store.store(batches[1])), 7u);
}

BOOST_AUTO_TEST_CASE(an_invalid_batch_stays_out_of_the_group) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  auto store = open_store(file);
  std::vector<cycle_batch> batches{sample_batch("NIFTY", cycle_ts, 2), sample_batch("BANKNIFTY", cycle_ts, 2),
                                   sample_batch("SENSEX", cycle_ts, 2)};
  batches[1].options[1].index = "NIFTY";
  auto results = store.store(std::span<const cycle_batch>{batches});
  BOOST_CHECK_EQUAL(stored(results[0]), 5u);
  BOOST_CHECK(store_failure(results[1]).code == store_errc::invalid_batch);
  BOOST_CHECK_EQUAL(stored(results[2]), 5u);
  BOOST_CHECK_EQUAL(store.counters().commits, 1u);
  raw_db db{file};
  BOOST_CHECK_EQUAL(db.count("batches"), 2);
  BOOST_CHECK_EQUAL(db.count("option_quotes WHERE index_name = 'BANKNIFTY'"), 0);
}

BOOST_AUTO_TEST_CASE(a_group_repeating_a_batch_or_holding_one_stored_before_writes_each_once) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  auto store = open_store(file);
  auto nifty = sample_batch("NIFTY", cycle_ts, 3);
  auto sensex = sample_batch("SENSEX", cycle_ts, 2);
  BOOST_CHECK_EQUAL(stored(store.store(nifty)), 7u);
  // A retry of NIFTY (its acknowledgement was lost) and SENSEX sent twice.
  std::vector<cycle_batch> batches{nifty, sensex, sensex};
  auto results = store.store(std::span<const cycle_batch>{batches});
  BOOST_CHECK_EQUAL(stored(results[0]), 0u);
  BOOST_CHECK_EQUAL(stored(results[1]), 5u);
  BOOST_CHECK_EQUAL(stored(results[2]), 0u);
  raw_db db{file};
  BOOST_CHECK_EQUAL(db.count("option_quotes"), 10);
  BOOST_CHECK_EQUAL(db.count("batches"), 2);
  BOOST_CHECK_EQUAL(store.counters().batches, 2u);
  BOOST_CHECK_EQUAL(store.counters().duplicate_batches, 2u);
  // A group of batches all stored before writes nothing and commits nothing.
  auto commits = store.counters().commits;
  for (auto& r : store.store(std::span<const cycle_batch>{batches}))
    BOOST_CHECK_EQUAL(stored(r), 0u);
  BOOST_CHECK_EQUAL(store.counters().commits, commits);
}

BOOST_AUTO_TEST_CASE(a_group_that_cannot_begin_fails_every_batch_and_stores_nothing) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  storage_settings s;
  s.busy_timeout_ms = 50;
  auto store = open_store(file, s);
  std::vector<cycle_batch> batches{sample_batch("NIFTY", cycle_ts, 2), sample_batch("BANKNIFTY", cycle_ts, 2)};
  raw_db other{file};
  other.exec("BEGIN IMMEDIATE");
  for (auto& r : store.store(std::span<const cycle_batch>{batches})) {
    auto err = store_failure(r);
    BOOST_CHECK(err.code == store_errc::busy);
    BOOST_CHECK_MESSAGE(contains(err.message, "2 batches together") && contains(err.message, "NIFTY")
                          && contains(err.message, "BANKNIFTY"),
                        err.message);
  }
  other.exec("ROLLBACK");
  BOOST_CHECK_EQUAL(other.count("batches"), 0);
  for (auto& r : store.store(std::span<const cycle_batch>{batches}))
    BOOST_CHECK_EQUAL(stored(r), 5u);
}

BOOST_AUTO_TEST_CASE(commits_leave_the_rows_in_the_log_until_a_checkpoint_copies_them_into_the_file) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  auto store = open_store(file);
  auto file_size_before = fs::file_size(file);
  for (int i = 0; i < 5; ++i)
    stored(store.store(sample_batch("NIFTY", cycle_ts + i * 60'000, 40)));
  // Committed, readable by others, and not yet copied: a commit waits only for the log.
  raw_db db{file};
  BOOST_CHECK_EQUAL(db.count("option_quotes"), 400);
  BOOST_CHECK_EQUAL(fs::file_size(file), file_size_before);
  BOOST_CHECK(store.checkpoint().has_value());
  BOOST_CHECK_EQUAL(store.counters().checkpoints, 1u);
  auto pages = std::get<int64_t>(db.scalar("PRAGMA page_count"));
  BOOST_CHECK_EQUAL(static_cast<int64_t>(fs::file_size(file)), pages * static_cast<int64_t>(new_database_page_size));
  BOOST_CHECK_EQUAL(db.count("option_quotes"), 400);
}

BOOST_AUTO_TEST_CASE(a_new_file_gets_the_bigger_page_size_and_an_existing_one_keeps_its_own) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  { auto store = open_store(file); }
  BOOST_CHECK(raw_db{file}.scalar("PRAGMA page_size") == cell{int64_t{new_database_page_size}});
  // A file of an earlier g6, with SQLite's default pages and a row: opened, migrated and written as it is.
  auto old = dir.path() / "old.sqlite";
  {
    raw_db db{old};
    db.exec("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE keep (x); INSERT INTO keep VALUES (1)");
  }
  {
    auto store = open_store(old);
    BOOST_CHECK_EQUAL(stored(store.store(sample_batch("NIFTY", cycle_ts, 2))), 5u);
  }
  raw_db db{old};
  BOOST_CHECK(db.scalar("PRAGMA page_size") == cell{int64_t{4096}});
  BOOST_CHECK_EQUAL(db.count("keep"), 1);
  BOOST_CHECK_EQUAL(db.count("option_quotes"), 4);
}

BOOST_AUTO_TEST_CASE(a_batch_mixing_indices_or_instants_is_refused_whole) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  auto store = open_store(file);
  auto batch = sample_batch("NIFTY", cycle_ts, 2);
  batch.options[2].index = "BANKNIFTY";
  auto err = store_failure(store.store(batch));
  BOOST_CHECK(err.code == store_errc::invalid_batch);
  BOOST_CHECK_MESSAGE(contains(err.message, "option row 2") && contains(err.message, "BANKNIFTY"), err.message);
  batch = sample_batch("NIFTY", cycle_ts, 2);
  batch.overview.ts = cycle_ts + 60000;
  err = store_failure(store.store(batch));
  BOOST_CHECK(err.code == store_errc::invalid_batch);
  BOOST_CHECK_MESSAGE(contains(err.message, "overview"), err.message);
  raw_db db{file};
  BOOST_CHECK_EQUAL(db.count("option_quotes"), 0);
  BOOST_CHECK_EQUAL(db.count("batches"), 0);
}

BOOST_AUTO_TEST_CASE(an_empty_version_0_file_is_migrated_to_the_current_version) {
  g6::testing::temp_dir dir;
  fs::create_directories(dir.path());
  auto file = dir.path() / "g6.sqlite";
  {
    raw_db db{file};
    db.exec("CREATE TABLE notes (text TEXT)"); // a version-0 file with content: kept as it is
    BOOST_CHECK(db.scalar("PRAGMA user_version") == cell{int64_t{0}});
  }
  auto store = open_store(file);
  raw_db db{file};
  BOOST_CHECK(db.scalar("PRAGMA user_version") == cell{int64_t{current_schema_version}});
  BOOST_CHECK_EQUAL(db.count("notes"), 0);
  BOOST_CHECK_EQUAL(db.count("option_quotes"), 0);
  BOOST_CHECK_EQUAL(stored(store.store(sample_batch("NIFTY", cycle_ts, 1))), 3u);
}

BOOST_AUTO_TEST_CASE(a_zero_byte_file_is_an_empty_database) {
  g6::testing::temp_dir dir;
  fs::create_directories(dir.path());
  auto file = dir.path() / "g6.sqlite";
  std::ofstream{file};
  auto store = open_store(file);
  raw_db db{file};
  BOOST_CHECK(db.scalar("PRAGMA user_version") == cell{int64_t{current_schema_version}});
}

// A file written by a g6 of schema version 1 (before the overview carried max pain, skew and breadth):
// its rows survive the migration, read NULL in the new columns, and new batches fill them.
BOOST_AUTO_TEST_CASE(a_version_1_file_is_migrated_keeping_its_rows) {
  g6::testing::temp_dir dir;
  fs::create_directories(dir.path());
  auto file = dir.path() / "g6.sqlite";
  {
    raw_db db{file};
    auto version = migrate(db.db, schema_migrations().first(1), "g6.sqlite");
    BOOST_REQUIRE(version.has_value());
    BOOST_REQUIRE_EQUAL(*version, 1);
    db.exec("INSERT INTO overview (ts_ms, index_name, pcr_oi_this_week, expected_mask, collected_mask, "
            "missing_mask, options_expected, options_collected) VALUES (1000, 'NIFTY', 0.9, 1, 1, 0, 84, 84)");
  }
  auto store = open_store(file);
  BOOST_CHECK_EQUAL(stored(store.store(sample_batch("NIFTY", cycle_ts, 1))), 3u);
  raw_db db{file};
  BOOST_CHECK(db.scalar("PRAGMA user_version") == cell{int64_t{current_schema_version}});
  auto old_row = db.query("SELECT pcr_oi_this_week, max_pain_this_week, rr25_this_week, "
                          "calls_adding_oi_this_week FROM overview WHERE ts_ms = 1000");
  BOOST_REQUIRE_EQUAL(old_row.size(), 1u);
  check_row(old_row[0], {0.9, nullptr, nullptr, nullptr}, "version 1 overview row");
  auto new_row = db.query("SELECT max_pain_this_week, rr25_this_week, puts_shedding_oi_next_month FROM overview "
                          "WHERE ts_ms = "
                          + std::to_string(cycle_ts));
  BOOST_REQUIRE_EQUAL(new_row.size(), 1u);
  check_row(new_row[0], {25000.0, -0.021, int64_t{10}}, "version 2 overview row");
}

BOOST_AUTO_TEST_CASE(a_version_3_file_is_migrated_to_the_surface_keeping_its_rows) {
  g6::testing::temp_dir dir;
  fs::create_directories(dir.path());
  auto file = dir.path() / "g6.sqlite";
  const auto earlier = cycle_ts - 60'000;
  {
    raw_db db{file};
    auto version = migrate(db.db, schema_migrations().first(3), "g6.sqlite");
    BOOST_REQUIRE(version.has_value());
    BOOST_REQUIRE_EQUAL(*version, 3);
    db.exec("INSERT INTO overview (ts_ms, index_name, atm_iv_this_week, expected_mask, collected_mask, "
            "missing_mask, options_expected, options_collected) VALUES ("
            + std::to_string(earlier) + ", 'NIFTY', 0.12, 1, 1, 0, 84, 84)");
  }
  auto store = open_store(file);
  BOOST_CHECK_EQUAL(stored(store.store(sample_batch("NIFTY", cycle_ts, 1))), 3u);
  raw_db db{file};
  BOOST_CHECK(db.scalar("PRAGMA user_version") == cell{int64_t{4}});
  auto rows = db.query("SELECT ts_ms, atm_iv_this_week, fit_atm_iv_this_week FROM overview ORDER BY ts_ms");
  BOOST_REQUIRE_EQUAL(rows.size(), 2u);
  check_row(rows[0], {earlier, 0.12, nullptr}, "version 3 overview row");
  check_row(rows[1], {cycle_ts, 0.13, 0.131}, "version 4 overview row");
  BOOST_CHECK(db.scalar("SELECT count(*) FROM surface") == cell{int64_t{2}});
}

BOOST_AUTO_TEST_CASE(a_file_of_a_newer_schema_is_refused_untouched) {
  g6::testing::temp_dir dir;
  fs::create_directories(dir.path());
  auto file = dir.path() / "g6.sqlite";
  {
    raw_db db{file};
    db.exec("CREATE TABLE future (x); PRAGMA user_version = 99");
  }
  auto err = open_error(file);
  BOOST_CHECK(err.code == store_errc::newer_schema);
  BOOST_CHECK_MESSAGE(contains(err.message, "schema version 99")
                        && contains(err.message, "version " + std::to_string(current_schema_version))
                        && contains(err.message, file.string()),
                      err.message);
  raw_db db{file};
  BOOST_CHECK(db.scalar("PRAGMA user_version") == cell{int64_t{99}});
  BOOST_CHECK(db.scalar("PRAGMA journal_mode") == cell{std::string{"delete"}});
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_a_database_is_refused) {
  g6::testing::temp_dir dir;
  fs::create_directories(dir.path());
  auto file = dir.path() / "g6.sqlite";
  std::ofstream{file} << "index,strike,ltp\nNIFTY,25000,120.5\n" << std::string(4096, 'x');
  auto err = open_error(file);
  BOOST_CHECK(err.code == store_errc::not_a_database);
  BOOST_CHECK_MESSAGE(contains(err.message, file.string()) && contains(err.message, "not a database"), err.message);
}

BOOST_AUTO_TEST_CASE(a_directory_that_cannot_be_created_is_reported) {
  g6::testing::temp_dir dir;
  fs::create_directories(dir.path());
  std::ofstream{dir.path() / "plain-file"} << "not a directory";
  auto err = open_error(dir.path() / "plain-file" / "data" / "g6.sqlite");
  BOOST_CHECK(err.code == store_errc::cannot_create_directory);
  BOOST_CHECK_MESSAGE(contains(err.message, (dir.path() / "plain-file" / "data").string()), err.message);
}

BOOST_AUTO_TEST_CASE(migrations_run_step_by_step_from_the_file_version) {
  g6::testing::temp_dir dir;
  fs::create_directories(dir.path());
  auto file = dir.path() / "m.sqlite";
  std::vector<schema_migration> first{{"table a", "CREATE TABLE a (x)"}};
  std::vector<schema_migration> both{{"table a", "CREATE TABLE a (x)"},
                                     {"table b", "CREATE TABLE b (y); INSERT INTO b VALUES (1)"}};
  raw_db db{file};
  auto version = migrate(db.db, first, "m.sqlite");
  BOOST_REQUIRE(version.has_value());
  BOOST_CHECK_EQUAL(*version, 1);
  // From version 1 only the second step runs: running the first again would fail (table a exists).
  version = migrate(db.db, both, "m.sqlite");
  BOOST_REQUIRE(version.has_value());
  BOOST_CHECK_EQUAL(*version, 2);
  BOOST_CHECK(db.scalar("PRAGMA user_version") == cell{int64_t{2}});
  BOOST_CHECK_EQUAL(db.count("b"), 1);
  // Already current: nothing to do.
  version = migrate(db.db, both, "m.sqlite");
  BOOST_CHECK(*version == 2);
  // Knowing only the first step, the file is too new.
  version = migrate(db.db, first, "m.sqlite");
  BOOST_REQUIRE(!version.has_value());
  BOOST_CHECK(version.error().code == store_errc::newer_schema);
}

BOOST_AUTO_TEST_CASE(a_failing_migration_step_leaves_the_file_at_the_previous_version) {
  g6::testing::temp_dir dir;
  fs::create_directories(dir.path());
  auto file = dir.path() / "m.sqlite";
  std::vector<schema_migration> steps{{"table a", "CREATE TABLE a (x)"},
                                      {"tables b and c", "CREATE TABLE b (y); CREATE TABLE c (z, z)"}};
  raw_db db{file};
  auto version = migrate(db.db, steps, "m.sqlite");
  BOOST_REQUIRE(!version.has_value());
  auto& err = version.error();
  BOOST_CHECK(err.code == store_errc::migration_failed);
  BOOST_CHECK_MESSAGE(contains(err.message, "from schema version 1 to 2 (tables b and c)")
                        && contains(err.message, "duplicate column name"),
                      err.message);
  BOOST_CHECK(db.scalar("PRAGMA user_version") == cell{int64_t{1}});
  BOOST_CHECK_EQUAL(db.count("a"), 0);
  BOOST_CHECK(db.query("SELECT name FROM sqlite_master WHERE name = 'b'").empty());
}

BOOST_AUTO_TEST_CASE(cycles_are_stored_once_with_their_index_results_as_json) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  auto store = open_store(file);
  cycle_record cycle;
  cycle.cycle_id = 42;
  cycle.started = cycle_ts;
  cycle.ended = cycle_ts + 1850;
  cycle.status = cycle_status::partial;
  cycle.indices = {{"NIFTY", cycle_status::ok, 84, 82, 2, 120500, ""},
                   {"BANKNIFTY", cycle_status::failed, 84, 0, 0, 10000000, "provider timeout"}};
  BOOST_CHECK_EQUAL(stored(store.store(cycle)), 1u);
  BOOST_CHECK_EQUAL(stored(store.store(cycle)), 0u);
  cycle_record quiet{
    43, cycle_ts + 60000, cycle_ts + 61000, cycle_status::ok, {{"NIFTY", cycle_status::ok, 84, 84, 0, 90000, ""}}};
  BOOST_CHECK_EQUAL(stored(store.store(quiet)), 1u);

  raw_db db{file};
  auto rows = db.query("SELECT started_ms, cycle_id, ended_ms, status, errors FROM cycles ORDER BY started_ms");
  BOOST_REQUIRE_EQUAL(rows.size(), 2u);
  check_row(
    rows[0],
    {cycle_ts, int64_t{42}, cycle_ts + 1850, std::string{"partial"}, std::string{"BANKNIFTY: provider timeout"}},
    "cycle 42");
  check_row(rows[1], {cycle_ts + 60000, int64_t{43}, cycle_ts + 61000, std::string{"ok"}, nullptr}, "cycle 43");
  auto indices =
    nlohmann::json::parse(std::get<std::string>(db.scalar("SELECT indices FROM cycles WHERE cycle_id = 42")));
  auto want = nlohmann::json::parse(R"([
    {"index": "NIFTY", "status": "ok", "options_expected": 84, "options_collected": 82, "dropped": 2,
     "latency_us": 120500, "error": ""},
    {"index": "BANKNIFTY", "status": "failed", "options_expected": 84, "options_collected": 0, "dropped": 0,
     "latency_us": 10000000, "error": "provider timeout"}])");
  BOOST_CHECK_EQUAL(indices, want);
  BOOST_CHECK_EQUAL(store.counters().cycles, 2u);
}

BOOST_AUTO_TEST_CASE(events_are_appended_in_order) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  auto store = open_store(file);
  event_record restart{cycle_ts, "collector.NIFTY", "restart", "crash in cycle 3"};
  event_record breaker_open{cycle_ts + 5, "breaker.kite", "open", "failure rate 0.6"};
  BOOST_CHECK_EQUAL(stored(store.store(restart)), 1u);
  BOOST_CHECK_EQUAL(stored(store.store(breaker_open)), 1u);
  raw_db db{file};
  auto rows = db.query("SELECT id, ts_ms, component, kind, detail FROM events ORDER BY id");
  BOOST_REQUIRE_EQUAL(rows.size(), 2u);
  check_row(
    rows[0],
    {int64_t{1}, cycle_ts, std::string{"collector.NIFTY"}, std::string{"restart"}, std::string{"crash in cycle 3"}},
    "event 1");
  check_row(
    rows[1],
    {int64_t{2}, cycle_ts + 5, std::string{"breaker.kite"}, std::string{"open"}, std::string{"failure rate 0.6"}},
    "event 2");
  BOOST_CHECK_EQUAL(store.counters().events, 2u);
  BOOST_CHECK_EQUAL(store.counters().commits, 2u);
}

BOOST_AUTO_TEST_CASE(an_event_sent_again_is_stored_once) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  auto store = open_store(file);
  event_record lost_ack{cycle_ts, "alpha/collector.NIFTY", "restart", "crash in cycle 3"};
  BOOST_CHECK_EQUAL(stored(store.store(lost_ack)), 1u);
  BOOST_CHECK_EQUAL(stored(store.store(lost_ack)), 0u);
  BOOST_CHECK_EQUAL(store.counters().events, 1u);
  raw_db db{file};
  BOOST_CHECK_EQUAL(db.count("events"), 1);
}

BOOST_AUTO_TEST_CASE(migrating_to_version_3_keeps_one_of_each_duplicated_event) {
  g6::testing::temp_dir dir;
  fs::create_directories(dir.path());
  auto file = dir.path() / "g6.sqlite";
  {
    raw_db db{file}; // a version-2 file with an event stored twice and another once
    auto version = migrate(db.db, schema_migrations().first(2), "g6.sqlite");
    BOOST_REQUIRE(version.has_value());
    BOOST_REQUIRE_EQUAL(*version, 2);
    db.exec(
      "INSERT INTO events (ts_ms, component, kind, detail) VALUES (1, 'a', 'restart', 'x'), (1, 'a', 'restart', 'x'),"
      " (2, 'a', 'restart', 'x')");
  }
  auto store = open_store(file);
  raw_db db{file};
  BOOST_CHECK(db.scalar("PRAGMA user_version") == cell{int64_t{current_schema_version}});
  auto rows = db.query("SELECT id, ts_ms FROM events ORDER BY id");
  BOOST_REQUIRE_EQUAL(rows.size(), 2u);
  check_row(rows[0], {int64_t{1}, int64_t{1}}, "the first copy");
  check_row(rows[1], {int64_t{3}, int64_t{2}}, "the other event");
}

BOOST_AUTO_TEST_CASE(reopening_a_file_keeps_its_data_and_its_idempotence) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  auto batch = sample_batch("SENSEX", cycle_ts, 4);
  {
    auto store = open_store(file);
    BOOST_CHECK_EQUAL(stored(store.store(batch)), 9u);
    BOOST_CHECK_EQUAL(stored(store.store(event_record{cycle_ts, "node", "start", ""})), 1u);
  }
  // Closing the last connection checkpoints the write-ahead log into the main file.
  BOOST_CHECK(!fs::exists(dir.path() / "g6.sqlite-wal"));
  auto store = open_store(file);
  BOOST_CHECK_EQUAL(stored(store.store(batch)), 0u);
  raw_db db{file};
  BOOST_CHECK_EQUAL(db.count("option_quotes"), 8);
  BOOST_CHECK_EQUAL(db.count("events"), 1);
  BOOST_CHECK(db.scalar("PRAGMA user_version") == cell{int64_t{current_schema_version}});
}

BOOST_AUTO_TEST_CASE(a_moved_store_keeps_working) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  auto first = open_store(file);
  auto second = std::move(first);
  BOOST_CHECK_EQUAL(stored(second.store(sample_batch("MIDCPNIFTY", cycle_ts, 1))), 3u);
  BOOST_CHECK_EQUAL(second.file(), file);
}

namespace {

/// A database of `cycles` cycles of two indices, written and closed cleanly like a day of g6 run: big
/// enough that its tables span many pages.
fs::path populated_database(const fs::path& dir, int cycles = 40) {
  auto file = dir / "g6.sqlite";
  auto store = open_store(file);
  for (int i = 0; i < cycles; ++i)
    for (auto index : {"NIFTY", "BANKNIFTY"})
      stored(store.store(sample_batch(index, cycle_ts + i * 60'000, 20, static_cast<uint64_t>(i + 1))));
  for (int i = 0; i < 20; ++i)
    stored(store.store(event_record{cycle_ts + i, "collector.NIFTY", "restart", "event " + std::to_string(i)}));
  return file;
}

std::string file_bytes(const fs::path& file) {
  std::ifstream in{file, std::ios::binary};
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

/// Writes `bytes` over the file at `offset`, keeping its size (dd conv=notrunc).
void overwrite(const fs::path& file, uint64_t offset, const std::string& bytes) {
  std::fstream out{file, std::ios::binary | std::ios::in | std::ios::out};
  out.seekp(static_cast<std::streamoff>(offset));
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  BOOST_REQUIRE(out.good());
}

std::string random_bytes(size_t n, uint64_t seed) {
  std::mt19937_64 random{seed};
  std::string bytes(n, '\0');
  for (auto& b : bytes)
    b = static_cast<char>(random() & 0xff);
  return bytes;
}

constexpr uint64_t page_size = new_database_page_size; // of every file these tests create through the store

/// A refusal a user can act on: the file, that it is damaged, and what to do; the file left as it was.
void check_refused(const fs::path& file, const std::string& before, storage_settings settings = {}) {
  auto err = open_error(file, settings);
  BOOST_CHECK_MESSAGE(is_corruption(err.code), "refused as " << to_string(err.code) << ": " << err.message);
  BOOST_CHECK_MESSAGE(contains(err.message, file.string()), err.message);
  BOOST_CHECK_MESSAGE(contains(err.message, "restore") && contains(err.message, "move it aside"), err.message);
  BOOST_CHECK_MESSAGE(file_bytes(file) == before, "the refused file was changed");
  BOOST_CHECK(!read_open_marker(file));
}

/// Makes the events_by_time index disagree with its table while every page stays well formed: the kind
/// of damage only the full integrity_check sees.
void make_an_index_disagree(const fs::path& file) {
  raw_db db{file};
  db.exec("PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'CREATE INDEX events_by_time ON events "
          "(kind)' WHERE name = 'events_by_time'");
}

/// Opens the store in a child process that stores a batch and exits without closing, as kill -9 leaves it.
void crash_while_open(const fs::path& file, epoch_ms ts) {
  auto pid = ::fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    auto opened = sqlite_store::open(file, storage_settings{});
    auto ok = opened && opened->store(sample_batch("FINNIFTY", ts, 2)).has_value();
    ::_exit(ok ? 0 : 1);
  }
  int status = 0;
  BOOST_REQUIRE_EQUAL(::waitpid(pid, &status, 0), pid);
  BOOST_REQUIRE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

} // namespace

BOOST_AUTO_TEST_CASE(garbage_in_the_middle_of_a_populated_file_is_refused) {
  g6::testing::temp_dir dir;
  auto file = populated_database(dir.path());
  auto size = fs::file_size(file);
  BOOST_REQUIRE_GT(size, 32 * page_size);
  overwrite(file, size / 2, random_bytes(8 * page_size, 1));
  check_refused(file, file_bytes(file));
}

BOOST_AUTO_TEST_CASE(zeroed_pages_are_refused) {
  g6::testing::temp_dir dir;
  auto file = populated_database(dir.path());
  overwrite(file, 8 * page_size, std::string(4 * page_size, '\0'));
  check_refused(file, file_bytes(file));
}

BOOST_AUTO_TEST_CASE(a_truncated_file_is_refused) {
  g6::testing::temp_dir dir;
  auto file = populated_database(dir.path());
  fs::resize_file(file, fs::file_size(file) / 2);
  check_refused(file, file_bytes(file));
}

BOOST_AUTO_TEST_CASE(random_bytes_in_place_of_the_database_are_refused) {
  g6::testing::temp_dir dir;
  auto file = dir.path() / "g6.sqlite";
  std::ofstream{file, std::ios::binary} << random_bytes(16 * page_size, 2);
  auto before = file_bytes(file);
  check_refused(file, before);
  BOOST_CHECK(open_error(file).code == store_errc::not_a_database);
}

BOOST_AUTO_TEST_CASE(a_clean_file_opens_after_the_quick_check_and_its_marker_goes_at_close) {
  g6::testing::temp_dir dir;
  auto file = populated_database(dir.path());
  BOOST_CHECK(!read_open_marker(file));
  {
    auto store = open_store(file);
    BOOST_CHECK(store.opened().check == integrity_check::quick);
    BOOST_CHECK(!store.opened().unclean_shutdown);
    auto marker = read_open_marker(file);
    BOOST_REQUIRE(marker);
    BOOST_CHECK_MESSAGE(contains(*marker, "pid " + std::to_string(::getpid())), *marker);
    BOOST_CHECK_EQUAL(stored(store.store(sample_batch("SENSEX", cycle_ts, 2))), 5u);
  }
  BOOST_CHECK(!read_open_marker(file));
  BOOST_CHECK(!fs::exists(open_marker_path(file)));
}

BOOST_AUTO_TEST_CASE(after_an_unclean_shutdown_the_full_check_runs) {
  g6::testing::temp_dir dir;
  auto file = populated_database(dir.path());
  crash_while_open(file, cycle_ts);
  auto marker = read_open_marker(file);
  BOOST_REQUIRE_MESSAGE(marker, "the crashed writer left no marker");
  {
    auto store = open_store(file);
    BOOST_CHECK(store.opened().unclean_shutdown);
    BOOST_CHECK_EQUAL(store.opened().previous_writer, *marker);
    BOOST_CHECK(store.opened().check == integrity_check::full);
    // What the crashed writer committed is there (SQLite recovered it from the write-ahead log).
    raw_db db{file};
    BOOST_CHECK(db.scalar("SELECT count(*) FROM batches WHERE index_name = 'FINNIFTY'") == cell{int64_t{1}});
  }
  // Closed cleanly this time: the next open is quick again.
  auto store = open_store(file);
  BOOST_CHECK(!store.opened().unclean_shutdown);
  BOOST_CHECK(store.opened().check == integrity_check::quick);
}

BOOST_AUTO_TEST_CASE(damage_only_the_full_check_sees_is_refused_after_an_unclean_shutdown) {
  g6::testing::temp_dir dir;
  auto file = populated_database(dir.path());
  make_an_index_disagree(file);
  // The quick check walks every page but does not compare indices with their tables.
  open_store(file);
  crash_while_open(file, cycle_ts);
  auto err = open_error(file);
  BOOST_CHECK(err.code == store_errc::corrupt);
  BOOST_CHECK_MESSAGE(contains(err.message, "integrity_check") && contains(err.message, "events_by_time"), err.message);
  // The marker stays until a writer closes the file cleanly, so every open checks fully.
  BOOST_CHECK(read_open_marker(file));
  BOOST_CHECK(open_error(file).code == store_errc::corrupt);
}

BOOST_AUTO_TEST_CASE(the_check_is_chosen_by_the_setting) {
  g6::testing::temp_dir dir;
  auto file = populated_database(dir.path());
  make_an_index_disagree(file);
  storage_settings full;
  full.integrity_check = "full";
  auto err = open_error(file, full);
  BOOST_CHECK(err.code == store_errc::corrupt);
  BOOST_CHECK_MESSAGE(contains(err.message, "integrity_check"), err.message);
  storage_settings off;
  off.integrity_check = "off";
  auto store = open_store(file, off);
  BOOST_CHECK(store.opened().check == integrity_check::off);
}

BOOST_AUTO_TEST_CASE(a_write_that_meets_a_damaged_page_fails_as_corrupt_and_keeps_the_marker) {
  g6::testing::temp_dir dir;
  auto file = populated_database(dir.path());
  // The root page of each table a batch writes is gone; the schema pages stay readable.
  std::vector<int64_t> roots;
  {
    raw_db db{file};
    for (auto& row : db.query("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name IN "
                              "('option_quotes', 'overview', 'surface', 'batches')"))
      roots.push_back(std::get<int64_t>(row[0]));
  }
  BOOST_REQUIRE_EQUAL(roots.size(), 4u);
  for (auto root : roots)
    overwrite(file, static_cast<uint64_t>(root - 1) * page_size, std::string(page_size, '\0'));
  storage_settings off;
  off.integrity_check = "off";
  {
    auto store = open_store(file, off);
    auto err = store_failure(store.store(sample_batch("NIFTY", cycle_ts + 3'600'000, 2)));
    BOOST_CHECK_MESSAGE(err.code == store_errc::corrupt, to_string(err.code) << ": " << err.message);
    BOOST_CHECK_MESSAGE(contains(err.message, "move it aside"), err.message);
    BOOST_CHECK_EQUAL(store.counters().corruption_errors, 1u);
    BOOST_CHECK_EQUAL(store.counters().batches, 0u);
  }
  // The writer closed, but the file is damaged: the marker stays and the next open checks in full.
  BOOST_CHECK(read_open_marker(file));
  auto err = open_error(file);
  BOOST_CHECK(is_corruption(err.code));
  BOOST_CHECK_MESSAGE(contains(err.message, "integrity_check"), err.message);
}
