// The online backup (actors/storage/sqlite_backup.hpp): what the copy holds, what it refuses, and that a
// failed backup leaves nothing under the target's name.
#define BOOST_TEST_MODULE sqlite_backup
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <string>

#include "actors/storage/sqlite_backup.hpp"
#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace g6;
using g6::testing::temp_dir;

namespace {

/// Runs SQL on a database file, creating it; fails the test on an error.
void run_sql(const fs::path& db, const std::string& sql) {
  sqlite3* raw = nullptr;
  BOOST_TEST_REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  char* error = nullptr;
  auto rc = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &error);
  std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(raw);
  BOOST_TEST_REQUIRE(rc == SQLITE_OK, message);
}

/// A database shaped like g6's where the backup reads it: schema 4, 3 option rows, two cycles.
fs::path sample_database(const temp_dir& dir) {
  auto db = dir.path() / "g6.sqlite";
  run_sql(db, "PRAGMA journal_mode = WAL;"
              "CREATE TABLE option_quotes (ts_ms INTEGER, strike REAL);"
              "CREATE TABLE cycles (started_ms INTEGER PRIMARY KEY, status TEXT);"
              "INSERT INTO option_quotes VALUES (1000, 100), (1000, 200), (2000, 100);"
              "INSERT INTO cycles VALUES (1000, 'ok'), (1764130500000, 'ok');"
              "PRAGMA user_version = 4;");
  return db;
}

std::string file_text(const fs::path& file) {
  std::ifstream in{file, std::ios::binary};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The error's message, for a failed check's output (empty on success).
std::string why(const expected<backup_figures, backup_error>& result) {
  return result ? std::string{} : result.error().message;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_copy_holds_the_rows_and_reports_them) {
  temp_dir dir;
  auto source = sample_database(dir);
  auto target = dir.path() / "backup.sqlite";
  auto done = backup_database(source, target, {});
  BOOST_TEST_REQUIRE(done.has_value(), why(done));
  BOOST_TEST(done->file == target);
  BOOST_TEST(done->schema_version == 4);
  BOOST_TEST(done->option_rows == 3);
  BOOST_TEST_REQUIRE(done->newest_cycle.has_value());
  BOOST_TEST(*done->newest_cycle == 1764130500000);
  BOOST_TEST(done->pages >= 3);
  BOOST_TEST(done->bytes == fs::file_size(target));
  BOOST_TEST(!fs::exists(partial_path_of(target)));
  // A single file: no WAL beside it to go with it.
  BOOST_TEST(file_text(target).substr(18, 2) == std::string("\x01\x01", 2));
  BOOST_TEST(describe(*done)
             == "backup " + target.string() + ": " + std::to_string(done->bytes) + " bytes, "
                  + std::to_string(done->pages) + " pages, " + fmt::format("{:.2f}", done->seconds)
                  + " s, schema 4, 3 option_quotes rows, newest cycle 2025-11-26T09:45:00.000+05:30, "
                    "integrity ok");
}

BOOST_AUTO_TEST_CASE(an_empty_database_copies_with_no_rows) {
  temp_dir dir;
  auto source = dir.path() / "empty.sqlite";
  run_sql(source, "PRAGMA user_version = 0;");
  auto done = backup_database(source, dir.path() / "copy.sqlite", {});
  BOOST_TEST_REQUIRE(done.has_value(), why(done));
  BOOST_TEST(done->schema_version == 0);
  BOOST_TEST(done->option_rows == 0);
  BOOST_TEST(!done->newest_cycle.has_value());
}

BOOST_AUTO_TEST_CASE(an_existing_target_is_replaced_only_when_asked) {
  temp_dir dir;
  auto source = sample_database(dir);
  auto target = dir.path() / "backup.sqlite";
  std::ofstream{target} << "older";
  auto refused = backup_database(source, target, {});
  BOOST_TEST_REQUIRE(!refused.has_value());
  BOOST_TEST(to_string(refused.error().code) == "target_exists");
  BOOST_TEST(refused.error().message == target.string() + " exists: refusing to replace it");
  BOOST_TEST(file_text(target) == "older");

  backup_options overwrite;
  overwrite.overwrite = true;
  auto done = backup_database(source, target, overwrite);
  BOOST_TEST_REQUIRE(done.has_value(), why(done));
  BOOST_TEST(done->option_rows == 3);
}

BOOST_AUTO_TEST_CASE(a_directory_a_fifo_or_a_symlink_to_a_directory_is_never_a_target) {
  temp_dir dir;
  auto source = sample_database(dir);
  backup_options overwrite;
  overwrite.overwrite = true;
  auto folder = dir.path() / "folder";
  fs::create_directory(folder);
  auto fifo = dir.path() / "fifo";
  BOOST_TEST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto link = dir.path() / "link";
  fs::create_directory_symlink(folder, link);
  for (auto& [target, says] :
       {std::pair{folder, folder.string() + " is a directory, not a regular file"},
        std::pair{fifo, fifo.string() + " is a FIFO, not a regular file"},
        std::pair{link, link.string() + " is a symlink to a directory, not to a regular file"}}) {
    auto refused = backup_database(source, target, overwrite);
    BOOST_TEST_REQUIRE(!refused.has_value());
    BOOST_TEST(to_string(refused.error().code) == "target_unusable");
    BOOST_TEST(refused.error().message == says);
  }
  auto itself = backup_database(source, source, overwrite);
  BOOST_TEST_REQUIRE(!itself.has_value());
  BOOST_TEST(contains(itself.error().message, "is the database itself"), itself.error().message);
  auto nowhere = backup_database(source, dir.path() / "missing" / "b.sqlite", {});
  BOOST_TEST_REQUIRE(!nowhere.has_value());
  BOOST_TEST(
    contains(nowhere.error().message, "the directory " + (dir.path() / "missing").string() + " does not exist"),
    nowhere.error().message);
}

BOOST_AUTO_TEST_CASE(a_missing_source_is_named) {
  temp_dir dir;
  auto refused = backup_database(dir.path() / "none.sqlite", dir.path() / "b.sqlite", {});
  BOOST_TEST_REQUIRE(!refused.has_value());
  BOOST_TEST(to_string(refused.error().code) == "no_source");
  BOOST_TEST(refused.error().message == "no database at " + (dir.path() / "none.sqlite").string());
  BOOST_TEST(!fs::exists(dir.path() / "b.sqlite.partial"));
}

BOOST_AUTO_TEST_CASE(a_partial_left_by_a_crash_is_replaced) {
  temp_dir dir;
  auto source = sample_database(dir);
  auto target = dir.path() / "backup.sqlite";
  std::ofstream{partial_path_of(target)} << "half a backup";
  auto done = backup_database(source, target, {});
  BOOST_TEST_REQUIRE(done.has_value(), why(done));
  BOOST_TEST(done->option_rows == 3);
  BOOST_TEST(!fs::exists(partial_path_of(target)));
}

BOOST_AUTO_TEST_CASE(a_damaged_source_leaves_the_old_backup_in_place) {
  temp_dir dir;
  auto source = dir.path() / "g6.sqlite";
  // Enough rows for a b-tree of several pages, so that a zeroed interior page breaks it.
  run_sql(source, "CREATE TABLE option_quotes (ts_ms INTEGER, note TEXT);"
                  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                  "INSERT INTO option_quotes SELECT i, printf('%0100d', i) FROM n;"
                  "CREATE TABLE cycles (started_ms INTEGER PRIMARY KEY);"
                  "PRAGMA user_version = 4;");
  // Page 2 is option_quotes' root: an interior page once the table outgrows one page.
  {
    std::fstream out{source, std::ios::binary | std::ios::in | std::ios::out};
    out.seekp(4096);
    std::string zeros(4096, '\0');
    out.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
  }
  auto target = dir.path() / "backup.sqlite";
  std::ofstream{target} << "older";
  backup_options overwrite;
  overwrite.overwrite = true;
  auto refused = backup_database(source, target, overwrite);
  BOOST_TEST_REQUIRE(!refused.has_value());
  BOOST_TEST(to_string(refused.error().code) == "damaged_copy", refused.error().message);
  BOOST_TEST(refused.error().message.starts_with(source.string() + " is damaged, its copy failed the check ("),
             refused.error().message);
  BOOST_TEST(contains(refused.error().message, target.string() + " is left as it was"), refused.error().message);
  BOOST_TEST(file_text(target) == "older");
  BOOST_TEST(!fs::exists(partial_path_of(target)));
}
