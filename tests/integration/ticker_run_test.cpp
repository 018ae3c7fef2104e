// End to end: g6 in stream mode (providers.kite.quotes = stream) against g6-fake-kite's WebSocket ticker:
// cycles take their quotes from the tick book instead of REST; a silent ticker is noticed and reopened
// without losing a cycle; a refused handshake waits for a new token instead of hammering the server; whole
// chains of every underlying fill one app's three connections (9,000 instruments) and REST serves the rest,
// or with a spill app the rest streams on a fourth connection, the second app's, whose refused token stops
// only its own; fixed windows that cannot fit are a config error; between cycles the chain panels on the live
// stream move with the ticks.
#define BOOST_TEST_MODULE ticker_run
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "actors/sse/panel_mirror.hpp"
#include "actors/sse/sse_parser.hpp"
#include "config/synthetic_underlyings.hpp"
#include "tests/integration/fake_kite_process.hpp"
#include "tests/integration/g6_process.hpp"
#include "tests/integration/kite_run_support.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;

namespace {

// Quotes from the fake's ticker (providers.kite.quotes = stream).
void stream_from(const fake_kite_process& kite, nlohmann::json& doc) {
  doc["providers"]["kite"]["quotes"] = "stream";
  doc["providers"]["kite"]["ticker_url"] = "ws://127.0.0.1:" + std::to_string(kite.port()) + "/ws";
}

std::filesystem::path stream_config(const temp_dir& dir, const fake_kite_process& kite) {
  return write_config(dir, 10, [&](nlohmann::json& doc) { stream_from(kite, doc); });
}

long long ticker_stat(const std::string& stats, const std::string& key) {
  return nlohmann::json::parse(stats)["ticker"].value(key, -1LL);
}

// Every underlying the fake lists (its instrument dump: five indices and two dozen stocks), each with `window`.
void every_underlying(nlohmann::json& doc, const nlohmann::json& window) {
  for (auto& underlying : g6::synthetic_underlyings())
    doc["index_params"][std::string{underlying.name}] = window;
}

const nlohmann::json whole_chain{{"expiries", "all"}, {"strikes_itm", "all"}, {"strikes_otm", "all"}};

// One app's ticker: Kite's three connections of 3,000 instruments.
constexpr long long one_app = 9000;

// Whole chains of every underlying in stream mode: about 11,400 options and the levels, more than one app's
// ticker holds. The first cycle's REST calls (23 of 500 instruments) fit its timeout at 20 a second.
std::vector<std::string> whole_chains_fake_args(std::vector<std::string> more = {}) {
  std::vector<std::string> args{"--clock",  slow_clock,     "--api-key", api_key,          "--api-secret",
                                api_secret, "--quote-rate", "20",        "--access-token", "headless_token_123"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

void whole_chains_of_every_underlying(const fake_kite_process& kite, nlohmann::json& doc) {
  every_underlying(doc, whole_chain);
  doc["providers"]["kite"]["quote_rate_per_second"] = 20;
  stream_from(kite, doc);
}

std::vector<std::string> primary_env(const fake_kite_process& kite) {
  return {"G6_KITE_BASE_URL=" + kite.base_url(), "KITE_API_KEY=" + api_key, "KITE_ACCESS_TOKEN=headless_token_123"};
}

std::vector<std::string> slow_run_args(const temp_dir& dir, const std::string& cycles,
                                       const std::filesystem::path& config) {
  return {"run",      "--config", config.string(), "--clock", slow_clock, "--data-dir", (dir.path() / "data").string(),
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

// The options of the run's last cycle, every underlying's (the overview's options_expected).
long long options_a_cycle(const std::filesystem::path& db) {
  return query_int(db, "SELECT sum(options_expected) FROM overview WHERE ts_ms = (SELECT max(ts_ms) FROM overview)");
}

// What the ticker is asked for: the options and each underlying's level.
long long instruments_of(long long options) {
  return options + static_cast<long long>(g6::synthetic_underlyings().size());
}

} // namespace

BOOST_AUTO_TEST_CASE(stream_mode_stores_every_cycle_with_quotes_from_the_ticker_instead_of_rest) {
  temp_dir dir;
  fake_kite_process kite{fake_args(sim_clock, {"--access-token", "headless_token_123"}), dir.path() / "fake.log"};
  auto r = run_g6(run_args(dir, "16", stream_config(dir, kite)), dir.path(), 3min, primary_env(kite));
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
  g6_process g6{{"run", "--config", config.string(), "--clock", slow_clock, "--data-dir",
                 (dir.path() / "data").string(), "--cycles", "24"},
                dir.path() / "run.log",
                env};
  auto db = database(dir);
  auto has_event = [&](const std::string& kind, long long at_least) { return events_stored(dir, kind, at_least, 60s); };
  BOOST_REQUIRE(has_event("ticker_connected", 1));
  BOOST_REQUIRE(cycles_stored(dir, 3));
  // Silence (socket open, nothing sent): closed after silence_seconds (5), reopened after the backoff.
  kite.fault("ticker_silent:7");
  BOOST_REQUIRE(has_event("ticker_lost", 1));
  BOOST_REQUIRE(has_event("ticker_connected", 2));
  // The token is refused at the next handshake: no retry loop until a new token is exchanged.
  kite.fault("ticker_403:5");
  kite.fault("ticker_close");
  BOOST_REQUIRE(has_event("ticker_auth_required", 1));
  auto refused_before = ticker_stat(kite.stats(), "handshakes_refused");
  BOOST_REQUIRE(cycles_stored(dir, last_stored_cycle(dir) + 3));
  BOOST_TEST(ticker_stat(kite.stats(), "handshakes_refused") == refused_before);
  kite.fault("none");
  BOOST_REQUIRE(exchange("request_token_second_2").exit_code == 0);
  BOOST_REQUIRE(has_event("ticker_auth_restored", 1));
  BOOST_REQUIRE(has_event("ticker_connected", 3));
  BOOST_REQUIRE(exits_cleanly(g6, 120s));

  auto stats = kite.stats();
  BOOST_TEST_INFO(stats);
  BOOST_TEST(ticker_stat(stats, "handshakes_refused") == 1);
  // No cycle lost: REST served what the ticker could not while it was down.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles WHERE status = 'ok'") == 24);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'ticker_lost' AND detail LIKE '%silence%'") >= 1);
}

BOOST_AUTO_TEST_CASE(whole_chains_of_every_underlying_fill_one_apps_three_connections_and_rest_serves_the_remainder) {
  temp_dir dir;
  fake_kite_process kite{whole_chains_fake_args(), dir.path() / "fake.log"};
  auto config = write_config(dir, 10, [&](nlohmann::json& doc) { whole_chains_of_every_underlying(kite, doc); });
  g6_process g6{slow_run_args(dir, "6", config), dir.path() / "run.log", primary_env(kite)};
  BOOST_REQUIRE(cycles_stored(dir, 3));
  auto running = kite.stats();
  BOOST_REQUIRE(exits_cleanly(g6, 120s));
  auto db = database(dir);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles WHERE status = 'ok'") == 6);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE options_collected < options_expected") == 0);
  BOOST_TEST(query_int(db, "SELECT count(DISTINCT index_name) FROM overview")
             == static_cast<long long>(g6::synthetic_underlyings().size()));
  auto options = options_a_cycle(db);
  auto stats = kite.stats();
  auto ticker = ticker_panel(dir);
  BOOST_TEST_MESSAGE("options a cycle: " << options << "; fake while running: " << running
                                         << "; fake at the end: " << stats << "; ticker: " << ticker.dump());
  BOOST_REQUIRE(instruments_of(options) > one_app);
  // The app's three connections, each full, none refused a subscription.
  BOOST_TEST(by_key(running, api_key, "connections") == 3);
  BOOST_TEST(by_key(running, api_key, "subscribed") == one_app);
  BOOST_TEST(ticker_stat(stats, "handshakes_accepted") == 3);
  BOOST_TEST(ticker_stat(stats, "refused_subscriptions") == 0);
  BOOST_TEST(ticker["apps"]["kite"]["streaming"] == 3);
  BOOST_TEST(ticker["subscribed"] == one_app);
  BOOST_TEST(ticker["left_out"] == instruments_of(options) - one_app);
  // What does not fit is said once, with the numbers, and fetched by REST every cycle.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'ticker_capacity' AND detail LIKE '"
                             + std::to_string(instruments_of(options))
                             + " instruments wanted, 9000 fit on 3 connections" + " of 3000 (1 app: %): "
                             + std::to_string(instruments_of(options) - one_app) + " are fetched by REST'")
             == 1);
  BOOST_TEST(stat(stats, "quote") > stat(running, "quote"));
  BOOST_TEST(ticker["quotes_streamed"].get<long long>() > 3 * (options - ticker["left_out"].get<long long>()));
}

// Fixed windows are bounded when the config loads: ATM ± 30 strikes of three expiries of every underlying
// need more than one app's ticker holds, and without a spill app the run does not start.
BOOST_AUTO_TEST_CASE(fixed_windows_beyond_one_apps_ticker_without_a_spill_app_are_a_config_error_naming_the_numbers) {
  temp_dir dir;
  auto config = write_config(dir, 10, [&](nlohmann::json& doc) {
    every_underlying(doc, {{"expiries", 3}, {"strikes_itm", 30}, {"strikes_otm", 30}});
    doc["providers"]["kite"]["quotes"] = "stream";
  });
  auto r = run_g6(slow_run_args(dir, "1", config), dir.path(), 1min,
                  {"KITE_API_KEY=" + api_key, "KITE_ACCESS_TOKEN=headless_token_123"});
  BOOST_TEST(r.exit_code == 2, r.output);
  // Per underlying 3 expiries x (30 + 30 + 1 strikes and 5 margin strikes on each side) x call and put, and
  // its level: 427.
  auto needed = std::to_string(427 * g6::synthetic_underlyings().size());
  BOOST_TEST(r.output.find("/providers/kite/ticker: the strike windows need up to " + needed
                           + " instruments on the ticker (ADANIENT 427, ")
               != std::string::npos,
             r.output);
  BOOST_TEST(r.output.find(", NIFTY 427, ") != std::string::npos, r.output);
  BOOST_TEST(r.output.find("but its 3 connections (kite 3) hold 9000 (3000 each): add apps to spill_apps")
               != std::string::npos,
             r.output);
  BOOST_TEST(!std::filesystem::exists(database(dir)));
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
                 (dir.path() / "data").string(), "--ready-file", (dir.path() / "ready.json").string()},
                dir.path() / "run.log",
                primary_env(kite)};
  auto ready = wait_until_ready(g6, dir.path() / "ready.json", 60s);
  BOOST_TEST_REQUIRE(ready.has_value(), g6.log());
  auto serving = ready->at("sse").get<std::string>();
  BOOST_REQUIRE(cycles_stored(dir, 1));
  auto stream_file = dir.path() / "stream.txt";
  constexpr int seconds = 10;
  std::system(
    ("curl -N -s --max-time " + std::to_string(seconds) + " " + serving + "/events > " + stream_file.string()).c_str());
  std::stringstream text;
  text << std::ifstream{stream_file}.rdbuf();
  g6::sse::event_parser parser;
  auto events = parser.feed(text.str());
  g6::sse::panel_mirror mirror;
  size_t live_moves = 0;      // chain_NIFTY changed within a cycle, by ticks
  long long last_updates = 0; // its live.updates as last seen
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
  BOOST_TEST(exits_cleanly(g6, 60s));
}

namespace {

// A second Kite Connect app the fake serves beside the first: configured as providers.kite_apps.backup and
// named in providers.kite.ticker.spill_apps, it lends its ticker connections once the first app's three are
// full.
const std::string spill_key = "kite_spill_key";
const std::string spill_secret = "kite_spill_secret_beef";

std::vector<std::string> two_app_fake_args() {
  return whole_chains_fake_args({"--app", spill_key + ":" + spill_secret});
}

// Whole chains of every underlying the fake lists: more than the first app's three connections hold.
std::filesystem::path spill_config(const temp_dir& dir, const fake_kite_process& kite) {
  auto credentials = dir.path() / "backup_credentials.json";
  std::ofstream{credentials} << nlohmann::json{{"api_key", spill_key}, {"api_secret", spill_secret}}.dump();
  return write_config(dir, 10, [&](nlohmann::json& doc) {
    whole_chains_of_every_underlying(kite, doc);
    doc["providers"]["kite"]["ticker"]["spill_apps"] = {"backup"};
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

} // namespace

BOOST_AUTO_TEST_CASE(beyond_the_first_apps_three_connections_the_ticker_spills_onto_a_fourth_the_second_apps) {
  temp_dir dir;
  fake_kite_process kite{two_app_fake_args(), dir.path() / "fake.log"};
  auto config = spill_config(dir, kite);
  BOOST_REQUIRE(exchange_backup_token(dir, config, "request_token_backup_1") == 0);
  g6_process g6{slow_run_args(dir, "10", config), dir.path() / "run.log", primary_env(kite)};
  // The spill app's connection opens once the first cycle has asked for everything. From the cycle after the
  // one it opened in, every instrument has a tick: no more /quote calls.
  BOOST_REQUIRE(events_stored(dir, "ticker_connected", 1, 90s, "connection 4 (kite.backup): open"));
  // Stored cycles trail the log by the one in flight: one more for that.
  auto spilled_in = last_stored_cycle(dir) + 1;
  BOOST_REQUIRE(cycles_stored(dir, spilled_in + 2));
  auto running = kite.stats();
  BOOST_REQUIRE(exits_cleanly(g6, 180s));
  auto db = database(dir);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles WHERE status = 'ok'") == 10);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE options_collected < options_expected") == 0);
  auto options = options_a_cycle(db);
  auto stats = kite.stats();
  auto ticker = ticker_panel(dir);
  BOOST_TEST_MESSAGE("options a cycle: " << options << "; spill connection open in cycle " << spilled_in
                                         << "; fake while running: " << running << "; fake at the end: " << stats
                                         << "; ticker: " << ticker.dump());
  BOOST_REQUIRE(instruments_of(options) > one_app);
  BOOST_REQUIRE(spilled_in + 2 < 10);
  BOOST_TEST(stat(stats, "quote") == stat(running, "quote"));
  // The first app's three connections full, the rest on the second app's first: the fake saw both keys.
  BOOST_TEST(by_key(running, api_key, "connections") == 3);
  BOOST_TEST(by_key(running, api_key, "subscribed") == one_app);
  BOOST_TEST(by_key(running, spill_key, "connections") == 1);
  BOOST_TEST(by_key(running, spill_key, "subscribed") == instruments_of(options) - one_app);
  BOOST_TEST(by_key(stats, api_key, "handshakes_accepted") == 3);
  BOOST_TEST(by_key(stats, spill_key, "handshakes_accepted") == 1);
  BOOST_TEST(ticker_stat(stats, "refused_subscriptions") == 0);
  BOOST_TEST(ticker["apps"]["kite"]["streaming"] == 3);
  BOOST_TEST(ticker["apps"]["kite.backup"]["streaming"] == 1);
  BOOST_TEST(ticker["subscribed"] == instruments_of(options));
  BOOST_TEST(ticker["left_out"] == 0);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'ticker_capacity'") == 0);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'ticker_connected' AND detail LIKE "
                           "'connection 4 (kite.backup)%'")
             == 1);
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
  BOOST_REQUIRE(
    events_stored(dir, "ticker_auth_required", 1, 90s, "connection 4 (kite.backup): Kite refused the access token"));
  BOOST_REQUIRE(cycles_stored(dir, last_stored_cycle(dir) + 3));
  // The first app streams on its three; the backup app holds none and does not retry.
  auto refused = kite.stats();
  BOOST_TEST_INFO(refused);
  BOOST_TEST(by_key(refused, api_key, "connections") == 3);
  BOOST_TEST(by_key(refused, spill_key, "connections") == 0);
  BOOST_TEST(ticker_stat(refused, "handshakes_refused") == 1);
  // A new token for the backup app: only its connection comes back.
  BOOST_REQUIRE(exchange_backup_token(dir, config, "request_token_backup_2") == 0);
  BOOST_REQUIRE(events_stored(dir, "ticker_auth_restored", 1, 90s, "kite.backup: a new access token appeared"));
  BOOST_REQUIRE(events_stored(dir, "ticker_connected", 1, 90s, "connection 4 (kite.backup): open"));
  BOOST_REQUIRE(exits_cleanly(g6, 180s));
  auto stats = kite.stats();
  BOOST_TEST_INFO(stats);
  BOOST_TEST(by_key(stats, api_key, "handshakes_accepted") == 3);
  BOOST_TEST(by_key(stats, spill_key, "handshakes_accepted") == 1);
  BOOST_TEST(ticker_stat(stats, "handshakes_refused") == 1);
  auto db = database(dir);
  // No cycle lost: REST served the backup app's share while its token was refused.
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles WHERE status = 'ok'") == 16);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'ticker_auth_required'") == 1);
  BOOST_TEST(
    query_int(db, "SELECT count(*) FROM events WHERE kind = 'ticker_lost' AND detail LIKE 'connection _ (kite)%'")
    == 0);
}
