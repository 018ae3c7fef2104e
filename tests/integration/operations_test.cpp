// End to end: `g6 backup` while `g6 run` keeps writing (the copy passes integrity_check and holds every
// cycle committed before the backup started), its refusals, and `g6 doctor` on a good installation and
// on broken ones (the data dir a regular file, a damaged database, a port taken, a bad config).
#define BOOST_TEST_MODULE g6_operations
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "tests/integration/g6_process.hpp"
#include "tests/support/refusing_port.hpp"

namespace fs = std::filesystem;
using namespace g6::testing;
using namespace std::chrono_literals;

namespace {

const std::string sim_clock = "sim:2026-11-26T09:15:00+05:30@600x";
/// Runs never take the fixed default ports another test (or a running g6) may hold.
const std::vector<std::string> any_ports{"G6_SSE_PORT=0", "G6_METRICS_PORT=0"};

std::vector<std::string> run_args(const fs::path& data, std::vector<std::string> extra) {
  std::vector<std::string> args{"run",     "--provider",   "synthetic",  "--clock",
                                sim_clock, "--force-open", "--data-dir", data.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string file_text(const fs::path& file) {
  std::ifstream in{file, std::ios::binary};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A database of a few cycles of every index, written by g6 and closed cleanly (no -wal left).
fs::path short_run(const temp_dir& dir) {
  auto data = dir.path() / "data";
  auto r = run_g6(run_args(data, {"--cycles", "3"}), dir.path(), 2min, any_ports);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  return data / "g6.sqlite";
}

/// Zeroes the root page of `table`, as a stray write or a bad block would.
void zero_root_page(const fs::path& db, const std::string& table) {
  BOOST_TEST_REQUIRE(!fs::exists(db.string() + "-wal"), "the WAL was not checkpointed");
  auto page_size = query_int(db, "PRAGMA page_size");
  auto root = query_int(db, "SELECT rootpage FROM sqlite_master WHERE name = '" + table + "'");
  BOOST_TEST_REQUIRE(root > 1);
  std::fstream out{db, std::ios::binary | std::ios::in | std::ios::out};
  out.seekp(static_cast<std::streamoff>((root - 1) * page_size));
  std::string zeros(static_cast<size_t>(page_size), '\0');
  out.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
  BOOST_TEST_REQUIRE(out.good());
}

/// A config for the doctor: the data dir in the temp dir, the ports as given.
fs::path write_config(const temp_dir& dir, const fs::path& data, int sse_port = 0, int metrics_port = 0) {
  nlohmann::json config{
    {"index_params",
     {{"NIFTY", {{"enable", true}, {"expiries", {"this_week"}}, {"strikes_itm", 2}, {"strikes_otm", 2}}}}},
    {"storage", {{"data_dir", data.string()}}},
    {"sse", {{"bind_address", "127.0.0.1"}, {"port", sse_port}}},
    {"metrics", {{"bind_address", "127.0.0.1"}, {"port", metrics_port}}}};
  auto file = dir.path() / "g6.json";
  std::ofstream{file} << config.dump(2);
  return file;
}

struct doctor_answer {
  int exit_code = -1;
  nlohmann::json report;
  std::string output;
  /// The status of the check `name`, or "absent".
  std::string status(const std::string& name) const {
    for (auto& c : report["checks"])
      if (c["name"] == name)
        return c["status"];
    return "absent";
  }
  std::string detail(const std::string& name) const {
    for (auto& c : report["checks"])
      if (c["name"] == name)
        return c["detail"];
    return {};
  }
};

doctor_answer doctor(const temp_dir& dir, const fs::path& config) {
  auto r = run_g6({"doctor", "--config", config.string(), "--json"}, dir.path(), 1min);
  doctor_answer answer{r.exit_code, nlohmann::json::parse(r.output, nullptr, false), r.output};
  BOOST_TEST_REQUIRE(answer.report.is_object(), r.output);
  return answer;
}

} // namespace

BOOST_AUTO_TEST_CASE(backup_while_running_holds_every_cycle_committed_before_it) {
  temp_dir dir;
  auto data = dir.path() / "data";
  auto live = data / "g6.sqlite";
  auto copy = dir.path() / "copy.sqlite";
  g6_process run{run_args(data, {}), dir.path() / "run.log", any_ports};
  // Three cycles in the cycles table (a cycle's row is written after its five batches are committed).
  BOOST_TEST_REQUIRE(wait_until_stored(live, "SELECT count(*) FROM cycles", 3, 2min), run.log());
  // One statement, one snapshot: the daemon commits the next cycle meanwhile.
  auto snapshot = query(live, "SELECT max(started_ms), count(*) FROM cycles");
  auto newest = std::stoll(snapshot.at(0).at(0));
  auto cycles_before = std::stoll(snapshot.at(0).at(1));
  const std::string per_batch = "SELECT b.ts_ms, b.index_name, b.option_rows, (SELECT count(*) FROM option_quotes q "
                                "WHERE q.ts_ms = b.ts_ms AND q.index_name = b.index_name) FROM batches b "
                                "WHERE b.ts_ms <= "
                                + std::to_string(newest) + " ORDER BY 1, 2";
  auto batches_before = query(live, per_batch);
  BOOST_TEST_REQUIRE(batches_before.size() >= 15u);

  auto r = run_g6({"backup", "--to", copy.string(), "--data-dir", data.string()}, dir.path(), 2min);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  BOOST_TEST(contains(r.output, "backup " + copy.string() + ": "), r.output);
  BOOST_TEST(contains(r.output, ", schema 4, "), r.output);
  BOOST_TEST(contains(r.output, "integrity ok"), r.output);
  // The daemon kept running through the backup, and commits on after it.
  BOOST_TEST_REQUIRE(!run.wait(0ms).has_value(), run.log());
  auto commits_at_backup = stored_count(live, batches_of());
  BOOST_TEST(wait_until_stored(live, batches_of(), commits_at_backup + 1, 2min), run.log());

  BOOST_TEST(query(copy, "PRAGMA integrity_check") == (std::vector<std::vector<std::string>>{{"ok"}}));
  BOOST_TEST(query(copy, "PRAGMA journal_mode")[0][0] == "delete");
  BOOST_TEST(!fs::exists(copy.string() + ".partial"));
  BOOST_TEST(query_int(copy, "PRAGMA user_version") == 4);
  // Every cycle committed before the backup started, with every row; rows of a cycle never change.
  BOOST_TEST(query_int(copy, "SELECT count(*) FROM cycles WHERE started_ms <= " + std::to_string(newest))
             == cycles_before);
  BOOST_TEST(query(copy, per_batch) == batches_before);
  for (auto& batch : batches_before)
    BOOST_TEST(batch[2] == batch[3], "batch " << batch[0] << " " << batch[1]);
  // The summary's row count is the copy's.
  BOOST_TEST(
    contains(r.output, std::to_string(query_int(copy, "SELECT count(*) FROM option_quotes")) + " option_quotes rows"),
    r.output);

  run.signal(SIGINT);
  auto stopped = run.wait(1min);
  BOOST_TEST_REQUIRE(stopped.has_value(), run.log());
  BOOST_TEST(*stopped == 0, run.log());
}

BOOST_AUTO_TEST_CASE(backup_refuses_an_existing_file_a_directory_and_a_missing_database) {
  temp_dir dir;
  auto db = short_run(dir);
  auto data = db.parent_path();
  auto target = dir.path() / "kept.sqlite";
  std::ofstream{target} << "an older backup";

  auto r = run_g6({"backup", "--to", target.string(), "--data-dir", data.string()}, dir.path(), 1min);
  BOOST_TEST(r.exit_code == 1, r.output);
  BOOST_TEST(contains(r.output, target.string() + " exists"), r.output);
  BOOST_TEST(contains(r.output, "--force"), r.output);
  BOOST_TEST(file_text(target) == "an older backup");

  r = run_g6({"backup", "--to", target.string(), "--data-dir", data.string(), "--force"}, dir.path(), 1min);
  BOOST_TEST(r.exit_code == 0, r.output);
  BOOST_TEST(query_int(target, "SELECT count(*) FROM batches") == query_int(db, "SELECT count(*) FROM batches"));

  r = run_g6({"backup", "--to", dir.path().string(), "--data-dir", data.string(), "--force"}, dir.path(), 1min);
  BOOST_TEST(r.exit_code == 1, r.output);
  BOOST_TEST(contains(r.output, dir.path().string() + " is a directory, not a regular file"), r.output);

  auto nowhere = dir.path() / "no-data";
  r = run_g6({"backup", "--to", (dir.path() / "other.sqlite").string(), "--data-dir", nowhere.string()}, dir.path(),
             1min);
  BOOST_TEST(r.exit_code == 1, r.output);
  BOOST_TEST(contains(r.output, "no database at " + (nowhere / "g6.sqlite").string()), r.output);
  BOOST_TEST(!fs::exists(dir.path() / "other.sqlite"));

  r = run_g6({"backup", "--data-dir", data.string()}, dir.path(), 1min);
  BOOST_TEST(r.exit_code == 2, r.output);
  BOOST_TEST(contains(r.output, "--to"), r.output);
}

BOOST_AUTO_TEST_CASE(doctor_passes_a_good_installation) {
  temp_dir dir;
  auto db = short_run(dir);
  auto answer = doctor(dir, write_config(dir, db.parent_path()));
  BOOST_TEST(answer.exit_code == 0, answer.output);
  BOOST_TEST(answer.report["ok"] == true);
  std::vector<std::string> names;
  for (auto& c : answer.report["checks"]) {
    names.push_back(c["name"]);
    BOOST_TEST(c["status"] != "fail", c.dump());
  }
  std::vector<std::string> expected{"config", "data_dir", "disk_space", "kite_token", "ports", "database", "clock"};
  BOOST_TEST(names == expected, answer.output);
  BOOST_TEST(answer.status("kite_token") == "ok");
  BOOST_TEST(contains(answer.detail("kite_token"), "not used"));
  BOOST_TEST(contains(answer.detail("database"), "quick_check ok, schema version 4"), answer.output);

  // Text output: one line per check and the count.
  auto text = run_g6({"doctor", "--config", (dir.path() / "g6.json").string()}, dir.path(), 1min);
  BOOST_TEST(text.exit_code == 0, text.output);
  BOOST_TEST(contains(text.output, "doctor: 0 failed, "), text.output);
}

BOOST_AUTO_TEST_CASE(doctor_fails_a_data_dir_that_is_a_regular_file) {
  temp_dir dir;
  auto data = dir.path() / "data";
  std::ofstream{data} << "not a directory";
  auto answer = doctor(dir, write_config(dir, data));
  BOOST_TEST(answer.exit_code == 1, answer.output);
  BOOST_TEST(answer.report["ok"] == false);
  BOOST_TEST(answer.status("data_dir") == "fail");
  BOOST_TEST(contains(answer.detail("data_dir"), data.string() + " is a regular file, not a directory"), answer.output);
  BOOST_TEST(answer.status("config") == "ok");
}

BOOST_AUTO_TEST_CASE(doctor_fails_a_damaged_database) {
  temp_dir dir;
  auto db = short_run(dir);
  zero_root_page(db, "option_quotes");
  auto answer = doctor(dir, write_config(dir, db.parent_path()));
  BOOST_TEST(answer.exit_code == 1, answer.output);
  BOOST_TEST(answer.status("database") == "fail", answer.output);
  BOOST_TEST(contains(answer.detail("database"), db.string()), answer.output);
  BOOST_TEST(answer.status("data_dir") == "ok");

  // A backup of it fails too, and leaves nothing behind.
  auto copy = dir.path() / "copy.sqlite";
  auto r = run_g6({"backup", "--to", copy.string(), "--data-dir", db.parent_path().string()}, dir.path(), 1min);
  BOOST_TEST(r.exit_code == 1, r.output);
  BOOST_TEST(contains(r.output, "damaged"), r.output);
  BOOST_TEST(!fs::exists(copy));
  BOOST_TEST(!fs::exists(copy.string() + ".partial"));
}

BOOST_AUTO_TEST_CASE(doctor_fails_ports_in_use) {
  temp_dir dir;
  refusing_port sse;
  refusing_port metrics;
  auto answer = doctor(dir, write_config(dir, dir.path() / "data", sse.port(), metrics.port()));
  BOOST_TEST(answer.exit_code == 1, answer.output);
  BOOST_TEST(answer.status("ports") == "fail");
  BOOST_TEST(contains(answer.detail("ports"), "127.0.0.1:" + std::to_string(sse.port()) + " is in use"), answer.output);
  BOOST_TEST(contains(answer.detail("ports"), "127.0.0.1:" + std::to_string(metrics.port()) + " is in use"),
             answer.output);
  // No database yet: that is fine.
  BOOST_TEST(answer.status("database") == "ok");
}

BOOST_AUTO_TEST_CASE(doctor_fails_a_bad_config_and_refuses_bad_options) {
  temp_dir dir;
  auto config = dir.path() / "g6.json";
  std::ofstream{config} << R"({"storage": {"busy_timeout_ms": "soon"}})";
  auto answer = doctor(dir, config);
  BOOST_TEST(answer.exit_code == 1, answer.output);
  BOOST_TEST(answer.status("config") == "fail");
  BOOST_TEST(contains(answer.detail("config"), "/storage/busy_timeout_ms"), answer.output);
  BOOST_TEST(answer.status("clock") != "absent");

  auto r = run_g6({"doctor", "--no-such-option"}, dir.path(), 1min);
  BOOST_TEST(r.exit_code == 2, r.output);
  r = run_g6({"doctor", "--config", ""}, dir.path(), 1min);
  BOOST_TEST(r.exit_code == 2, r.output);
}
