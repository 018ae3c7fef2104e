// End to end: the real g6 binary on the synthetic market with a simulated clock, in a temp directory.
#define BOOST_TEST_MODULE g6_run
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "config/ist_time.hpp"
#include "tests/integration/g6_process.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;

namespace {

const std::string sim_clock = "sim:2026-11-26T09:15:00+05:30@600x";

std::filesystem::path database(const temp_dir& dir) {
  return dir.path() / "data" / "g6.sqlite";
}

std::vector<std::string> run_args(const temp_dir& dir, std::vector<std::string> extra) {
  std::vector<std::string> args{"run", "--provider", "synthetic", "--clock", sim_clock,
                                "--data-dir", (dir.path() / "data").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::filesystem::path write_config(const temp_dir& dir, const std::string& json) {
  auto file = dir.path() / "g6.json";
  std::ofstream{file} << json;
  return file;
}

/// A committed batch as the collector's log line reports it.
struct committed_batch {
  std::string index;
  g6::epoch_ms ts = 0;
  long long rows = 0;
};

std::vector<committed_batch> committed_batches(const std::string& log) {
  // Only complete lines count: the log may be read while g6 is writing it.
  static const std::regex line{R"((\w+) +cycle \d+ .* committed (\d+) rows @(\S+)\n)"};
  std::vector<committed_batch> result;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), line); it != std::sregex_iterator(); ++it) {
    auto ts = g6::parse_iso8601((*it)[3].str());
    BOOST_REQUIRE_MESSAGE(ts, "unparsable instant in log: " << (*it)[3].str());
    result.push_back({(*it)[1].str(), *ts, std::stoll((*it)[2].str())});
  }
  return result;
}

} // namespace

BOOST_AUTO_TEST_CASE(once_stores_one_cycle_for_every_default_index) {
  temp_dir dir;
  auto r = run_g6(run_args(dir, {"--once"}), dir.path(), 2min);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  auto db = database(dir);
  auto indices = query(db, "SELECT index_name, count(DISTINCT ts_ms) FROM overview GROUP BY 1 ORDER BY 1");
  std::vector<std::vector<std::string>> expected{
    {"BANKNIFTY", "1"}, {"FINNIFTY", "1"}, {"MIDCPNIFTY", "1"}, {"NIFTY", "1"}, {"SENSEX", "1"}};
  BOOST_TEST(indices == expected);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles") == 1);
  BOOST_TEST(query(db, "SELECT status FROM cycles")[0][0] == "ok");
  // Every configured bucket found an expiry and was collected in full.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE collected_mask != expected_mask "
                           "OR options_collected != options_expected OR options_expected = 0") == 0);
  BOOST_TEST(query_int(db, "SELECT expected_mask FROM overview WHERE index_name = 'NIFTY'") == 15);
  BOOST_TEST(query_int(db, "SELECT expected_mask FROM overview WHERE index_name = 'BANKNIFTY'") == 12);
  BOOST_TEST(query_int(db, "SELECT expected_mask FROM overview WHERE index_name = 'SENSEX'") == 7);
}

BOOST_AUTO_TEST_CASE(thirty_cycles_store_every_index_bucket_and_strike) {
  temp_dir dir;
  auto r = run_g6(run_args(dir, {"--cycles", "30"}), dir.path(), 5min);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  auto db = database(dir);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles WHERE status = 'ok'") == 30);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview") == 30 * 5);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM batches") == 30 * 5);
  // Each batch holds exactly the rows its overview says were collected.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview o WHERE options_collected != "
                           "(SELECT count(*) FROM option_quotes q WHERE q.ts_ms = o.ts_ms "
                           "AND q.index_name = o.index_name)") == 0);
  // ATM ± 10 strikes: 21 strikes per expiry, a call and a put on each.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM (SELECT ts_ms, index_name, expiry, count(DISTINCT strike) s, "
                           "sum(option_type = 'CE') c, sum(option_type = 'PE') p FROM option_quotes "
                           "GROUP BY 1, 2, 3) WHERE s != 21 OR c != 21 OR p != 21") == 0);
  // NIFTY has four distinct expiries (this_week, next_week, this_month, next_month) every cycle.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM (SELECT ts_ms, count(DISTINCT expiry) e FROM option_quotes "
                           "WHERE index_name = 'NIFTY' GROUP BY 1) WHERE e != 4") == 0);
  auto sane = query_int(db, "SELECT count(*) FROM option_quotes WHERE (flags & 1) = 0");
  auto with_iv = query_int(db, "SELECT count(*) FROM option_quotes WHERE (flags & 1) = 0 AND iv IS NOT NULL");
  BOOST_TEST_MESSAGE("IV solved on " << with_iv << " of " << sane << " sane quotes");
  BOOST_TEST(with_iv >= sane * 99 / 100);
  BOOST_TEST(sane > 30 * 5 * 42);
}

BOOST_AUTO_TEST_CASE(a_collector_that_throws_is_restarted_and_the_next_cycle_is_stored) {
  temp_dir dir;
  auto config = write_config(dir, R"({
    "index_params": {
      "NIFTY": {"enable": true, "expiries": ["this_week", "next_week"], "strikes_itm": 3, "strikes_otm": 3},
      "BANKNIFTY": {"enable": true, "expiries": ["this_month"], "strikes_itm": 3, "strikes_otm": 3}
    },
    "faults": {"collector_crashes": [{"index": "NIFTY", "cycle": 3}]}
  })");
  auto r = run_g6(run_args(dir, {"--config", config.string(), "--cycles", "5"}), dir.path(), 2min);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  auto db = database(dir);
  auto nifty = query(db, "SELECT count(*) FROM overview WHERE index_name = 'NIFTY'");
  BOOST_TEST(nifty[0][0] == "4"); // cycles 1, 2, 4, 5
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE index_name = 'BANKNIFTY'") == 5);
  auto cycles = query(db, "SELECT cycle_id, status FROM cycles ORDER BY started_ms");
  BOOST_TEST_REQUIRE(cycles.size() == 5u);
  BOOST_TEST(cycles[2][1] == "partial");
  BOOST_TEST(cycles[3][1] == "ok");
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE component = 'collector.NIFTY' "
                           "AND kind = 'fault_injected'") == 1);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE component = 'supervisor.collectors' "
                           "AND kind = 'restart' AND detail LIKE '%collector.NIFTY%injected fault%'") == 1);
  auto failed = query(db, "SELECT value ->> 'error' FROM cycles, json_each(cycles.indices) "
                          "WHERE cycle_id = 3 AND value ->> 'index' = 'NIFTY'");
  BOOST_TEST_REQUIRE(failed.size() == 1u);
  BOOST_TEST(failed[0][0].find("injected fault: collector NIFTY crashes on cycle 3") != std::string::npos,
             failed[0][0]);
}

BOOST_AUTO_TEST_CASE(kill_9_loses_nothing_that_was_reported_committed) {
  temp_dir dir;
  g6_process p{run_args(dir, {"--log-level", "info"}), dir.path() / "g6.log"};
  bool enough = p.wait_for_log([](const std::string& log) { return committed_batches(log).size() >= 23; }, 2min);
  BOOST_TEST_REQUIRE(enough, p.log());
  p.signal(SIGKILL);
  BOOST_TEST_REQUIRE(p.wait(10s).has_value());
  auto committed = committed_batches(p.log());
  auto db = database(dir);
  BOOST_TEST(query(db, "PRAGMA integrity_check")[0][0] == "ok");
  for (auto& b : committed) {
    auto stored = query_int(db, "SELECT count(*) FROM option_quotes WHERE ts_ms = " + std::to_string(b.ts)
                                  + " AND index_name = '" + b.index + "'");
    BOOST_TEST(stored == b.rows, b.index << " @" << b.ts << ": " << stored << " of " << b.rows << " rows");
  }
  // No torn batch: every batch present is present in full.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM batches b WHERE option_rows != (SELECT count(*) FROM "
                           "option_quotes q WHERE q.ts_ms = b.ts_ms AND q.index_name = b.index_name)") == 0);
}

BOOST_AUTO_TEST_CASE(sigint_finishes_the_cycle_in_flight_and_exits_0_within_5_seconds) {
  temp_dir dir;
  g6_process p{run_args(dir, {}), dir.path() / "g6.log"};
  bool started = p.wait_for_log([](const std::string& log) { return committed_batches(log).size() >= 10; }, 2min);
  BOOST_TEST_REQUIRE(started, p.log());
  p.signal(SIGINT);
  auto code = p.wait(5s);
  BOOST_TEST_REQUIRE(code.has_value(), "still running 5 s after SIGINT:\n" << p.log());
  BOOST_TEST(*code == 0, p.log());
  auto db = database(dir);
  // The last cycle started was completed: its record exists and every index in it was stored.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles WHERE status != 'ok'") == 0);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview") == 5 * query_int(db, "SELECT count(*) FROM cycles"));
  BOOST_TEST(p.log().find("g6 stopped") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_bad_config_file_is_refused_with_every_problem_named) {
  temp_dir dir;
  auto config = write_config(dir, R"({"index_params": {"NIFTY": {"enable": true, "expiries": ["next_weak"],
    "strikes_itm": -3, "strikes_otm": 3}}, "colection": {}})");
  auto r = run_g6({"config", "validate", config.string()}, dir.path(), 30s);
  BOOST_TEST(r.exit_code == 1, r.output);
  BOOST_TEST(r.output.find("/index_params/NIFTY/expiries/0") != std::string::npos, r.output);
  BOOST_TEST(r.output.find("/index_params/NIFTY/strikes_itm") != std::string::npos, r.output);
  BOOST_TEST(r.output.find("/colection") != std::string::npos, r.output);
  auto run = run_g6(run_args(dir, {"--config", config.string(), "--once"}), dir.path(), 30s);
  BOOST_TEST(run.exit_code == 2, run.output);
  BOOST_TEST(!std::filesystem::exists(database(dir)));
}

BOOST_AUTO_TEST_CASE(calendar_lists_expiries_as_json) {
  temp_dir dir;
  auto r = run_g6({"calendar", "expiries", "--index", "NIFTY", "--from", "2026-11-20", "--count", "3", "--json"},
                  dir.path(), 30s);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  // 24 Nov 2026 (the monthly, a holiday) moves to Monday 23 Nov.
  bool listed = r.output.find(R"("date":"2026-11-23")") != std::string::npos
                || r.output.find(R"("date": "2026-11-23")") != std::string::npos;
  BOOST_TEST(listed, r.output);
}

BOOST_AUTO_TEST_CASE(garbage_quotes_are_dropped_and_counted_never_stored) {
  temp_dir dir;
  auto config = write_config(dir, R"({
    "index_params": {"NIFTY": {"enable": true, "expiries": ["this_week"], "strikes_itm": 5, "strikes_otm": 5}},
    "faults": {"garbage_rate": 0.2}
  })");
  auto r = run_g6(run_args(dir, {"--config", config.string(), "--cycles", "5"}), dir.path(), 2min);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  auto db = database(dir);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM option_quotes WHERE last_price IS NULL OR last_price < 0 "
                           "OR bid < 0 OR ask < 0 OR (bid > ask AND ask > 0) "
                           "OR (last_price = 0 AND bid = 0 AND ask = 0)") == 0);
  auto dropped = query_int(db, "SELECT sum(value ->> 'dropped') FROM cycles, json_each(cycles.indices)");
  auto collected = query_int(db, "SELECT sum(options_collected) FROM overview");
  BOOST_TEST(dropped > 0);
  BOOST_TEST(dropped + collected == 5 * 22);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles WHERE status = 'partial'") > 0);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'fault_injected'") > 0);
}

BOOST_AUTO_TEST_CASE(once_exits_non_zero_naming_the_indices_not_stored) {
  temp_dir dir;
  auto config = write_config(dir, R"({
    "index_params": {"NIFTY": {"enable": true, "expiries": ["this_week"], "strikes_itm": 2, "strikes_otm": 2}},
    "faults": {"error_rate": 1.0}
  })");
  auto r = run_g6(run_args(dir, {"--config", config.string(), "--once"}), dir.path(), 2min);
  BOOST_TEST(r.exit_code == 1, r.output);
  BOOST_TEST(r.output.find("not stored: NIFTY") != std::string::npos, r.output);
  BOOST_TEST(query(database(dir), "SELECT status FROM cycles")[0][0] == "failed");
}

BOOST_AUTO_TEST_CASE(storage_that_cannot_open_stops_the_daemon_with_the_reason) {
  temp_dir dir;
  std::ofstream{dir.path() / "not-a-directory"} << "x";
  auto r = run_g6({"run", "--clock", sim_clock, "--once", "--data-dir", (dir.path() / "not-a-directory" / "data").string()},
                  dir.path(), 2min);
  BOOST_TEST(r.exit_code == 3, r.output);
  BOOST_TEST(r.output.find("the actor tree gave up") != std::string::npos, r.output);
  BOOST_TEST(r.output.find("not-a-directory") != std::string::npos, r.output);
}
