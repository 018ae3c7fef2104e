// End to end: SIGHUP makes a running `g6 run` read its config again and apply it live — an index enabled,
// one disabled, NIFTY's strikes changed and the log level raised — without losing a cycle; an invalid
// config is refused, naming the field, and the run goes on unchanged; a key that needs a restart is named.
#define BOOST_TEST_MODULE g6_reload
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <regex>

#include "tests/integration/g6_process.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;

namespace {

struct config_choice {
  bool nifty = true;
  bool banknifty = true;
  bool finnifty = false;
  std::string nifty_strikes = "10";
  std::string level = "info";
  std::string data_dir;
  bool csv = false;
};

/// A config like config/g6.json with NIFTY and BANKNIFTY on (the others off), ports chosen by the system,
/// and the data directory in the file (a --data-dir on the command line would override the file's on every
/// reload too).
std::string config_text(const config_choice& p) {
  auto on = [](bool x) { return x ? "true" : "false"; };
  return std::string{R"({
  "index_params": {
    "NIFTY": {"enable": )"}
         + on(p.nifty) + R"(, "expiries": ["this_week", "next_week"], "strikes_itm": )" + p.nifty_strikes
         + R"(, "strikes_otm": )" + p.nifty_strikes + R"(},
    "BANKNIFTY": {"enable": )"
         + on(p.banknifty) + R"(, "expiries": ["this_month"], "strikes_itm": 10, "strikes_otm": 10},
    "FINNIFTY": {"enable": )"
         + on(p.finnifty) + R"(, "expiries": ["this_month"], "strikes_itm": 10, "strikes_otm": 10},
    "MIDCPNIFTY": {"enable": false, "expiries": ["this_month"], "strikes_itm": 10, "strikes_otm": 10},
    "SENSEX": {"enable": false, "expiries": ["this_week"], "strikes_itm": 10, "strikes_otm": 10}
  },
  "storage": {"data_dir": ")"
         + p.data_dir + R"(", "csv": {"enabled": )" + on(p.csv) + R"(}},
  "metrics": {"port": 0},
  "sse": {"port": 0},
  "logging": {"level": ")"
         + p.level + R"("}
})";
}

void write_file(const std::filesystem::path& file, const std::string& text) {
  auto temp = file.string() + ".new";
  std::ofstream{temp} << text;
  std::filesystem::rename(temp, file); // the reload never reads half a file
}

} // namespace

BOOST_AUTO_TEST_CASE(sighup_applies_indices_strikes_and_log_level_live_without_losing_a_cycle) {
  temp_dir dir;
  auto data = dir.path() / "data";
  auto db = data / "g6.sqlite";
  auto config = dir.path() / "g6.json";
  config_choice before;
  before.data_dir = data.string();
  write_file(config, config_text(before));
  g6_process p{{"run", "--config", config.string(), "--provider", "synthetic", "--clock",
                "sim:2026-11-26T09:15:00+05:30@60x", "--force-open"},
               dir.path() / "g6.log"};
  BOOST_TEST_REQUIRE(wait_until_stored(db, batches_of("NIFTY"), 4, 2min), p.log());
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles") >= 3);
  BOOST_TEST(p.log().find(" debug ") == std::string::npos);

  auto after = before;
  after.banknifty = false;
  after.finnifty = true;
  after.nifty_strikes = "5";
  after.level = "debug";
  after.csv = true;
  write_file(config, config_text(after));
  p.signal(SIGHUP);
  // The reload's event is stored once it is applied; the log names the cycle boundary it waited for.
  BOOST_TEST_REQUIRE(wait_until_stored(db, events_of("config_reload"), 1, 1min), p.log());
  std::smatch boundary;
  auto reloaded_log = p.log();
  BOOST_TEST_REQUIRE(
    std::regex_search(reloaded_log, boundary, std::regex{R"(reload: after cycle (\d+): collecting NIFTY, FINNIFTY)"}),
    reloaded_log);
  auto boundary_cycle = boundary[1].str();
  auto reloaded_at = reloaded_log.find("SIGHUP received");
  BOOST_TEST_REQUIRE(wait_until_stored(db, batches_of("FINNIFTY"), 3, 1min), p.log());

  // An invalid config is refused with the field named; the run goes on as it was.
  write_file(config,
             std::regex_replace(config_text(after), std::regex{R"("strikes_itm": 5)"}, R"("strikes_itm": "five")"));
  p.signal(SIGHUP);
  BOOST_TEST_REQUIRE(wait_until_stored(db, events_of("config_reload_refused"), 1, 1min), p.log());
  BOOST_TEST(p.log().find("reload refused: " + config.string() + ": /index_params/NIFTY/strikes_itm")
               != std::string::npos,
             p.log());
  BOOST_TEST(p.log().find("reload refused: running on with the config in force") != std::string::npos, p.log());
  auto finnifty_then = stored_count(db, batches_of("FINNIFTY"));
  BOOST_TEST_REQUIRE(wait_until_stored(db, batches_of("FINNIFTY"), finnifty_then + 2, 1min), p.log());

  // A change only a restart applies is named, and not applied.
  auto moved = after;
  moved.data_dir = (dir.path() / "elsewhere").string();
  write_file(config, config_text(moved));
  p.signal(SIGHUP);
  BOOST_TEST_REQUIRE(wait_until_stored(db, events_of("config_reload"), 2, 1min), p.log());
  BOOST_TEST(p.log().find("reload: storage.data_dir changed; takes effect at the next restart") != std::string::npos,
             p.log());
  auto finnifty_now = stored_count(db, batches_of("FINNIFTY"));
  BOOST_TEST_REQUIRE(wait_until_stored(db, batches_of("FINNIFTY"), finnifty_now + 1, 1min), p.log());
  BOOST_TEST(!std::filesystem::exists(dir.path() / "elsewhere" / "g6.sqlite"));
  // The CSV sink switched on by the reload writes the cycles after it.
  BOOST_TEST(p.log().find("reload: storage.csv started") != std::string::npos, p.log());
  std::vector<std::string> csv_files;
  for (auto& entry : std::filesystem::recursive_directory_iterator(data / "csv"))
    if (entry.is_regular_file())
      csv_files.push_back(entry.path().string());
  auto mentions = [&](const std::string& index) {
    return std::any_of(csv_files.begin(), csv_files.end(),
                       [&](const std::string& f) { return f.find("/" + index + "/") != std::string::npos; });
  };
  BOOST_TEST(mentions("FINNIFTY"), csv_files.size() << " CSV files");
  BOOST_TEST(!mentions("BANKNIFTY")); // disabled by the same reload that started the sink

  // The collectors group restarted after the reload comes back with the reloaded collectors.
  auto last_before_restart = std::to_string(query_int(db, "SELECT max(started_ms) FROM cycles"));
  auto restart = run_g6({"console", "--data-dir", data.string(), "restart", "supervisor.collectors"}, dir.path(), 60s);
  BOOST_TEST(restart.exit_code == 0, restart.output);
  auto finnifty_restart = stored_count(db, batches_of("FINNIFTY"));
  BOOST_TEST_REQUIRE(wait_until_stored(db, batches_of("FINNIFTY"), finnifty_restart + 3, 1min), p.log());

  p.signal(SIGTERM);
  auto code = p.wait(30s);
  BOOST_TEST_REQUIRE(code.has_value(), p.log());
  BOOST_TEST(*code == 0, p.log());

  auto boundary_started =
    std::to_string(query_int(db, "SELECT started_ms FROM cycles WHERE cycle_id = " + boundary_cycle));
  // FINNIFTY from the first cycle after the reload on; BANKNIFTY up to the last one before it.
  BOOST_TEST(query_int(db, "SELECT min(ts_ms) > " + boundary_started + " FROM overview WHERE index_name = 'FINNIFTY'")
             == 1);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE index_name = 'FINNIFTY'") >= 6);
  BOOST_TEST(query_int(db, "SELECT max(ts_ms) = " + boundary_started + " FROM overview WHERE index_name = 'BANKNIFTY'")
             == 1);
  // NIFTY in every cycle, across the reload; the cycles consecutive, one interval apart, none failed (up to
  // the restart of the collectors, which may cut the cycle in flight short).
  auto until_restart = " started_ms <= " + last_before_restart;
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles c WHERE" + until_restart
                             + " AND NOT EXISTS (SELECT 1 "
                               "FROM overview o WHERE o.index_name = 'NIFTY' AND o.ts_ms = c.started_ms)")
             == 0);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles WHERE" + until_restart + " AND status != 'ok'") == 0);
  auto cycles = query(db, "SELECT cycle_id, started_ms FROM cycles WHERE" + until_restart + " ORDER BY started_ms");
  BOOST_TEST_REQUIRE(cycles.size() >= 9u);
  for (size_t i = 1; i < cycles.size(); ++i) {
    BOOST_TEST(std::stoll(cycles[i][0]) == std::stoll(cycles[i - 1][0]) + 1);
    auto gap = std::stoll(cycles[i][1]) - std::stoll(cycles[i - 1][1]);
    BOOST_TEST((gap >= 59'000 && gap <= 75'000),
               "cycle " << cycles[i][0] << " started " << gap << " ms after the one before");
  }
  // NIFTY: ATM ± 10 strikes per expiry before the reload, ± 5 after.
  auto strikes = [&](const std::string& when) {
    return query(db, "SELECT DISTINCT s FROM (SELECT ts_ms, expiry, count(DISTINCT strike) s FROM option_quotes "
                     "WHERE index_name = 'NIFTY' AND ts_ms "
                       + when + " GROUP BY 1, 2)");
  };
  BOOST_TEST(strikes("<= " + boundary_started) == (std::vector<std::vector<std::string>>{{"21"}}));
  BOOST_TEST(strikes("> " + boundary_started) == (std::vector<std::vector<std::string>>{{"11"}}));
  for (std::string index : {"NIFTY", "FINNIFTY"})
    BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE index_name = '" + index + "' AND ts_ms > "
                               + last_before_restart)
                 >= 2,
               index);
  // Debug lines from the reload on, none before.
  auto log = p.log();
  BOOST_TEST(log.substr(0, reloaded_at).find(" debug ") == std::string::npos);
  BOOST_TEST(log.find(" debug ", reloaded_at) != std::string::npos);
  // Each reload is an event: two applied, one refused.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE component = 'reload' AND kind = 'config_reload'") == 2);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE component = 'reload' AND kind = 'config_reload_refused'")
             == 1);
}

BOOST_AUTO_TEST_CASE(on_a_hub_sighup_applies_the_log_level_and_names_index_changes_as_needing_a_restart) {
  temp_dir dir;
  auto config = dir.path() / "g6.json";
  config_choice before;
  before.data_dir = (dir.path() / "hub").string();
  write_file(config, config_text(before));
  g6_process hub{
    {"run", "--role", "hub", "--config", config.string(), "--ready-file", (dir.path() / "ready.json").string()},
    dir.path() / "hub.log"};
  BOOST_TEST_REQUIRE(wait_until_ready(hub, dir.path() / "ready.json", 1min).has_value(), hub.log());
  auto after = before;
  after.finnifty = true;
  after.level = "debug";
  write_file(config, config_text(after));
  hub.signal(SIGHUP);
  BOOST_TEST_REQUIRE(wait_until_stored(dir.path() / "hub" / "g6.sqlite", events_of("config_reload"), 1, 1min),
                     hub.log());
  auto log = hub.log();
  BOOST_TEST(log.find("reload: index_params.FINNIFTY.enable changed; takes effect at the next restart")
               != std::string::npos,
             log);
  BOOST_TEST(log.find("reload: log level debug (was info)") != std::string::npos, log);
  BOOST_TEST(log.find("reload: after cycle") == std::string::npos, log);
  hub.signal(SIGTERM);
  auto code = hub.wait(30s);
  BOOST_TEST_REQUIRE(code.has_value(), hub.log());
  BOOST_TEST(*code == 0, hub.log());
}
