// End to end: the real g6 binary with --provider kite against g6-fake-kite (Kite's formats, limits and
// error bodies over the synthetic market), both on the same simulated clock, each test in its own temp
// directory with the fake on a free port.
#define BOOST_TEST_MODULE kite_run
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "tests/integration/fake_kite_process.hpp"
#include "tests/integration/g6_process.hpp"
#include "tests/integration/kite_run_support.hpp"
#include "tests/support/http_fetch.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_CASE(twenty_cycles_against_the_fake_are_all_stored_within_the_rate_limit) {
  temp_dir dir;
  fake_kite_process kite{fake_args(sim_clock, {"--access-token", "headless_token_123"}), dir.path() / "fake.log"};
  auto r =
    run_g6(run_args(dir, "20"), dir.path(), 3min,
           {"G6_KITE_BASE_URL=" + kite.base_url(), "KITE_API_KEY=" + api_key, "KITE_ACCESS_TOKEN=headless_token_123"});
  BOOST_TEST_INFO(r.output.substr(0, 4000));
  BOOST_REQUIRE(r.exit_code == 0);
  auto db = database(dir);
  BOOST_TEST(g6::testing::query_int(db, "SELECT count(*) FROM cycles WHERE status = 'ok'") == 20);
  BOOST_TEST(g6::testing::query_int(db, "SELECT count(*) FROM overview") == 20 * 5);
  BOOST_TEST(g6::testing::query_int(db, "SELECT count(*) FROM overview WHERE collected_mask != expected_mask") == 0);
  BOOST_TEST(g6::testing::query_int(
               db, "SELECT count(*) FROM option_quotes WHERE symbol LIKE 'NIFTY25%' OR symbol LIKE 'NIFTY26%'")
             > 0);
  auto stats = kite.stats();
  BOOST_TEST_INFO(stats);
  BOOST_TEST(stat(stats, "rate_violations") == 0);
  // Merged: per cycle one call for the five index levels and two for the options (546 at most, 500 a call).
  BOOST_TEST(stat(stats, "quote_ohlc") == 20);
  BOOST_TEST(stat(stats, "quote") == 40);
  BOOST_TEST(stat(stats, "instruments") == 1);
  BOOST_TEST(stat(stats, "max_instruments_per_call") == 500);
  // The start-up arithmetic is said once.
  BOOST_TEST(r.output.find("within the 30 s interval") != std::string::npos);
  // The providers panel: the session is fine and each Kite endpoint's calls are counted.
  std::ifstream panel_file{dir.path() / "data" / "panels" / "providers_enveloped.json"};
  BOOST_REQUIRE(panel_file);
  auto kite_panel = nlohmann::json::parse(panel_file)["data"]["providers"].at(0);
  BOOST_TEST(kite_panel["provider"] == "provider.kite");
  BOOST_TEST(kite_panel["auth_state"] == "ok");
  std::map<std::string, nlohmann::json> endpoints;
  for (auto& e : kite_panel["endpoints"])
    endpoints[e["endpoint"].get<std::string>()] = e;
  BOOST_TEST_INFO(kite_panel.dump());
  BOOST_TEST(endpoints["instruments"]["requests"] == 1);
  BOOST_TEST(endpoints["quote"]["requests"].get<long long>() > 0);
  BOOST_TEST(endpoints["quote"]["errors"] == 0);
  BOOST_TEST(endpoints["quote_ohlc"]["requests"].get<long long>() > 0);
}

BOOST_AUTO_TEST_CASE(each_fault_in_turn_then_an_expired_token_and_a_new_one) {
  temp_dir dir;
  fake_kite_process kite{fake_args(slow_clock), dir.path() / "fake.log"};
  std::vector<std::string> env{"G6_KITE_BASE_URL=" + kite.base_url(), "KITE_API_KEY=" + api_key,
                               "KITE_API_SECRET=" + api_secret};
  auto config = write_config(dir, 1);
  std::vector<std::string> outputs;
  auto token = [&](std::vector<std::string> args) {
    std::vector<std::string> full{"token", "--config", config.string()};
    full.insert(full.end(), args.begin(), args.end());
    auto result = run_g6(full, dir.path(), 1min, env);
    outputs.push_back(result.output);
    return result;
  };
  auto exchanged = token({"exchange", "--request-token", "request_token_first_1"});
  BOOST_TEST_INFO(exchanged.output);
  BOOST_REQUIRE(exchanged.exit_code == 0);
  auto token_file = dir.path() / "token.json";
  BOOST_TEST(((std::filesystem::status(token_file).permissions() & std::filesystem::perms::all)
              == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)));
  BOOST_TEST(token({"show"}).output.find("state: valid") != std::string::npos);
  BOOST_TEST(token({"login-url"}).output == "https://kite.zerodha.com/connect/login?v=3&api_key=" + api_key + "\n");

  g6_process g6{{"run", "--config", config.string(), "--clock", slow_clock, "--data-dir",
                 (dir.path() / "data").string(), "--cycles", "24", "--log-level", "debug"},
                dir.path() / "run.log",
                env};
  auto cycles_done = [&](long long n) { return cycles_stored(dir, n); };
  BOOST_REQUIRE(cycles_done(2));
  // Transient faults, each retried within its cycle: 503s, a slow answer, a truncated body, garbage.
  kite.fault("status:2:503");
  kite.fault("status:1:502");
  kite.fault("slow:1:300");
  kite.fault("truncate:1");
  kite.fault("garbage:1");
  BOOST_REQUIRE(cycles_done(6));
  // Missing instruments: reported missing, the cycle is partial, not zeros.
  kite.fault("missing:1:0.3");
  BOOST_REQUIRE(cycles_done(9));
  // Kite revokes the token: calls stop, the breaker opens; a new token resumes them.
  kite.fault("token:1");
  BOOST_REQUIRE(events_stored(dir, "auth_required", 1, 30s));
  BOOST_REQUIRE(cycles_done(13));
  auto calls_while_refused = stat(kite.stats(), "quote");
  BOOST_REQUIRE(cycles_done(15));
  BOOST_TEST(stat(kite.stats(), "quote") == calls_while_refused);
  BOOST_REQUIRE(token({"exchange", "--request-token", "request_token_second_2"}).exit_code == 0);
  // The cycles while the token was refused stored nothing: a bounded run that stored part exits 5.
  BOOST_REQUIRE(g6.wait(90s) == 5);
  BOOST_TEST(g6.log().find("run failed (exit 5): stored ") != std::string::npos);
  outputs.push_back(g6.log());

  auto db = database(dir);
  auto stats = kite.stats();
  BOOST_TEST_INFO(stats);
  BOOST_TEST(stat(stats, "rate_violations") == 0);
  BOOST_TEST(stat(stats, "faults_pending") == 0);
  auto statuses = query(db, "SELECT cycle_id, status FROM cycles ORDER BY cycle_id");
  BOOST_REQUIRE(statuses.size() == 24u);
  // Cycles 1-9 saw only retried faults and missing instruments: stored (ok, or partial where instruments were missing).
  for (int c = 0; c < 9; ++c)
    BOOST_TEST(statuses[static_cast<size_t>(c)][1] != "failed", "cycle " << statuses[static_cast<size_t>(c)][0]);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles WHERE status = 'partial'") >= 1);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'auth_required'") >= 1);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'auth_restored'") == 1);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'breaker_open'") >= 1);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'breaker_closed'") >= 1);
  // The last cycles ran on the new token.
  BOOST_TEST(statuses.back()[1] == "ok");
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE ts_ms = (SELECT max(ts_ms) FROM overview)") == 5);

  // No secret anywhere: outputs, logs, the database, panels; only the token file holds the token.
  std::ifstream in{token_file};
  std::stringstream text;
  text << in.rdbuf();
  std::smatch m;
  auto token_json = text.str();
  BOOST_REQUIRE(std::regex_search(token_json, m, std::regex{R"re("access_token": "([^"]+)")re"}));
  std::vector<std::string> secrets{api_secret, m[1].str(), "request_token_first_1", "request_token_second_2"};
  for (auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
    if (!entry.is_regular_file() || entry.path() == token_file || entry.path().filename() == "fake.log")
      continue;
    std::ifstream f{entry.path(), std::ios::binary};
    std::stringstream content;
    content << f.rdbuf();
    outputs.push_back(content.str());
  }
  for (auto& secret : secrets)
    for (auto& out : outputs)
      BOOST_TEST(out.find(secret) == std::string::npos, "a secret leaked into an output");
}

BOOST_AUTO_TEST_CASE(fake_kite_refuses_a_rate_that_is_not_a_number_above_zero_with_exit_2) {
  temp_dir dir;
  for (std::string rate : {"nan", "inf", "0", "-1"}) {
    auto log = dir.path() / ("fake-" + rate + ".log");
    auto pid = spawn_logged(fake_kite_binary(), {"--port", "0", "--quote-rate", rate}, log);
    int status = 0;
    BOOST_REQUIRE(waitpid(pid, &status, 0) == pid);
    BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 2), "--quote-rate " << rate);
    std::ifstream in{log};
    std::stringstream text;
    text << in.rdbuf();
    BOOST_TEST(text.str().find("--quote-rate: ") != std::string::npos, text.str());
  }
}

BOOST_AUTO_TEST_CASE(instruments_shows_what_the_resolver_derives_from_the_real_dump) {
  temp_dir dir;
  auto r = run_g6(
    {"instruments", "../shared/data/kite/instruments_all.csv", "--index", "BANKNIFTY", "--at", "2017-11-27", "--json"},
    dir.path(), 1min);
  BOOST_REQUIRE(r.exit_code == 0);
  auto doc = nlohmann::json::parse(r.output);
  BOOST_TEST(doc["index"] == "BANKNIFTY");
  BOOST_TEST(doc["strike_step"] == 100.0);
  BOOST_TEST(doc["lot_size"] == 40);
  BOOST_TEST(doc["options"] == 12);
  BOOST_TEST(doc["expiries"].dump()
             == R"([{"buckets":["this_week","this_month"],"date":"2017-11-30"},)"
                R"({"buckets":["next_month"],"date":"2017-12-28"},{"buckets":[],"date":"2018-01-25"}])");
  BOOST_TEST(doc["calendar_mismatches"].size() == 3u);
  auto none =
    run_g6({"instruments", "../shared/data/kite/instruments_all.csv", "--index", "NIFTY", "--at", "2017-11-27"},
           dir.path(), 1min);
  BOOST_TEST(none.exit_code == 1);
  BOOST_TEST(none.output.find("lists no NIFTY options") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_configured_spot_key_is_what_kite_is_asked_for) {
  // This Kite lists the NIFTY level under another symbol than the built-in key NSE:NIFTY 50 names.
  std::vector<std::string> renamed{"--access-token", "headless_token_123", "--index-symbol", "NIFTY=NIFTY 50 RENAMED"};
  auto env = [](const fake_kite_process& kite) {
    return std::vector<std::string>{"G6_KITE_BASE_URL=" + kite.base_url(), "KITE_API_KEY=" + api_key,
                                    "KITE_ACCESS_TOKEN=headless_token_123"};
  };
  temp_dir builtin_dir;
  fake_kite_process builtin_kite{fake_args(sim_clock, renamed), builtin_dir.path() / "fake.log"};
  auto builtin = run_g6(run_args(builtin_dir, "2"), builtin_dir.path(), 2min, env(builtin_kite));
  BOOST_TEST_INFO(builtin.output.substr(0, 4000));
  // NIFTY was never stored, the other indices were: a bounded run that stored part exits 5.
  BOOST_REQUIRE(builtin.exit_code == 5);
  BOOST_TEST(builtin.output.find("NSE:NIFTY 50 (NIFTY) is missing from Kite's answer") != std::string::npos);
  BOOST_TEST(builtin.output.find("not stored: NIFTY 2 of 2") != std::string::npos);
  BOOST_TEST(query_int(database(builtin_dir), "SELECT count(*) FROM overview WHERE index_name = 'NIFTY'") == 0);

  temp_dir dir;
  fake_kite_process kite{fake_args(sim_clock, renamed), dir.path() / "fake.log"};
  auto config = write_config(
    dir, 10, [](nlohmann::json& doc) { doc["index_params"]["NIFTY"]["spot_key"] = "NSE:NIFTY 50 RENAMED"; });
  auto r = run_g6(run_args(dir, "2", config), dir.path(), 2min, env(kite));
  BOOST_TEST_INFO(r.output.substr(0, 4000));
  BOOST_REQUIRE(r.exit_code == 0);
  BOOST_TEST(query_int(database(dir), "SELECT count(*) FROM cycles WHERE status = 'ok'") == 2);
  BOOST_TEST(query_int(database(dir), "SELECT count(*) FROM overview WHERE index_name = 'NIFTY'") == 2);
}

BOOST_AUTO_TEST_CASE(a_stock_is_collected_beside_an_index_and_an_unlisted_name_is_reported_and_skipped) {
  temp_dir dir;
  fake_kite_process kite{fake_args(sim_clock, {"--access-token", "headless_token_123"}), dir.path() / "fake.log"};
  auto config = write_config(dir, 10, [](nlohmann::json& doc) {
    for (auto& [name, index] : doc["index_params"].items())
      index["enable"] = name == "NIFTY";
    doc["index_params"]["RELIANCE"] = {{"expiries", "all"}, {"strikes_itm", "all"}, {"strikes_otm", "all"}};
    doc["index_params"]["ADANIPORTS"] = {{"expiries", {"this_month"}}};
  });
  auto r =
    run_g6(run_args(dir, "2", config), dir.path(), 2min,
           {"G6_KITE_BASE_URL=" + kite.base_url(), "KITE_API_KEY=" + api_key, "KITE_ACCESS_TOKEN=headless_token_123"});
  BOOST_TEST_INFO(r.output.substr(0, 4000));
  // ADANIPORTS is not in the dump: its cycles fail, the others are stored (a partial bounded run: 5).
  BOOST_REQUIRE(r.exit_code == 5);
  auto db = database(dir);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE index_name = 'RELIANCE' AND "
                           "options_collected = options_expected AND options_expected > 0")
             == 2);
  // Every option the fake lists for RELIANCE (its monthlies on its own step), both cycles.
  BOOST_TEST(query_int(db, "SELECT count(DISTINCT symbol) FROM option_quotes WHERE index_name = 'RELIANCE'")
             == query_int(db, "SELECT options_collected FROM overview WHERE index_name = 'RELIANCE' LIMIT 1"));
  BOOST_TEST(query_int(db, "SELECT count(DISTINCT expiry) FROM option_quotes WHERE index_name = 'RELIANCE'") == 3);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE index_name = 'NIFTY'") == 2);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'unknown_underlying' AND detail LIKE "
                           "'unknown underlying ADANIPORTS: the instrument dump lists no options of it in NFO-OPT or "
                           "BFO-OPT%'")
             == 1);
  BOOST_TEST(r.output.find("not stored: ADANIPORTS 2 of 2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_index_without_a_spot_key_stops_a_kite_run_at_start) {
  temp_dir dir;
  auto config = write_config(dir, 10, [](nlohmann::json& doc) {
    doc["index_params"]["BANKEX"] = {{"expiries", {"this_month"}}};
  });
  auto r = run_g6(run_args(dir, "1", config), dir.path(), 1min);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.output.find("/index_params/BANKEX/spot_key: BANKEX has no built-in Kite spot key") != std::string::npos,
             r.output);
}

BOOST_AUTO_TEST_CASE(a_second_kite_app_serves_while_the_first_fails_and_traffic_returns_when_it_recovers) {
  temp_dir dir;
  // The primary app's Kite answers every call with a 500 until the fault is cleared; the backup app has its
  // own Kite (its own key, secret and token) over the same market.
  fake_kite_process primary{fake_args(sim_clock, {"--access-token", "headless_token_123", "--fault", "status:-1:500"}),
                            dir.path() / "primary.log"};
  fake_kite_process backup{
    {"--clock", sim_clock, "--api-key", "backup_key", "--api-secret", "backup_secret_f00d", "--quote-rate", "5"},
    dir.path() / "backup.log"};
  auto credentials = dir.path() / "backup_credentials.json";
  std::ofstream{credentials} << R"({"api_key": "backup_key", "api_secret": "backup_secret_f00d"})";
  auto backup_token = dir.path() / "backup" / "token.json";
  auto config = write_config(dir, 3, [&](nlohmann::json& doc) {
    // 5 s for each app: the primary's retries, then the backup's first instrument dump (slow under ASan).
    doc["providers"]["request_timeout_seconds"] = 10;
    doc["providers"]["failover"] = {"kite.backup"};
    doc["providers"]["kite_apps"]["backup"] = {{"base_url", backup.base_url()},
                                               {"credentials_file", credentials.string()},
                                               {"token_file", backup_token.string()},
                                               {"quote_rate_per_second", 5}};
  });
  std::vector<std::string> env{"G6_KITE_BASE_URL=" + primary.base_url(), "KITE_API_KEY=" + api_key,
                               "KITE_ACCESS_TOKEN=headless_token_123"};
  // The backup app logs in on its own (KITE_* serve the primary app only).
  auto login =
    run_g6({"token", "--config", config.string(), "--app", "backup", "exchange", "--request-token", "backup_request_1"},
           dir.path(), 1min, env);
  BOOST_TEST_INFO(login.output);
  BOOST_REQUIRE(login.exit_code == 0);
  BOOST_TEST(login.output.find(backup_token.string()) != std::string::npos);

  g6_process g6{{"run", "--config", config.string(), "--clock", sim_clock, "--data-dir", (dir.path() / "data").string(),
                 "--ready-file", (dir.path() / "ready.json").string()},
                dir.path() / "run.log",
                env};
  auto ready = wait_until_ready(g6, dir.path() / "ready.json", 60s);
  BOOST_TEST_REQUIRE(ready.has_value(), g6.log());
  int port = port_of(ready->at("metrics").get<std::string>());
  // The primary's breaker opens and the metrics say so, per provider.
  std::string metrics;
  bool open = wait_until(
    [&] {
      metrics = scrape_metrics(port);
      return metrics.find(R"(g6_breaker_state{provider="provider.kite",state="open"} 1)") != std::string::npos;
    },
    60s);
  BOOST_TEST_INFO(metrics);
  BOOST_REQUIRE(open);
  BOOST_TEST(metrics.find(R"(g6_breaker_state{provider="provider.kite.backup",state="closed"} 1)")
             != std::string::npos);
  BOOST_TEST(stat(backup.stats(), "quote") > 0);

  // The primary's Kite recovers: after the open period its trials succeed and it serves again.
  primary.fault("none");
  BOOST_REQUIRE(events_stored(dir, "provider_restored", 1, 90s));
  auto restored_in = last_stored_cycle(dir);
  auto primary_quotes_at_restore = stat(primary.stats(), "quote");
  BOOST_REQUIRE(cycles_stored(dir, restored_in + 3));
  g6.signal(SIGTERM);
  BOOST_REQUIRE(exits_cleanly(g6, 1min));
  BOOST_TEST_INFO(g6.log().substr(0, 6000));

  auto db = database(dir);
  // Every cycle stored: by the backup while the primary failed, by the primary again after.
  auto cycles = query_int(db, "SELECT count(*) FROM cycles");
  BOOST_TEST(cycles >= restored_in + 3);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles WHERE status != 'ok'") == 0);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview") == cycles * 5);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'provider_failover' AND "
                           "detail LIKE 'provider.kite -> provider.kite.backup%'")
             >= 1);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'provider_restored' AND "
                           "detail LIKE 'provider.kite.backup -> provider.kite%'")
             >= 1);
  BOOST_TEST(
    query_int(db, "SELECT count(*) FROM events WHERE kind = 'breaker_open' AND component = 'breaker.provider.kite'")
    >= 1);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE component = 'breaker.provider.kite.backup'") == 0);
  BOOST_TEST(stat(primary.stats(), "quote") > primary_quotes_at_restore);
  BOOST_TEST(stat(primary.stats(), "rate_violations") == 0);
  BOOST_TEST(stat(backup.stats(), "rate_violations") == 0);
  // The providers panel: one row per app, in chain order, the primary serving again.
  std::ifstream panel_file{dir.path() / "data" / "panels" / "providers_enveloped.json"};
  BOOST_REQUIRE(panel_file);
  auto rows = nlohmann::json::parse(panel_file)["data"]["providers"];
  BOOST_TEST_INFO(rows.dump());
  BOOST_REQUIRE(rows.size() == 2u);
  BOOST_TEST(rows[0]["provider"] == "provider.kite");
  BOOST_TEST(rows[0]["serving"] == true);
  BOOST_TEST(rows[1]["provider"] == "provider.kite.backup");
  BOOST_TEST(rows[1]["serving"] == false);
  BOOST_TEST(rows[1]["auth_state"] == "ok");
  BOOST_TEST(rows[1]["requests"].get<long long>() > 0);
}
