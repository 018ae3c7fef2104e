// The checks of `g6 doctor` (tools/doctor_checks.hpp): the verdicts on free space and the clock at their
// thresholds, and the probes on real files, sockets and SQLite databases in a temp dir.
#define BOOST_TEST_MODULE doctor_checks
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "actors/provider/kite/kite_credentials.hpp"
#include "config/ist_time.hpp"
#include "tests/support/refusing_port.hpp"
#include "tests/support/temp_dir.hpp"
#include "tools/doctor_checks.hpp"

namespace g6 {
/// Boost.Test prints a status by its name.
inline std::ostream& boost_test_print_type(std::ostream& out, check_status status) {
  return out << to_string(status);
}
} // namespace g6

namespace fs = std::filesystem;
using namespace g6;
using g6::testing::refusing_port;
using g6::testing::temp_dir;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

environment no_environment() {
  return [](std::string_view) { return std::optional<std::string>{}; };
}

void run_sql(const fs::path& db, const std::string& sql) {
  sqlite3* raw = nullptr;
  BOOST_TEST_REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  auto rc = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(raw);
  BOOST_TEST_REQUIRE(rc == SQLITE_OK);
}

const epoch_ms thursday_10am = ist_instant(make_date(2026, 11, 26), 10, 0);

} // namespace

BOOST_AUTO_TEST_CASE(status_names) {
  BOOST_TEST(to_string(check_status::ok) == "ok");
  BOOST_TEST(to_string(check_status::warn) == "warn");
  BOOST_TEST(to_string(check_status::fail) == "fail");
}

BOOST_AUTO_TEST_CASE(free_space_warns_below_a_gibibyte_and_fails_below_100_mebibytes) {
  fs::path dir{"/var/lib/g6"};
  BOOST_TEST(judge_free_space(dir, disk_warn_below).status == check_status::ok);
  BOOST_TEST(judge_free_space(dir, disk_warn_below - 1).status == check_status::warn);
  BOOST_TEST(judge_free_space(dir, disk_fail_below).status == check_status::warn);
  auto low = judge_free_space(dir, disk_fail_below - 1);
  BOOST_TEST(low.status == check_status::fail);
  BOOST_TEST(low.detail == "100.0 MiB free on the filesystem of /var/lib/g6 (below 100.0 MiB)");
  BOOST_TEST(contains(low.fix, "g6 retention prune"));
  BOOST_TEST(judge_free_space(dir, uint64_t{5} << 30).detail == "5.0 GiB free on the filesystem of /var/lib/g6");
  BOOST_TEST(judge_free_space(dir, uint64_t{5} << 30).fix.empty());
}

BOOST_AUTO_TEST_CASE(the_clock_must_be_synchronised_and_not_before_the_build) {
  auto good = judge_clock(true, thursday_10am, 2026);
  BOOST_TEST(good.status == check_status::ok);
  BOOST_TEST(good.detail == "2026-11-26T10:00:00.000+05:30; synchronised");
  auto unsynchronised = judge_clock(false, thursday_10am, 2026);
  BOOST_TEST(unsynchronised.status == check_status::warn);
  BOOST_TEST(contains(unsynchronised.detail, "STA_UNSYNC"));
  BOOST_TEST(contains(unsynchronised.fix, "enable systemd-timesyncd or chrony"));
  BOOST_TEST(judge_clock(std::nullopt, thursday_10am, 2026).status == check_status::warn);
  auto early = judge_clock(true, thursday_10am, 2027);
  BOOST_TEST(early.status == check_status::fail);
  BOOST_TEST(contains(early.detail, "before this g6 was built (2027)"), early.detail);
  // Midnight UTC of January 1st of the build year is already plausible.
  BOOST_TEST(judge_clock(true, 1798761600000, 2027).status == check_status::ok);
  BOOST_TEST(judge_clock(true, 1798761600000 - 1, 2027).status == check_status::fail);
}

BOOST_AUTO_TEST_CASE(data_dir_writable_missing_or_a_file) {
  temp_dir dir;
  auto good = check_data_dir(dir.path());
  BOOST_TEST(good.status == check_status::ok);
  BOOST_TEST(good.detail == dir.path().string() + ": a writable directory");
  BOOST_TEST(fs::is_empty(dir.path())); // the probe is gone

  auto later = check_data_dir(dir.path() / "a" / "b");
  BOOST_TEST(later.status == check_status::ok);
  BOOST_TEST(later.detail
             == (dir.path() / "a" / "b").string() + " does not exist yet: g6 creates it (in " + dir.path().string()
                  + ")");

  auto file = dir.path() / "file";
  std::ofstream{file} << "x";
  auto not_dir = check_data_dir(file);
  BOOST_TEST(not_dir.status == check_status::fail);
  BOOST_TEST(not_dir.detail == file.string() + " is a regular file, not a directory");
  BOOST_TEST(!not_dir.fix.empty());
  auto under_file = check_data_dir(file / "data");
  BOOST_TEST(under_file.status == check_status::fail);
  BOOST_TEST(under_file.detail
             == (file / "data").string() + " cannot be created: " + file.string() + " is a regular file");
}

BOOST_AUTO_TEST_CASE(disk_space_of_a_directory_not_yet_created_is_its_ancestors) {
  temp_dir dir;
  auto result = check_disk_space(dir.path() / "not" / "yet");
  BOOST_TEST(result.status != check_status::fail, result.detail);
  BOOST_TEST(contains(result.detail, "free on the filesystem of " + dir.path().string()), result.detail);
}

BOOST_AUTO_TEST_CASE(kite_token_missing_valid_expired_or_not_used) {
  temp_dir dir;
  settings cfg;
  BOOST_TEST(check_kite_token(cfg, no_environment(), thursday_10am).detail
             == "not used: no Kite app in providers.primary or providers.failover");
  cfg.providers.primary = "kite";
  cfg.providers.kite.token_file = (dir.path() / "token.json").string();
  auto missing = check_kite_token(cfg, no_environment(), thursday_10am);
  BOOST_TEST(missing.status == check_status::fail);
  BOOST_TEST(contains(missing.detail, "kite: no access token: " + cfg.providers.kite.token_file + " does not exist"),
             missing.detail);
  BOOST_TEST(contains(missing.fix, "g6 token exchange"));

  auto issued = ist_instant(make_date(2026, 11, 26), 8, 30);
  BOOST_TEST_REQUIRE(
    save_session(cfg.providers.kite.token_file, {"key", "secret-token", issued, token_expiry(issued)}).has_value());
  auto valid = check_kite_token(cfg, no_environment(), thursday_10am);
  BOOST_TEST(valid.status == check_status::ok);
  BOOST_TEST(contains(valid.detail, "valid until 2026-11-27T06:00:00.000+05:30"), valid.detail);
  BOOST_TEST(!contains(valid.detail, "secret-token"));

  auto next_morning = ist_instant(make_date(2026, 11, 27), 6, 0);
  auto expired = check_kite_token(cfg, no_environment(), next_morning);
  BOOST_TEST(expired.status == check_status::fail);
  BOOST_TEST(contains(expired.detail, "expired at 2026-11-27T06:00:00.000+05:30"), expired.detail);
  BOOST_TEST(contains(expired.fix, "06:00 IST"));

  // A FIFO in the token file's place is named, never waited on.
  fs::remove(cfg.providers.kite.token_file);
  BOOST_TEST_REQUIRE(::mkfifo(cfg.providers.kite.token_file.c_str(), 0600) == 0);
  auto fifo = check_kite_token(cfg, no_environment(), thursday_10am);
  BOOST_TEST(fifo.status == check_status::fail);
  BOOST_TEST(contains(fifo.detail, cfg.providers.kite.token_file + ": not a regular file (a FIFO)"), fifo.detail);
}

BOOST_AUTO_TEST_CASE(a_bound_port_is_named_and_port_zero_is_fine) {
  refusing_port taken;
  BOOST_TEST(bind_problem("127.0.0.1", taken.port()).value_or("free")
             == "127.0.0.1:" + std::to_string(taken.port()) + " is in use");
  settings cfg;
  cfg.sse.port = 0;
  cfg.metrics.port = 0;
  BOOST_TEST(check_ports(cfg).status == check_status::ok);
  cfg.metrics.bind_address = "127.0.0.1";
  cfg.metrics.port = taken.port();
  auto busy = check_ports(cfg);
  BOOST_TEST(busy.status == check_status::fail);
  BOOST_TEST(busy.detail
             == "sse 127.0.0.1:0 (any free port); metrics: 127.0.0.1:" + std::to_string(taken.port()) + " is in use");
  BOOST_TEST(contains(busy.fix, "metrics.port (G6_METRICS_PORT)"), busy.fix);
  // The g6 running with this data directory holds its own ports.
  auto own = check_ports(cfg, 4242);
  BOOST_TEST(own.status == check_status::ok);
  BOOST_TEST(contains(own.detail, "held by the g6 running with this data directory, pid 4242"), own.detail);
  cfg.sse.enabled = false;
  BOOST_TEST(!contains(check_ports(cfg).detail, "sse"));
}

BOOST_AUTO_TEST_CASE(database_missing_newer_or_damaged) {
  temp_dir dir;
  auto db = dir.path() / "g6.sqlite";
  auto missing = check_database(db);
  BOOST_TEST(missing.status == check_status::ok);
  BOOST_TEST(missing.detail == db.string() + " does not exist yet: it will be created");

  run_sql(db, "CREATE TABLE t (x INTEGER); PRAGMA user_version = 3;");
  auto older = check_database(db);
  BOOST_TEST(older.status == check_status::ok);
  BOOST_TEST(older.detail == db.string() + ": quick_check ok, schema version 3 (g6 migrates it to 4 when it starts)");

  run_sql(db, "PRAGMA user_version = 99;");
  auto newer = check_database(db);
  BOOST_TEST(newer.status == check_status::fail);
  BOOST_TEST(newer.detail.starts_with("written by a newer g6: "), newer.detail);

  auto garbage = dir.path() / "garbage.sqlite";
  std::ofstream{garbage} << std::string(8192, 'x');
  auto not_db = check_database(garbage);
  BOOST_TEST(not_db.status == check_status::fail);
  BOOST_TEST(contains(not_db.detail, garbage.string()), not_db.detail);
  BOOST_TEST(contains(not_db.fix, "restore"), not_db.fix);

  BOOST_TEST(check_database(dir.path()).detail == dir.path().string() + " is a directory, not a database file");
}

BOOST_AUTO_TEST_CASE(json_and_text_reports) {
  std::vector<check_result> checks{{"config", check_status::ok, "built-in: valid", {}},
                                   {"clock", check_status::warn, "not synchronised", "enable chrony"}};
  auto json = nlohmann::json::parse(doctor_json(checks));
  BOOST_TEST(json["ok"] == true);
  BOOST_TEST(json["checks"].size() == 2u);
  BOOST_TEST(json["checks"][1]["name"] == "clock");
  BOOST_TEST(json["checks"][1]["status"] == "warn");
  BOOST_TEST(json["checks"][1]["detail"] == "not synchronised");
  BOOST_TEST(json["checks"][1]["fix"] == "enable chrony");
  BOOST_TEST(healthy(checks));
  checks.push_back({"ports", check_status::fail, "127.0.0.1:9108 is in use", "stop it"});
  BOOST_TEST(!healthy(checks));
  BOOST_TEST(nlohmann::json::parse(doctor_json(checks))["ok"] == false);
  BOOST_TEST(doctor_text(checks)
             == "ok    config      built-in: valid\n"
                "warn  clock       not synchronised\n"
                "                  fix: enable chrony\n"
                "fail  ports       127.0.0.1:9108 is in use\n"
                "                  fix: stop it\n"
                "doctor: 1 failed, 1 warned, 1 ok\n");
}
