#define BOOST_TEST_MODULE storage_actor
#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "actors/storage/sqlite_store.hpp"
#include "actors/storage/storage_actor.hpp"
#include "config/ist_time.hpp"

namespace fs = std::filesystem;
using namespace g6;
using namespace std::chrono_literals;

namespace {

struct test_config : caf::actor_system_config {
  test_config() {
    add_message_types<caf::id_block::g6>();
    add_error_category(caf::atom("storage"), render_storage_error);
    set("scheduler.max-threads", 2);
  }
};

cycle_batch sample_batch(const std::string& index, int rows);

struct fixture {
  fs::path dir;
  test_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};

  fixture() {
    static std::atomic<int> counter{0};
    dir = fs::temp_directory_path()
          / ("g6-storage-actor-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir);
  }
  ~fixture() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  storage_settings settings() const {
    storage_settings s;
    s.data_dir = (dir / "data").string();
    return s;
  }

  /// The reply to a request, or the error it came back with.
  template <class... Ts>
  std::variant<uint64_t, caf::error> ask(const storage_actor& storage, Ts&&... xs) {
    std::variant<uint64_t, caf::error> result;
    self->request(storage, 10s, store_atom_v, std::forward<Ts>(xs)...)
      .receive([&](uint64_t rows) { result = rows; }, [&](caf::error& err) { result = err; });
    return result;
  }

  uint64_t rows_of(const std::variant<uint64_t, caf::error>& reply) {
    if (auto* err = std::get_if<caf::error>(&reply))
      BOOST_FAIL("storage replied with an error: " << sys.render(*err));
    return std::get<uint64_t>(reply);
  }

  caf::settings status(const storage_actor& storage, status_verbosity verbosity) {
    caf::settings result;
    self->request(storage, 10s, status_atom_v, verbosity)
      .receive([&](caf::settings& s) { result = std::move(s); },
               [&](caf::error& err) { BOOST_FAIL("status failed: " << sys.render(err)); });
    return result;
  }

  void stop(const storage_actor& storage) {
    self->send_exit(storage, caf::exit_reason::user_shutdown);
    self->wait_for(storage);
  }

  /// Waits for the actor to quit on its own; its exit reason.
  caf::error exit_reason_of(const storage_actor& storage) {
    self->monitor(storage);
    caf::error reason;
    self->receive([&](caf::down_msg& dm) { reason = dm.reason; },
                  caf::after(10s) >> [&] { BOOST_FAIL("the storage actor did not quit"); });
    return reason;
  }

  /// A database with one batch, closed cleanly, whose pages after the first (the schema) are then zeroed:
  /// every table's root is gone.
  fs::path damaged_database() {
    auto storage = spawn_storage(sys, settings());
    rows_of(ask(storage, sample_batch("NIFTY", 40)));
    stop(storage);
    auto file = database_path(settings());
    // The root page of each table a batch writes is zeroed; the schema pages stay readable.
    std::vector<int64_t> roots;
    sqlite3* db = nullptr;
    BOOST_REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* query = nullptr;
    BOOST_REQUIRE(sqlite3_prepare_v2(db,
                                     "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name IN "
                                     "('option_quotes', 'overview', 'surface', 'batches')",
                                     -1, &query, nullptr)
                  == SQLITE_OK);
    while (sqlite3_step(query) == SQLITE_ROW)
      roots.push_back(sqlite3_column_int64(query, 0));
    sqlite3_finalize(query);
    sqlite3_close(db);
    BOOST_REQUIRE_EQUAL(roots.size(), 4u);
    constexpr size_t page = new_database_page_size;
    std::fstream out{file, std::ios::binary | std::ios::in | std::ios::out};
    for (auto root : roots) {
      out.seekp(static_cast<std::streamoff>(static_cast<size_t>(root - 1) * page));
      out.write(std::string(page, '\0').data(), static_cast<std::streamsize>(page));
    }
    BOOST_REQUIRE(out.good());
    return file;
  }
};

/// Collects the events a storage actor reports, from its thread.
struct event_log {
  std::mutex mutex;
  std::vector<event_record> events;

  std::function<void(const event_record&)> sink() {
    return [this](const event_record& ev) {
      std::lock_guard<std::mutex> guard{mutex};
      events.push_back(ev);
    };
  }
  std::vector<event_record> of_kind(std::string_view kind) {
    std::lock_guard<std::mutex> guard{mutex};
    std::vector<event_record> result;
    for (auto& ev : events)
      if (ev.kind == kind)
        result.push_back(ev);
    return result;
  }
};

/// Rows in a table, counted through a connection of its own.
int64_t count_rows(const fs::path& file, const std::string& table) {
  sqlite3* db = nullptr;
  BOOST_REQUIRE_EQUAL(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  auto sql = "SELECT count(*) FROM " + table;
  BOOST_REQUIRE_EQUAL(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK);
  BOOST_REQUIRE_EQUAL(sqlite3_step(stmt), SQLITE_ROW);
  auto n = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

void execute_sql(const fs::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  BOOST_REQUIRE_EQUAL(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  BOOST_REQUIRE_MESSAGE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
  sqlite3_close(db);
}

/// Holds the database's write lock from another connection until released, so that batches sent
/// meanwhile pile up in the writer's mailbox behind the one waiting for the lock.
class write_lock {
public:
  explicit write_lock(const fs::path& file) {
    BOOST_REQUIRE_EQUAL(sqlite3_open(file.c_str(), &db_), SQLITE_OK);
    BOOST_REQUIRE_EQUAL(sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  }
  void release() {
    if (db_ == nullptr)
      return;
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
    db_ = nullptr;
  }
  ~write_lock() { release(); }
  write_lock(const write_lock&) = delete;
  write_lock& operator=(const write_lock&) = delete;

private:
  sqlite3* db_ = nullptr;
};

/// Option rows of one index, counted through a connection of its own.
int64_t option_rows_of(const fs::path& file, const std::string& index) {
  return count_rows(file, "option_quotes WHERE index_name = '" + index + "'");
}

const epoch_ms cycle_ts = ist_instant(make_date(2026, 11, 26), 9, 20);

cycle_batch sample_batch(const std::string& index, int rows) {
  cycle_batch batch;
  batch.cycle_id = 3;
  batch.index = index;
  batch.ts = cycle_ts;
  for (int i = 0; i < rows; ++i) {
    option_row r;
    r.ts = cycle_ts;
    r.index = index;
    r.expiry = make_date(2026, 12, 1);
    r.strike = 25000 + 50.0 * i;
    r.type = i % 2 == 0 ? option_type::call : option_type::put;
    r.token = 1000 + static_cast<uint64_t>(i);
    r.symbol = index + std::to_string(i);
    r.last_price = 100 + i;
    batch.options.push_back(r);
  }
  batch.overview.ts = cycle_ts;
  batch.overview.index = index;
  batch.overview.underlying = 25010;
  return batch;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(storage_actor_tests, fixture)

BOOST_AUTO_TEST_CASE(a_batch_is_acknowledged_with_its_rows_once_committed) {
  auto storage = spawn_storage(sys, settings());
  auto file = database_path(settings());
  auto batch = sample_batch("NIFTY", 40);
  BOOST_CHECK_EQUAL(rows_of(ask(storage, batch)), 41u);
  // The acknowledgement means committed: another connection sees every row right away.
  BOOST_CHECK_EQUAL(count_rows(file, "option_quotes"), 40);
  BOOST_CHECK_EQUAL(count_rows(file, "batches"), 1);
  // A retry of the same batch is acknowledged without writing anything.
  BOOST_CHECK_EQUAL(rows_of(ask(storage, batch)), 0u);
  BOOST_CHECK_EQUAL(count_rows(file, "option_quotes"), 40);
  stop(storage);
}

BOOST_AUTO_TEST_CASE(status_reports_the_work_done) {
  auto storage = spawn_storage(sys, settings());
  auto batch = sample_batch("BANKNIFTY", 10);
  rows_of(ask(storage, batch));
  rows_of(ask(storage, batch));
  auto st = status(storage, status_verbosity::terse);
  BOOST_CHECK_EQUAL(caf::get<std::string>(st, "file"), database_path(settings()).string());
  BOOST_CHECK_EQUAL(caf::get<int64_t>(st, "rows_written"), 11);
  BOOST_CHECK_EQUAL(caf::get<int64_t>(st, "batches"), 1);
  BOOST_CHECK_EQUAL(caf::get<int64_t>(st, "duplicates"), 1);
  BOOST_CHECK_EQUAL(caf::get<int64_t>(st, "commits"), 1);
  BOOST_CHECK_EQUAL(caf::get<double>(st, "commit_latency_us_avg"),
                    static_cast<double>(caf::get<int64_t>(st, "commit_latency_us_last")));
  BOOST_CHECK_GT(caf::get<double>(st, "rows_per_second"), 0.0);
  BOOST_CHECK_GT(caf::get<int64_t>(st, "db_bytes"), 0);
  BOOST_CHECK(!caf::holds_alternative<int64_t>(st, "events"));
  auto detailed = status(storage, status_verbosity::detailed);
  BOOST_CHECK_EQUAL(caf::get<std::string>(detailed, "synchronous"), "full");
  BOOST_CHECK_EQUAL(caf::get<int64_t>(detailed, "events"), 0);
  stop(storage);
}

BOOST_AUTO_TEST_CASE(cycles_and_events_are_acknowledged) {
  auto storage = spawn_storage(sys, settings());
  cycle_record cycle{
    9, cycle_ts, cycle_ts + 900, cycle_status::ok, {{"NIFTY", cycle_status::ok, 40, 40, 0, 800000, ""}}};
  BOOST_CHECK_EQUAL(rows_of(ask(storage, cycle)), 1u);
  BOOST_CHECK_EQUAL(rows_of(ask(storage, cycle)), 0u);
  event_record restart{cycle_ts, "collector.NIFTY", "restart", "cycle 9"};
  BOOST_CHECK_EQUAL(rows_of(ask(storage, restart)), 1u);
  auto file = database_path(settings());
  BOOST_CHECK_EQUAL(count_rows(file, "cycles"), 1);
  BOOST_CHECK_EQUAL(count_rows(file, "events"), 1);
  stop(storage);
}

BOOST_AUTO_TEST_CASE(a_failed_batch_is_answered_with_the_store_error) {
  auto storage = spawn_storage(sys, settings());
  auto file = database_path(settings());
  // Opening happens in the actor; a status round trip makes sure the schema exists.
  status(storage, status_verbosity::terse);
  execute_sql(file, "CREATE TRIGGER refuse BEFORE INSERT ON overview "
                    "BEGIN SELECT RAISE(ABORT, 'overview refused by test'); END");
  auto reply = ask(storage, sample_batch("FINNIFTY", 6));
  BOOST_REQUIRE(std::holds_alternative<caf::error>(reply));
  auto& err = std::get<caf::error>(reply);
  BOOST_CHECK(err.category() == caf::atom("storage"));
  BOOST_CHECK_EQUAL(err.code(), static_cast<uint8_t>(store_errc::constraint));
  auto text = sys.render(err);
  BOOST_CHECK_MESSAGE(contains(text, "overview refused by test") && contains(text, "FINNIFTY"), text);
  BOOST_CHECK_EQUAL(count_rows(file, "option_quotes"), 0);
  execute_sql(file, "DROP TRIGGER refuse");
  BOOST_CHECK_EQUAL(rows_of(ask(storage, sample_batch("FINNIFTY", 6))), 7u);
  stop(storage);
}

BOOST_AUTO_TEST_CASE(a_storage_actor_that_cannot_open_its_file_quits_with_the_reason) {
  fs::create_directories(dir);
  std::ofstream{dir / "plain-file"} << "not a directory";
  storage_settings s;
  s.data_dir = (dir / "plain-file" / "data").string();
  auto storage = spawn_storage(sys, s);
  self->monitor(storage);
  caf::error reason;
  self->receive([&](caf::down_msg& dm) { reason = dm.reason; },
                caf::after(10s) >> [&] { BOOST_FAIL("the storage actor did not quit"); });
  BOOST_REQUIRE(reason);
  BOOST_CHECK(reason != caf::exit_reason::user_shutdown);
  BOOST_CHECK(reason.category() == caf::atom("storage"));
  BOOST_CHECK_EQUAL(reason.code(), static_cast<uint8_t>(store_errc::cannot_create_directory));
  auto text = sys.render(reason);
  BOOST_CHECK_MESSAGE(contains(text, "cannot create the directory") && contains(text, "plain-file"), text);
}

BOOST_AUTO_TEST_CASE(a_damaged_database_is_refused_at_open_and_reported) {
  auto file = damaged_database();
  event_log log;
  auto storage = spawn_storage(sys, settings(), log.sink());
  auto reason = exit_reason_of(storage);
  BOOST_REQUIRE(reason);
  BOOST_CHECK(reason.category() == caf::atom("storage"));
  BOOST_CHECK(is_corruption(static_cast<store_errc>(reason.code())));
  auto text = sys.render(reason);
  BOOST_CHECK_MESSAGE(contains(text, file.string()) && contains(text, "quick_check") && contains(text, "move it aside"),
                      text);
  auto reported = log.of_kind(storage_corrupt_event);
  BOOST_REQUIRE_EQUAL(reported.size(), 1u);
  BOOST_CHECK_EQUAL(reported[0].component, "storage");
  BOOST_CHECK_MESSAGE(contains(reported[0].detail, file.string()), reported[0].detail);
}

BOOST_AUTO_TEST_CASE(a_write_into_a_damaged_file_is_not_acknowledged_and_stops_the_writer) {
  damaged_database();
  event_log log;
  auto s = settings();
  s.integrity_check = "off"; // let the damage first show on a write
  auto storage = spawn_storage(sys, s, log.sink());
  self->monitor(storage);
  auto reply = ask(storage, sample_batch("BANKNIFTY", 4));
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<caf::error>(reply),
                        "a batch written into a damaged file was acknowledged");
  auto& err = std::get<caf::error>(reply);
  BOOST_CHECK(err.category() == caf::atom("storage"));
  BOOST_CHECK_EQUAL(err.code(), static_cast<uint8_t>(store_errc::corrupt));
  caf::error reason;
  self->receive([&](caf::down_msg& dm) { reason = dm.reason; },
                caf::after(10s) >> [&] { BOOST_FAIL("the storage actor kept writing into a damaged file"); });
  BOOST_CHECK_EQUAL(reason.code(), static_cast<uint8_t>(store_errc::corrupt));
  BOOST_CHECK_EQUAL(log.of_kind(storage_corrupt_event).size(), 1u);
}

BOOST_AUTO_TEST_CASE(batches_arriving_together_share_a_commit_and_each_is_acknowledged_after_it) {
  auto storage = spawn_storage(sys, settings());
  auto file = database_path(settings());
  status(storage, status_verbosity::terse); // the schema exists
  // Option rows per index, each a different count so that an acknowledgement (rows + 1) names its batch.
  std::map<uint64_t, std::string> index_of_reply{{5, "NIFTY"}, {7, "BANKNIFTY"}, {9, "FINNIFTY"}, {11, "SENSEX"}};
  write_lock lock{file};
  for (auto& [reply, index] : index_of_reply)
    self->send(storage, store_atom_v, sample_batch(index, static_cast<int>(reply) - 1));
  // Nothing can commit while another connection holds the lock: nothing may be acknowledged.
  self->receive([&](uint64_t rows) { BOOST_FAIL("acknowledged " << rows << " rows before any commit"); },
                [&](caf::error& err) { BOOST_FAIL("error before any commit: " << sys.render(err)); },
                caf::after(300ms) >> [] {});
  lock.release();
  for (size_t i = 0; i < index_of_reply.size(); ++i) {
    self->receive(
      [&](uint64_t rows) {
        BOOST_REQUIRE_MESSAGE(index_of_reply.count(rows) == 1, "unexpected acknowledgement of " << rows << " rows");
        auto& index = index_of_reply[rows];
        // Acknowledged means committed: another connection sees the batch whole, at once.
        BOOST_CHECK_EQUAL(option_rows_of(file, index), static_cast<int64_t>(rows) - 1);
        BOOST_CHECK_EQUAL(count_rows(file, "batches WHERE index_name = '" + index + "'"), 1);
      },
      [&](caf::error& err) { BOOST_FAIL("storage replied with an error: " << sys.render(err)); },
      caf::after(10s) >> [] { BOOST_FAIL("a batch was never acknowledged"); });
  }
  auto st = status(storage, status_verbosity::detailed);
  BOOST_CHECK_EQUAL(caf::get<int64_t>(st, "batches"), 4);
  // The first batch may have gone alone; the ones that waited behind it went together.
  BOOST_CHECK_LE(caf::get<int64_t>(st, "commits"), 2);
  BOOST_CHECK_GE(caf::get<int64_t>(st, "grouped_commits"), 1);
  stop(storage);
}

BOOST_AUTO_TEST_CASE(a_batch_failing_in_a_group_gets_its_error_and_the_others_their_acknowledgement) {
  auto storage = spawn_storage(sys, settings());
  auto file = database_path(settings());
  status(storage, status_verbosity::terse);
  execute_sql(file, "CREATE TRIGGER refuse BEFORE INSERT ON option_quotes WHEN NEW.index_name = 'BANKNIFTY' "
                    "BEGIN SELECT RAISE(ABORT, 'BANKNIFTY refused by test'); END");
  std::map<uint64_t, std::string> index_of_reply{{5, "NIFTY"}, {9, "FINNIFTY"}, {11, "SENSEX"}};
  write_lock lock{file};
  self->send(storage, store_atom_v, sample_batch("NIFTY", 4));
  self->send(storage, store_atom_v, sample_batch("BANKNIFTY", 6));
  self->send(storage, store_atom_v, sample_batch("FINNIFTY", 8));
  self->send(storage, store_atom_v, sample_batch("SENSEX", 10));
  lock.release();
  int errors = 0;
  for (int i = 0; i < 4; ++i) {
    self->receive(
      [&](uint64_t rows) {
        BOOST_REQUIRE_MESSAGE(index_of_reply.count(rows) == 1, "unexpected acknowledgement of " << rows << " rows");
        BOOST_CHECK_EQUAL(option_rows_of(file, index_of_reply[rows]), static_cast<int64_t>(rows) - 1);
      },
      [&](caf::error& err) {
        ++errors;
        BOOST_CHECK_EQUAL(err.code(), static_cast<uint8_t>(store_errc::constraint));
        auto text = sys.render(err);
        BOOST_CHECK_MESSAGE(contains(text, "BANKNIFTY refused by test"), text);
      },
      caf::after(10s) >> [] { BOOST_FAIL("a batch was never answered"); });
  }
  BOOST_CHECK_EQUAL(errors, 1);
  // The refused batch left nothing; the others are whole.
  BOOST_CHECK_EQUAL(option_rows_of(file, "BANKNIFTY"), 0);
  BOOST_CHECK_EQUAL(count_rows(file, "batches"), 3);
  BOOST_CHECK_EQUAL(count_rows(file, "overview"), 3);
  execute_sql(file, "DROP TRIGGER refuse");
  BOOST_CHECK_EQUAL(rows_of(ask(storage, sample_batch("BANKNIFTY", 6))), 7u);
  stop(storage);
}

BOOST_AUTO_TEST_CASE(the_writer_checkpoints_the_log_once_no_batch_waits) {
  auto storage = spawn_storage(sys, settings());
  auto file = database_path(settings());
  rows_of(ask(storage, sample_batch("NIFTY", 40)));
  // The checkpoint follows the acknowledgement; a status round trip comes after it in the mailbox.
  auto st = status(storage, status_verbosity::detailed);
  BOOST_CHECK_EQUAL(caf::get<int64_t>(st, "checkpoints"), 1);
  // The rows are in the database file itself now, not only in its write-ahead log.
  sqlite3* db = nullptr;
  BOOST_REQUIRE_EQUAL(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  BOOST_REQUIRE_EQUAL(sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &stmt, nullptr), SQLITE_OK);
  BOOST_REQUIRE_EQUAL(sqlite3_step(stmt), SQLITE_ROW);
  auto pages = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  BOOST_REQUIRE_EQUAL(sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &stmt, nullptr), SQLITE_OK);
  BOOST_REQUIRE_EQUAL(sqlite3_step(stmt), SQLITE_ROW);
  auto page_size = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  BOOST_CHECK_EQUAL(static_cast<int64_t>(fs::file_size(file)), pages * page_size);
  stop(storage);
}

BOOST_AUTO_TEST_CASE(asked_to_stop_the_writer_first_commits_the_batches_it_holds) {
  auto storage = spawn_storage(sys, settings());
  auto file = database_path(settings());
  status(storage, status_verbosity::terse);
  write_lock lock{file};
  self->send(storage, store_atom_v, sample_batch("NIFTY", 4));
  self->send(storage, store_atom_v, sample_batch("BANKNIFTY", 6));
  self->send_exit(storage, caf::exit_reason::user_shutdown);
  lock.release();
  self->wait_for(storage);
  BOOST_CHECK_EQUAL(count_rows(file, "batches"), 2);
  BOOST_CHECK_EQUAL(count_rows(file, "option_quotes"), 10);
}

BOOST_AUTO_TEST_SUITE_END()
