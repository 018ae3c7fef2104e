// End to end: g6 in stream mode (providers.kite.quotes = stream) against g6-fake-kite's WebSocket ticker:
// cycles take their quotes from the tick book instead of REST; a silent ticker is noticed and reopened
// without losing a cycle; a refused handshake waits for a new token instead of hammering the server; past
// one app's three connections the ticker spills onto a second app's, whose refused token stops only its own;
// between cycles the chain panels on the live stream move with the ticks.
#define BOOST_TEST_MODULE ticker_run
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "actors/sse/panel_mirror.hpp"
#include "actors/sse/sse_parser.hpp"
#include "tests/integration/fake_kite_process.hpp"
#include "tests/integration/g6_process.hpp"
#include "tests/integration/kite_run_support.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;

namespace {

std::filesystem::path stream_config(const temp_dir& dir, const fake_kite_process& kite) {
  return write_config(dir, 10, [&](nlohmann::json& doc) {
    doc["providers"]["kite"]["quotes"] = "stream";
    doc["providers"]["kite"]["ticker_url"] = "ws://127.0.0.1:" + std::to_string(kite.port()) + "/ws";
  });
}

long long ticker_stat(const std::string& stats, const std::string& key) {
  return nlohmann::json::parse(stats)["ticker"].value(key, -1LL);
}

} // namespace

BOOST_AUTO_TEST_CASE(stream_mode_stores_every_cycle_with_quotes_from_the_ticker_instead_of_rest) {
  temp_dir dir;
  fake_kite_process kite{fake_args(sim_clock, {"--access-token", "headless_token_123"}), dir.path() / "fake.log"};
  auto r = run_g6(run_args(dir, "16", stream_config(dir, kite)), dir.path(), 3min,
                  {"G6_KITE_BASE_URL=" + kite.base_url(), "KITE_API_KEY=" + api_key,
                   "KITE_ACCESS_TOKEN=headless_token_123"});
  BOOST_TEST_INFO(r.output.substr(0, 4000));
  BOOST_REQUIRE(r.exit_code == 0);
  auto db = database(dir);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles WHERE status = 'ok'") == 16);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE collected_mask != expected_mask") == 0);
  auto stats = kite.stats();
  BOOST_TEST_INFO(stats);
  // REST mode makes two /quote and one /quote/ohlc call every cycle (see kite_run_test): 32 and 16 here.
  // In stream mode only the first cycle's, whose instruments have no tick yet: the ticker subscribes a
  // margin of strikes around each window, so the strikes ATM moves to already stream.
  BOOST_TEST(stat(stats, "quote") == 2);
  BOOST_TEST(stat(stats, "quote_ohlc") == 1);
  BOOST_TEST(ticker_stat(stats, "handshakes_accepted") == 1);
  BOOST_TEST(ticker_stat(stats, "refused_subscriptions") == 0);
  BOOST_TEST(ticker_stat(stats, "ticks_sent") > 0);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'ticker_connected'") == 1);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'ticker_lost'") == 0);
  // Stored quotes carry prices from the ticks, and in the default full mode their open interest and book:
  // after the first (REST) cycle too.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM option_quotes WHERE last_price > 0") > 0);
  const std::string later = " AND ts_ms > (SELECT min(ts_ms) FROM option_quotes)";
  auto later_rows = query_int(db, "SELECT count(*) FROM option_quotes WHERE 1" + later);
  BOOST_TEST(later_rows > 0);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM option_quotes WHERE oi > 0" + later) > later_rows * 9 / 10);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM option_quotes WHERE bid > 0 AND ask >= bid" + later) > later_rows / 2);
}

BOOST_AUTO_TEST_CASE(a_silent_ticker_is_reopened_and_a_refused_token_waits_for_a_new_one_without_losing_a_cycle) {
  temp_dir dir;
  fake_kite_process kite{fake_args(slow_clock), dir.path() / "fake.log"};
  std::vector<std::string> env{"G6_KITE_BASE_URL=" + kite.base_url(), "KITE_API_KEY=" + api_key,
                               "KITE_API_SECRET=" + api_secret};
  auto config = stream_config(dir, kite);
  auto exchange = [&](const std::string& request_token) {
    return run_g6({"token", "--config", config.string(), "exchange", "--request-token", request_token}, dir.path(),
                  1min, env);
  };
  BOOST_REQUIRE(exchange("request_token_first_1").exit_code == 0);
  g6_process g6{{"run", "--config", config.string(), "--clock", slow_clock, "--data-dir", (dir.path() / "data").string(),
                 "--cycles", "24"},
                dir.path() / "run.log", env};
  auto db = database(dir);
  auto has_event = [&](const std::string& kind, long long at_least) {
    return g6.wait_for_log([&](const std::string& log) {
      size_t n = 0;
      for (auto at = log.find(kind); at != std::string::npos; at = log.find(kind, at + 1))
        ++n;
      return static_cast<long long>(n) >= at_least;
    }, 60s);
  };
  BOOST_REQUIRE(has_event("ticker_connected", 1));
  BOOST_REQUIRE(cycles_logged(g6, 3));
  // Silence (socket open, nothing sent): closed after silence_seconds (5), reopened after the backoff.
  kite.fault("ticker_silent:7");
  BOOST_REQUIRE(has_event("ticker_lost", 1));
  BOOST_REQUIRE(has_event("ticker_connected", 2));
  // The token is refused at the next handshake: no retry loop until a new token is exchanged.
  kite.fault("ticker_403:5");
  kite.fault("ticker_close");
  BOOST_REQUIRE(has_event("ticker_auth_required", 1));
  auto refused_before = ticker_stat(kite.stats(), "handshakes_refused");
  BOOST_REQUIRE(cycles_logged(g6, last_cycle(g6.log()) + 3));
  BOOST_TEST(ticker_stat(kite.stats(), "handshakes_refused") == refused_before);
  kite.fault("none");
  BOOST_REQUIRE(exchange("request_token_second_2").exit_code == 0);
  BOOST_REQUIRE(has_event("ticker_auth_restored", 1));
  BOOST_REQUIRE(has_event("ticker_connected", 3));
  BOOST_REQUIRE(g6.wait(120s) == 0);

  auto stats = kite.stats();
  BOOST_TEST_INFO(stats);
  BOOST_TEST(ticker_stat(stats, "handshakes_refused") == 1);
  // No cycle lost: REST served what the ticker could not while it was down.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles WHERE status = 'ok'") == 24);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'ticker_lost' AND detail LIKE '%silence%'") >= 1);
}

BOOST_AUTO_TEST_CASE(whole_chains_in_stream_mode_spread_over_three_connections_and_a_stock_streams_beside_them) {
  temp_dir dir;
  fake_kite_process kite{{"--clock", slow_clock, "--api-key", api_key, "--api-secret", api_secret, "--quote-rate",
                          "10", "--access-token", "headless_token_123"},
                         dir.path() / "fake.log"};
  auto config = write_config(dir, 10, [&](nlohmann::json& doc) {
    for (auto& [name, index] : doc["index_params"].items()) {
      index["expiries"] = "all";
      index["strikes_itm"] = "all";
      index["strikes_otm"] = "all";
    }
    doc["index_params"]["RELIANCE"] = {{"expiries", "all"}, {"strikes_itm", "all"}, {"strikes_otm", "all"}};
    doc["providers"]["kite"]["quote_rate_per_second"] = 10;
    doc["providers"]["kite"]["quotes"] = "stream";
    doc["providers"]["kite"]["ticker_url"] = "ws://127.0.0.1:" + std::to_string(kite.port()) + "/ws";
  });
  auto r = run_g6(run_args(dir, "6", config), dir.path(), 3min,
                  {"G6_KITE_BASE_URL=" + kite.base_url(), "KITE_API_KEY=" + api_key,
                   "KITE_ACCESS_TOKEN=headless_token_123"});
  BOOST_TEST_INFO(r.output.substr(0, 4000));
  BOOST_REQUIRE(r.exit_code == 0);
  auto db = database(dir);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE options_collected < options_expected") == 0);
  auto options = query_int(db, "SELECT sum(options_expected) FROM overview WHERE ts_ms = (SELECT max(ts_ms) FROM overview)");
  BOOST_TEST_INFO("options a cycle: " << options);
  BOOST_REQUIRE(options > 6000);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE index_name = 'RELIANCE'") == 6);
  auto stats = kite.stats();
  BOOST_TEST_INFO(stats);
  // More than two connections' worth: all three of the app opened, none refused a subscription.
  BOOST_TEST(ticker_stat(stats, "handshakes_accepted") == 3);
  BOOST_TEST(ticker_stat(stats, "refused_subscriptions") == 0);
  std::ifstream panel_file{dir.path() / "data" / "panels" / "providers_enveloped.json"};
  BOOST_REQUIRE(panel_file);
  auto ticker = nlohmann::json::parse(panel_file)["data"]["providers"].at(0)["ticker"];
  BOOST_TEST_MESSAGE("options a cycle: " << options << "; fake: " << stats << "; ticker: " << ticker.dump());
  BOOST_TEST(ticker["connections"]["streaming"] == 3);
  BOOST_TEST(ticker["subscribed"].get<long long>() >= std::min<long long>(options, 9000));
  // After the first cycle the quotes come from the ticks: REST serves the first cycle (and what is beyond 9,000).
  BOOST_TEST(ticker["quotes_streamed"].get<long long>() > 4 * std::min<long long>(options, 9000));
}

BOOST_AUTO_TEST_CASE(between_cycles_the_chain_panels_on_the_live_stream_move_with_the_ticks) {
  temp_dir dir;
  fake_kite_process kite{fake_args(slow_clock, {"--access-token", "headless_token_123"}), dir.path() / "fake.log"};
  // A cycle every 6 s of real time (30 s at 5x); chain panels at most 4 times a second between them.
  auto config = write_config(dir, 10, [&](nlohmann::json& doc) {
    doc["providers"]["kite"]["quotes"] = "stream";
    doc["providers"]["kite"]["ticker_url"] = "ws://127.0.0.1:" + std::to_string(kite.port()) + "/ws";
    doc["sse"] = {{"enabled", true}, {"port", 0}, {"tick_rate_hz", 4}};
  });
  g6_process g6{{"run", "--config", config.string(), "--clock", "sim:2026-11-26T09:15:00+05:30@5x", "--data-dir",
                 (dir.path() / "data").string()},
                dir.path() / "run.log",
                {"G6_KITE_BASE_URL=" + kite.base_url(), "KITE_API_KEY=" + api_key, "KITE_ACCESS_TOKEN=headless_token_123"}};
  auto serving = g6.wait_for_match(std::regex{R"(sse: serving (http://127\.0\.0\.1:\d+)/events)"}, 60s);
  BOOST_TEST_REQUIRE(serving.has_value(), g6.log());
  BOOST_REQUIRE(cycles_logged(g6, 1));
  auto stream_file = dir.path() / "stream.txt";
  constexpr int seconds = 10;
  std::system(("curl -N -s --max-time " + std::to_string(seconds) + " " + *serving + "/events > " + stream_file.string())
                .c_str());
  std::stringstream text;
  text << std::ifstream{stream_file}.rdbuf();
  g6::sse::event_parser parser;
  auto events = parser.feed(text.str());
  g6::sse::panel_mirror mirror;
  size_t live_moves = 0;       // chain_NIFTY changed within a cycle, by ticks
  long long last_updates = 0;  // its live.updates as last seen
  long long cycle = -1;
  for (auto& ev : events) {
    auto error = mirror.apply(ev);
    BOOST_TEST_REQUIRE(!error.has_value(), *error);
    if (ev.type != "panel_diff" || !nlohmann::json::parse(ev.data)["changed"].contains("chain_NIFTY"))
      continue;
    auto& chain = mirror.panels().at("chain_NIFTY");
    auto& live = chain["live"];
    if (chain["cycle"].get<long long>() != cycle) {
      cycle = chain["cycle"].get<long long>();
      last_updates = live.is_null() ? 0 : live["updates"].get<long long>();
      continue;
    }
    // Within a cycle, only ticks move the chain: each time one more live update, stamped.
    BOOST_TEST_REQUIRE(live.is_object(), chain.dump());
    BOOST_TEST(live["updates"].get<long long>() > last_updates);
    BOOST_TEST(live["arrived_ms"].get<long long>() > 0);
    last_updates = live["updates"].get<long long>();
    ++live_moves;
  }
  BOOST_TEST_INFO(text.str().substr(0, 3000));
  // The fake ticks every instrument about once a second: the chain moves several times between cycles,
  // never faster than tick_rate_hz allows (plus the cycles' own panels).
  BOOST_TEST(live_moves >= 3u);
  BOOST_TEST(live_moves <= static_cast<size_t>(4 * seconds + 2));
  g6.signal(SIGTERM);
  BOOST_TEST(g6.wait(60s).value_or(-1) == 0, g6.log());
}

namespace {

// A second Kite Connect app the fake serves beside the first: configured as providers.kite_apps.backup and
// named in providers.kite.ticker.spill_apps, it lends its ticker connections once the first app's are full.
// The fake lists 7,140 options in all, less than one app's 9,000: the first app gives the ticker two of its
// three connections (ticker.connections, the third left to another KiteTicker), 6,000 instruments.
const std::string spill_key = "kite_spill_key";
const std::string spill_secret = "kite_spill_secret_beef";

std::vector<std::string> two_app_fake_args() {
  return {"--clock", slow_clock, "--api-key", api_key, "--api-secret", api_secret, "--quote-rate", "10",
          "--access-token", "headless_token_123", "--app", spill_key + ":" + spill_secret};
}

// Whole chains of every underlying the fake lists: more than the first app's two connections hold.
std::filesystem::path spill_config(const temp_dir& dir, const fake_kite_process& kite) {
  auto credentials = dir.path() / "backup_credentials.json";
  std::ofstream{credentials} << nlohmann::json{{"api_key", spill_key}, {"api_secret", spill_secret}}.dump();
  return write_config(dir, 10, [&](nlohmann::json& doc) {
    for (auto name : {"NIFTY", "BANKNIFTY", "FINNIFTY", "MIDCPNIFTY", "SENSEX", "RELIANCE", "HDFCBANK", "INFY", "TCS",
                      "SBIN"})
      doc["index_params"][name] = {{"expiries", "all"}, {"strikes_itm", "all"}, {"strikes_otm", "all"}};
    auto& kite_app = doc["providers"]["kite"];
    kite_app["quote_rate_per_second"] = 10;
    kite_app["quotes"] = "stream";
    kite_app["ticker_url"] = "ws://127.0.0.1:" + std::to_string(kite.port()) + "/ws";
    kite_app["ticker"]["connections"] = 2;
    kite_app["ticker"]["spill_apps"] = {"backup"};
    doc["providers"]["kite_apps"]["backup"] = {{"base_url", kite.base_url()},
                                               {"credentials_file", credentials.string()},
                                               {"token_file", (dir.path() / "backup_token.json").string()}};
  });
}

// The backup app's token file, as `g6 token --app backup exchange` writes it after a login.
int exchange_backup_token(const temp_dir& dir, const std::filesystem::path& config, const std::string& request_token) {
  return run_g6({"token", "--config", config.string(), "--app", "backup", "exchange", "--request-token", request_token},
                dir.path(), 1min)
    .exit_code;
}

std::vector<std::string> primary_env(const fake_kite_process& kite) {
  return {"G6_KITE_BASE_URL=" + kite.base_url(), "KITE_API_KEY=" + api_key, "KITE_ACCESS_TOKEN=headless_token_123"};
}

std::vector<std::string> slow_run_args(const temp_dir& dir, const std::string& cycles, const std::filesystem::path& config) {
  return {"run", "--config", config.string(), "--clock", slow_clock, "--data-dir", (dir.path() / "data").string(),
          "--cycles", cycles};
}

nlohmann::json ticker_panel(const temp_dir& dir) {
  std::ifstream panel_file{dir.path() / "data" / "panels" / "providers_enveloped.json"};
  return nlohmann::json::parse(panel_file)["data"]["providers"].at(0)["ticker"];
}

long long by_key(const std::string& stats, const std::string& key, const std::string& figure) {
  auto keys = nlohmann::json::parse(stats)["ticker"]["by_key"];
  return keys.contains(key) ? keys[key].value(figure, -1LL) : 0;
}

} // namespace

BOOST_AUTO_TEST_CASE(beyond_the_first_apps_connections_the_ticker_spills_onto_a_second_apps) {
  temp_dir dir;
  fake_kite_process kite{two_app_fake_args(), dir.path() / "fake.log"};
  auto config = spill_config(dir, kite);
  BOOST_REQUIRE(exchange_backup_token(dir, config, "request_token_backup_1") == 0);
  g6_process g6{slow_run_args(dir, "10", config), dir.path() / "run.log", primary_env(kite)};
  // Once every connection streams (the spill app's within the first cycles), every instrument has a tick: no
  // more /quote calls.
  BOOST_REQUIRE(cycles_logged(g6, 4));
  auto running = kite.stats();
  auto quote_calls = stat(running, "quote");
  BOOST_REQUIRE(g6.wait(180s) == 0);
  auto db = database(dir);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles WHERE status = 'ok'") == 10);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE options_collected < options_expected") == 0);
  auto options = query_int(db, "SELECT sum(options_expected) FROM overview WHERE ts_ms = (SELECT max(ts_ms) FROM overview)");
  auto stats = kite.stats();
  auto ticker = ticker_panel(dir);
  BOOST_TEST_MESSAGE("options a cycle: " << options << "; /quote calls after cycle 4: " << quote_calls
                                         << "; fake while running: " << running << "; fake at the end: " << stats
                                         << "; ticker: " << ticker.dump());
  BOOST_REQUIRE(options > 6000);
  BOOST_TEST(stat(stats, "quote") == quote_calls);
  // The first app's two connections, and the second app's first: the fake saw both keys.
  BOOST_TEST(by_key(stats, api_key, "handshakes_accepted") == 2);
  BOOST_TEST(by_key(stats, spill_key, "handshakes_accepted") == 1);
  // While running: the first app's two connections full, the rest on the second app's.
  BOOST_TEST(by_key(running, api_key, "subscribed") == 6000);
  BOOST_TEST(by_key(running, spill_key, "subscribed") == options + 10 - 6000); // the options and ten levels
  BOOST_TEST(ticker_stat(stats, "refused_subscriptions") == 0);
  BOOST_TEST(ticker["left_out"] == 0);
  BOOST_TEST(ticker["subscribed"].get<long long>() > 6000);
  BOOST_TEST(ticker["apps"]["kite"]["streaming"] == 2);
  BOOST_TEST(ticker["apps"]["kite.backup"]["streaming"] == 1);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'ticker_capacity'") == 0);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'ticker_connected' AND detail LIKE "
                           "'connection 3 (kite.backup)%'") == 1);
}

BOOST_AUTO_TEST_CASE(a_spill_apps_refused_token_stops_only_its_connections_until_its_token_file_changes) {
  temp_dir dir;
  fake_kite_process kite{two_app_fake_args(), dir.path() / "fake.log"};
  auto config = spill_config(dir, kite);
  BOOST_REQUIRE(exchange_backup_token(dir, config, "request_token_backup_1") == 0);
  // The backup app's token file holds a token Kite does not know (revoked, or another app's).
  auto token_file = dir.path() / "backup_token.json";
  nlohmann::json token;
  std::ifstream{token_file} >> token;
  token["access_token"] = "a_token_kite_refuses";
  std::ofstream{token_file, std::ios::trunc} << token.dump();
  g6_process g6{slow_run_args(dir, "16", config), dir.path() / "run.log", primary_env(kite)};
  auto logged = [&](const std::string& text) {
    return g6.wait_for_log([&](const std::string& log) { return log.find(text) != std::string::npos; }, 90s);
  };
  BOOST_REQUIRE(logged("connection 3 (kite.backup): Kite refused the access token"));
  BOOST_REQUIRE(cycles_logged(g6, last_cycle(g6.log()) + 2));
  // The first app streams on its two; the backup app holds none and does not retry.
  auto refused = kite.stats();
  BOOST_TEST_INFO(refused);
  BOOST_TEST(by_key(refused, api_key, "connections") == 2);
  BOOST_TEST(by_key(refused, spill_key, "connections") == 0);
  BOOST_TEST(ticker_stat(refused, "handshakes_refused") == 1);
  // A new token for the backup app: only its connection comes back.
  BOOST_REQUIRE(exchange_backup_token(dir, config, "request_token_backup_2") == 0);
  BOOST_REQUIRE(logged("kite.backup: a new access token appeared"));
  BOOST_REQUIRE(logged("connection 3 (kite.backup): open"));
  BOOST_REQUIRE(g6.wait(180s) == 0);
  auto stats = kite.stats();
  BOOST_TEST_INFO(stats);
  BOOST_TEST(by_key(stats, api_key, "handshakes_accepted") == 2);
  BOOST_TEST(by_key(stats, spill_key, "handshakes_accepted") == 1);
  BOOST_TEST(ticker_stat(stats, "handshakes_refused") == 1);
  auto db = database(dir);
  // No cycle lost: REST served the backup app's share while its token was refused.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles WHERE status = 'ok'") == 16);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'ticker_auth_required'") == 1);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'ticker_lost' AND detail LIKE 'connection _ (kite)%'")
             == 0);
}
