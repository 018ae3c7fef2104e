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
#include "tests/support/refusing_port.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;

namespace {

const std::string sim_clock = "sim:2026-11-26T09:15:00+05:30@600x";

std::filesystem::path database(const temp_dir& dir) {
  return dir.path() / "data" / "g6.sqlite";
}

std::vector<std::string> run_args(const temp_dir& dir, std::vector<std::string> extra) {
  std::vector<std::string> args{
    "run", "--provider", "synthetic", "--clock", sim_clock, "--data-dir", (dir.path() / "data").string()};
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
                           "OR options_collected != options_expected OR options_expected = 0")
             == 0);
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
                           "AND q.index_name = o.index_name)")
             == 0);
  // ATM ± 10 strikes: 21 strikes per expiry, a call and a put on each.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM (SELECT ts_ms, index_name, expiry, count(DISTINCT strike) s, "
                           "sum(option_type = 'CE') c, sum(option_type = 'PE') p FROM option_quotes "
                           "GROUP BY 1, 2, 3) WHERE s != 21 OR c != 21 OR p != 21")
             == 0);
  // NIFTY has four distinct expiries (this_week, next_week, this_month, next_month) every cycle.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM (SELECT ts_ms, count(DISTINCT expiry) e FROM option_quotes "
                           "WHERE index_name = 'NIFTY' GROUP BY 1) WHERE e != 4")
             == 0);
  auto sane = query_int(db, "SELECT count(*) FROM option_quotes WHERE (flags & 1) = 0");
  auto with_iv = query_int(db, "SELECT count(*) FROM option_quotes WHERE (flags & 1) = 0 AND iv IS NOT NULL");
  BOOST_TEST_MESSAGE("IV solved on " << with_iv << " of " << sane << " sane quotes");
  BOOST_TEST(with_iv >= sane * 99 / 100);
  BOOST_TEST(sane > 30 * 5 * 42);

  // The volatility surface: one row per index, cycle and expiry, each fitted through its 21 strikes
  // (a quote at the tick floor may be left out) and free of arbitrage on the synthetic market's smile.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM surface")
             == query_int(db, "SELECT count(*) FROM (SELECT DISTINCT ts_ms, index_name, expiry FROM option_quotes)"));
  BOOST_TEST(query_int(db, "SELECT count(*) FROM (SELECT DISTINCT ts_ms, index_name, expiry FROM option_quotes) q "
                           "WHERE NOT EXISTS (SELECT 1 FROM surface s WHERE s.ts_ms = q.ts_ms AND "
                           "s.index_name = q.index_name AND s.expiry = q.expiry)")
             == 0);
  auto fitted = query_int(db, "SELECT count(*) FROM surface WHERE status = 'fitted'");
  BOOST_TEST_MESSAGE("surface: " << fitted << " of " << query_int(db, "SELECT count(*) FROM surface")
                                 << " expiries fitted");
  BOOST_TEST(query_int(db, "SELECT count(*) FROM surface WHERE status != 'fitted'") == 0);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM surface WHERE points_used + excluded < 19") == 0);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM surface WHERE rmse_vol_pts > 1.0 OR rmse_vol_pts IS NULL") == 0);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM surface WHERE wing_ok != 1") == 0);
  // The synthetic smile flattens beyond four deviations, which no SVI curve follows exactly: a fit may
  // show a butterfly violation in its extrapolated wings now and then, and must say so rather than hide
  // it. (Weighted by their uncertainty, the wing quotes pull the fit: on the hours-to-expiry SENSEX slice,
  // 15 quotes with a steep put skew, the fitted vertex can sit just beyond the lowest quote, ρ = −1, and
  // fail there: 5 of 360 fits.) Within the quoted range, never.
  auto butterfly_flagged = query_int(db, "SELECT count(*) FROM surface WHERE butterfly_ok != 1");
  BOOST_TEST_MESSAGE("butterfly flagged on " << butterfly_flagged << " fits");
  BOOST_TEST(butterfly_flagged * 50 <= fitted);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM surface WHERE butterfly_ok != 1 "
                           "AND butterfly_worst_k BETWEEN k_min AND k_max")
             == 0);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE atm_iv_this_week IS NOT NULL "
                           "AND fit_atm_iv_this_week IS NULL")
             == 0);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE fit_atm_iv_this_week IS NOT NULL") >= 30 * 2);
  // The fitted ATM IV agrees with the quote-interpolated one within a vol point.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE abs(fit_atm_iv_this_week - atm_iv_this_week) > 0.01")
             == 0);
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
  // A bounded run that stored all but one index-cycle says so and exits 5.
  BOOST_TEST_REQUIRE(r.exit_code == 5, r.output);
  BOOST_TEST(r.output.find("run failed (exit 5): stored 9 of 10 index-cycles in 5 cycles; not stored: NIFTY 1 of 5 "
                           "(cycle 3: ")
               != std::string::npos,
             r.output);
  auto db = database(dir);
  auto nifty = query(db, "SELECT count(*) FROM overview WHERE index_name = 'NIFTY'");
  BOOST_TEST(nifty[0][0] == "4"); // cycles 1, 2, 4, 5
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE index_name = 'BANKNIFTY'") == 5);
  auto cycles = query(db, "SELECT cycle_id, status FROM cycles ORDER BY started_ms");
  BOOST_TEST_REQUIRE(cycles.size() == 5u);
  BOOST_TEST(cycles[2][1] == "partial");
  BOOST_TEST(cycles[3][1] == "ok");
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE component = 'collector.NIFTY' "
                           "AND kind = 'fault_injected'")
             == 1);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE component = 'supervisor.collectors' "
                           "AND kind = 'restart' AND detail LIKE '%collector.NIFTY%injected fault%'")
             == 1);
  auto failed = query(db, "SELECT value ->> 'error' FROM cycles, json_each(cycles.indices) "
                          "WHERE cycle_id = 3 AND value ->> 'index' = 'NIFTY'");
  BOOST_TEST_REQUIRE(failed.size() == 1u);
  BOOST_TEST(failed[0][0].find("injected fault: collector NIFTY crashes on cycle 3") != std::string::npos,
             failed[0][0]);
}

BOOST_AUTO_TEST_CASE(kill_9_loses_nothing_that_was_reported_committed) {
  temp_dir dir;
  g6_process p{run_args(dir, {"--log-level", "info"}), dir.path() / "g6.log"};
  BOOST_TEST_REQUIRE(wait_until_stored(database(dir), batches_of(), 23, 2min), p.log());
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
                           "option_quotes q WHERE q.ts_ms = b.ts_ms AND q.index_name = b.index_name)")
             == 0);
}

BOOST_AUTO_TEST_CASE(sigint_finishes_the_cycle_in_flight_and_exits_0_within_5_seconds) {
  temp_dir dir;
  g6_process p{run_args(dir, {}), dir.path() / "g6.log"};
  BOOST_TEST_REQUIRE(wait_until_stored(database(dir), batches_of(), 10, 2min), p.log());
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
                           "OR (last_price = 0 AND bid = 0 AND ask = 0)")
             == 0);
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
  BOOST_TEST(r.output.find("stored 0 of 1 index-cycles in 1 cycle; not stored: NIFTY 1 of 1 (cycle 1: ")
               != std::string::npos,
             r.output);
  BOOST_TEST(query(database(dir), "SELECT status FROM cycles")[0][0] == "failed");
}

BOOST_AUTO_TEST_CASE(once_that_stored_only_some_indices_exits_5) {
  temp_dir dir;
  auto config = write_config(dir, R"({
    "index_params": {
      "NIFTY": {"enable": true, "expiries": ["this_week"], "strikes_itm": 2, "strikes_otm": 2},
      "BANKNIFTY": {"enable": true, "expiries": ["this_month"], "strikes_itm": 2, "strikes_otm": 2}
    },
    "faults": {"collector_crashes": [{"index": "NIFTY", "cycle": 1}]}
  })");
  auto r = run_g6(run_args(dir, {"--config", config.string(), "--once"}), dir.path(), 2min);
  BOOST_TEST(r.exit_code == 5, r.output);
  BOOST_TEST(r.output.find("stored 1 of 2 index-cycles in 1 cycle; not stored: NIFTY 1 of 1") != std::string::npos,
             r.output);
}

BOOST_AUTO_TEST_CASE(cycles_that_all_fail_exit_1_naming_why) {
  temp_dir dir;
  auto config = write_config(dir, R"({
    "index_params": {"NIFTY": {"enable": true, "expiries": ["this_week"], "strikes_itm": 2, "strikes_otm": 2}},
    "faults": {"error_rate": 1.0}
  })");
  auto r = run_g6(run_args(dir, {"--config", config.string(), "--cycles", "3"}), dir.path(), 2min);
  BOOST_TEST(r.exit_code == 1, r.output);
  BOOST_TEST(r.output.find("run failed (exit 1): stored 0 of 3 index-cycles in 3 cycles; not stored: NIFTY 3 of 3")
               != std::string::npos,
             r.output);
}

BOOST_AUTO_TEST_CASE(a_kite_run_whose_every_request_is_refused_exits_1) {
  refusing_port refusing;
  auto url = refusing.url();

  temp_dir dir;
  auto config = write_config(dir, R"({
    "index_params": {"NIFTY": {"enable": true, "expiries": ["this_week"], "strikes_itm": 2, "strikes_otm": 2}}
  })");
  auto r = run_g6({"run", "--provider", "kite", "--config", config.string(), "--clock", sim_clock, "--cycles", "3",
                   "--data-dir", (dir.path() / "data").string()},
                  dir.path(), 3min, {"G6_KITE_BASE_URL=" + url, "KITE_API_KEY=fake_api_key", "KITE_ACCESS_TOKEN=fake"});
  BOOST_TEST(r.exit_code == 1, r.output);
  BOOST_TEST(r.output.find("stored 0 of 3 index-cycles in 3 cycles; not stored: NIFTY 3 of 3") != std::string::npos,
             r.output);
}

namespace {

/// Runs g6 with `args` (and `env`) expecting a refusal of its options: exit 2 and `message` in the output.
void check_refused(const std::vector<std::string>& args, const std::string& message,
                   const std::vector<std::string>& env = {}) {
  temp_dir dir;
  auto r = run_g6(args, dir.path(), 30s, env);
  std::string joined;
  for (auto& a : args)
    joined += " '" + a + "'";
  BOOST_TEST(r.exit_code == 2, "g6" << joined << ": exit " << r.exit_code << "\n" << r.output);
  BOOST_TEST(r.output.find(message) != std::string::npos, "g6" << joined << ":\n" << r.output);
}

} // namespace

BOOST_AUTO_TEST_CASE(bad_options_of_any_command_exit_2_with_the_parsers_message) {
  check_refused({"run", "--no-such-option"}, "The following argument was not expected: --no-such-option");
  check_refused({"run", "--cycles", "ten"}, "--cycles: 'ten' is not a whole number from 1 to 1000000000");
  check_refused({"run", "--provider", "carrier-pigeon"}, "--provider");
  check_refused({"run", "--once", "--cycles", "2"}, "excludes");
  check_refused({"no-such-command"}, "A subcommand is required");
  check_refused({"calendar", "sessions", "--from", "2026-11-01", "--to", "2026-11-30", "--bogus"},
                "The following argument was not expected: --bogus");
  check_refused({"journal", "inspect"}, "FILE is required");
  check_refused({"retention", "prune", "--keep-days", "many"}, "--keep-days");
  check_refused({"retention", "prune", "--keep-days", "0"}, "--keep-days: '0' is not a whole number from 1 to 100000");
  check_refused({"summary", "--refresh", "nan"}, "--refresh: 'nan' is not a number in (0, 3600]");
  temp_dir dir;
  auto help = run_g6({"run", "--help"}, dir.path(), 30s);
  BOOST_TEST(help.exit_code == 0, help.output);
  BOOST_TEST(help.output.find("--speed") != std::string::npos, help.output);
}

BOOST_AUTO_TEST_CASE(cycles_must_be_from_1_to_a_billion) {
  auto message = [](const std::string& n) {
    return "--cycles: '" + n + "' is not a whole number from 1 to 1000000000";
  };
  for (std::string n : {"0", "-1", "1000000001", "99999999999999999999", "1.5", "1e3"}) {
    temp_dir dir;
    check_refused(run_args(dir, {"--cycles", n}), message(n));
  }
}

BOOST_AUTO_TEST_CASE(numbers_that_are_not_finite_or_out_of_range_are_refused_naming_the_option) {
  temp_dir dir;
  for (std::string speed : {"nan", "inf", "0", "-1", "1000001", "1e308", "fast"})
    check_refused({"run", "--provider", "replay", "--journal", "j.g6j", "--speed", speed},
                  "--speed: '" + speed + "' is not a number in (0, 1000000] or 'max'");
  for (std::string interval : {"nan", "inf", "-inf", "0", "86401", "1e999"})
    check_refused(run_args(dir, {"--interval", interval}),
                  "--interval: '" + interval + "' is not a number in (0, 86400]");
  for (std::string speed : {"1e308", "nan", "inf", "0", "1000001"})
    check_refused({"run", "--clock", "sim:2026-11-26T09:15:00+05:30@" + speed + "x", "--once", "--data-dir",
                   (dir.path() / "data").string()},
                  "speed '" + speed + "' is out of range: it must be in (0, 1000000]");
}

BOOST_AUTO_TEST_CASE(config_numbers_that_are_not_finite_are_refused) {
  temp_dir dir;
  for (std::string number : {"1e999", "-1e999"}) {
    auto config = write_config(dir, R"({"storage": {"influx": {"spill_max_mb": )" + number + "}}");
    check_refused(run_args(dir, {"--config", config.string(), "--once"}),
                  "number overflow parsing '" + number + "' (numbers must be finite)");
    auto validate = run_g6({"config", "validate", config.string()}, dir.path(), 30s);
    BOOST_TEST(validate.exit_code == 1, validate.output);
  }
  auto config = write_config(dir, R"({"collection": {"interval_seconds": 1e308}})");
  check_refused(run_args(dir, {"--config", config.string(), "--once"}), "is greater than the maximum 86400");
  for (std::string value : {"nan", "inf", "1e999"})
    check_refused(run_args(dir, {"--once"}), "G6_INTERVAL_SECONDS", {"G6_INTERVAL_SECONDS=" + value});
}

BOOST_AUTO_TEST_CASE(an_empty_path_is_refused_rather_than_taken_for_the_default) {
  check_refused({"run", "--clock", sim_clock, "--once", "--data-dir", ""}, "--data-dir: must not be empty");
  check_refused({"run", "--clock", sim_clock, "--once", "--config", ""}, "--config: must not be empty");
  check_refused({"run", "--provider", "replay", "--journal", ""}, "--journal: must not be empty");
}

BOOST_AUTO_TEST_CASE(storage_that_cannot_open_stops_the_daemon_with_the_reason) {
  temp_dir dir;
  std::ofstream{dir.path() / "not-a-directory"} << "x";
  auto r =
    run_g6({"run", "--clock", sim_clock, "--once", "--data-dir", (dir.path() / "not-a-directory" / "data").string()},
           dir.path(), 2min);
  BOOST_TEST(r.exit_code == 3, r.output);
  BOOST_TEST(r.output.find("the actor tree gave up") != std::string::npos, r.output);
  BOOST_TEST(r.output.find("not-a-directory") != std::string::npos, r.output);
}
