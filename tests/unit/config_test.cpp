#define BOOST_TEST_MODULE config
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "config/embedded.hpp"
#include "config/environment_file.hpp"
#include "config/loader.hpp"
#include "config/provider_chain.hpp"
#include "config/spot_keys.hpp"
#include "config/synthetic_underlyings.hpp"
#include "config/ticker_capacity.hpp"
#include "tests/support/temp_dir.hpp"

using namespace g6;
using json = nlohmann::ordered_json;
using lines = std::vector<std::string>;

namespace {

const std::string data = "tests/data/config/";

environment env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto i = vars.find(std::string{name});
    if (i == vars.end())
      return std::nullopt;
    return i->second;
  };
}

const environment no_env = env_of({});

/// Problems as "WHERE: MESSAGE" lines, so a failing comparison prints readable text.
lines problems_of(const load_result& r) {
  lines result;
  for (auto& p : r.problems)
    result.push_back(p.where + ": " + p.message);
  return result;
}

lines problems_of(const std::string& file, const environment& env = no_env) {
  auto r = load_settings(data + file, env);
  BOOST_TEST(!r.value.has_value());
  return problems_of(r);
}

settings load_ok(const load_result& r) {
  BOOST_TEST_REQUIRE(r.value.has_value(), "problems: " << r.problems.size() << " first: "
                                                       << (r.problems.empty() ? "" : r.problems[0].message));
  BOOST_TEST(r.problems.empty());
  return *r.value;
}

std::vector<std::string> enabled_indices(const settings& s) {
  std::vector<std::string> result;
  for (auto& i : s.indices)
    if (i.enable)
      result.push_back(i.name);
  return result;
}

/// The settings of the documented default config (docs/configuration.md), spelled out.
const char* documented_defaults = R"({
  "index_params": {
    "NIFTY": {"enable": true, "expiries": ["this_week", "next_week", "this_month", "next_month"],
              "strikes_itm": 10, "strikes_otm": 10, "spot_key": ""},
    "BANKNIFTY": {"enable": true, "expiries": ["this_month", "next_month"], "strikes_itm": 10, "strikes_otm": 10,
                  "spot_key": ""},
    "FINNIFTY": {"enable": true, "expiries": ["this_month", "next_month"], "strikes_itm": 10, "strikes_otm": 10,
                 "spot_key": ""},
    "MIDCPNIFTY": {"enable": true, "expiries": ["this_month", "next_month"], "strikes_itm": 10, "strikes_otm": 10,
                   "spot_key": ""},
    "SENSEX": {"enable": true, "expiries": ["this_week", "next_week", "this_month"], "strikes_itm": 10,
               "strikes_otm": 10, "spot_key": ""}
  },
  "greeks": {"enabled": true, "estimate_iv": true, "risk_free_rate": 0.065, "iv_min": 0.01, "iv_max": 5,
             "iv_precision": 1e-9, "iv_max_iterations": 100},
  "collection": {"interval_seconds": 60, "cycle_timeout_seconds": 30, "quote_max_age_seconds": 300},
  "storage": {"data_dir": "./data", "sqlite_file": "g6.sqlite", "synchronous": "full", "busy_timeout_ms": 5000,
              "integrity_check": "quick", "csv": {"enabled": false, "dir": ""}, "journal": {"enabled": true, "fsync": "cycle"},
              "influx": {"enabled": false, "url": "", "database": "", "token": "", "ca_file": "", "timeout_seconds": 5,
                         "memory_batches": 200, "spill_max_mb": 512, "spill_dir": ""},
              "retention": {"keep_days": 0, "after_close_minutes": 30}},
  "providers": {"primary": "synthetic", "failover": [], "request_timeout_seconds": 10,
                "breaker": {"window": 20, "min_calls": 5, "failure_rate": 0.5, "open_seconds": 10,
                            "half_open_trials": 3},
                "synthetic": {"seed": 20261126},
                "kite": {"base_url": "https://api.kite.trade", "credentials_file": "", "token_file": "",
                         "quote_rate_per_second": 1, "other_rate_per_second": 10, "merge_window_ms": 50,
                         "connect_timeout_seconds": 3, "quotes": "rest", "ticker_url": "wss://ws.kite.trade",
                         "ticker": {"mode": "full", "silence_seconds": 5, "connections": 3, "spill_apps": []}},
                "kite_apps": {}},
  "supervision": {"max_restarts": 3, "within_seconds": 5, "backoff_initial_ms": 50, "backoff_max_ms": 5000,
                  "shutdown_timeout_seconds": 4},
  "analytics": {"pool_size": 0, "surface": {"enabled": true, "min_premium": 1, "max_relative_spread": 0.2}},
  "logging": {"level": "info"},
  "faults": {"latency_ms": 0, "error_rate": 0, "garbage_rate": 0, "collector_crashes": []},
  "metrics": {"bind_address": "0.0.0.0", "port": 9108, "enable_groups": [], "disable_groups": []},
  "panels": {"dir": "", "validate": "warn", "integrity": {"enabled": true, "interval_seconds": 30, "strict": false}},
  "sse": {"enabled": true, "bind_address": "127.0.0.1", "port": 9320, "token": "", "allow_ips": [],
          "allow_user_agents": [], "cors_origins": [], "mode": "diff", "heartbeat_seconds": 15, "tick_rate_hz": 2, "retry_ms": 3000,
          "ring_size": 256, "max_event_bytes": 4194304, "queue_limit": 32, "max_coalesces": 3,
          "max_clients": 10000, "max_clients_per_ip": 64, "requests_per_second": 10, "request_burst": 20,
          "max_header_bytes": 8192, "max_target_bytes": 2048, "request_timeout_seconds": 10,
          "write_timeout_seconds": 30, "io_threads": 1},
  "nodes": {"secret": "", "heartbeat_ms": 200, "connection_timeout_ms": 1000, "outbox_memory_batches": 64,
            "reconnect_initial_ms": 100, "reconnect_max_ms": 2000}
})";

} // namespace

BOOST_AUTO_TEST_SUITE(defaults)

BOOST_AUTO_TEST_CASE(default_config_loads_and_equals_the_documented_defaults) {
  auto s = load_ok(load_default_settings(no_env));
  BOOST_TEST(json::parse(settings_to_json(s)) == json::parse(documented_defaults));
  BOOST_TEST(enabled_indices(s) == (lines{"NIFTY", "BANKNIFTY", "FINNIFTY", "MIDCPNIFTY", "SENSEX"}),
             boost::test_tools::per_element());
  BOOST_TEST(s.indices[0].expiries.buckets.size() == 4u);
  BOOST_TEST(s.collection.interval_seconds == 60);
  BOOST_TEST(s.greeks.risk_free_rate == 0.065);
}

BOOST_AUTO_TEST_CASE(a_file_with_only_index_params_takes_every_other_default) {
  auto s = load_ok(load_settings(data + "minimal.json", no_env));
  auto expected = json::parse(settings_to_json(settings{}));
  expected["index_params"] = json::parse(R"({
    "SENSEX": {"enable": true, "expiries": ["this_week"], "strikes_itm": 10, "strikes_otm": 10, "spot_key": ""},
    "NIFTY": {"enable": true, "expiries": ["this_week", "this_month"], "strikes_itm": 5, "strikes_otm": 0, "spot_key": ""}
  })");
  BOOST_TEST(json::parse(settings_to_json(s)) == expected);
}

BOOST_AUTO_TEST_CASE(faults_are_read) {
  auto s = load_ok(load_settings(data + "faults.json", no_env));
  BOOST_TEST(s.faults.latency_ms == 25);
  BOOST_TEST(s.faults.error_rate == 0.1);
  BOOST_TEST(s.faults.garbage_rate == 0.05);
  BOOST_REQUIRE_EQUAL(s.faults.collector_crashes.size(), 2u);
  BOOST_TEST(s.faults.collector_crashes[0].index == "SENSEX");
  BOOST_TEST(s.faults.collector_crashes[0].cycle == 2u);
  BOOST_TEST(s.faults.collector_crashes[1].index == "NIFTY");
  BOOST_TEST(s.faults.collector_crashes[1].cycle == 9007199254740991u);
}

BOOST_AUTO_TEST_CASE(commands_take_the_option_then_g6_config_then_the_built_in_config) {
  std::ostringstream err;
  auto from_env = env_of({{"G6_CONFIG", data + "faults.json"}});
  auto by_option = load_command_config(data + "minimal.json", from_env, err);
  BOOST_TEST_REQUIRE(by_option.has_value());
  BOOST_TEST(by_option->source == data + "minimal.json");
  auto by_env = load_command_config("", from_env, err);
  BOOST_TEST_REQUIRE(by_env.has_value());
  BOOST_TEST(by_env->source == data + "faults.json");
  BOOST_TEST(by_env->value.faults.error_rate > 0);
  auto built_in = load_command_config("", no_env, err);
  BOOST_TEST_REQUIRE(built_in.has_value());
  BOOST_TEST(built_in->source == "<built-in g6.json>");
  BOOST_TEST(err.str().empty());
}

BOOST_AUTO_TEST_CASE(a_command_config_with_problems_names_the_file_and_gives_nothing) {
  std::ostringstream err;
  BOOST_TEST(!load_command_config(data + "wrong_types.json", no_env, err).has_value());
  BOOST_TEST(err.str().rfind(data + "wrong_types.json: ", 0) == 0, err.str());
}

BOOST_AUTO_TEST_CASE(printed_settings_load_back_to_the_same_settings) {
  auto s = load_ok(load_settings(data + "faults.json", no_env));
  s.greeks.iv_precision = 1e-7;
  s.storage.synchronous = "normal";
  s.providers.synthetic.seed = 9007199254740991u;
  auto text = settings_to_json(s);
  auto again = load_ok(load_settings_json(text, no_env));
  BOOST_TEST(settings_to_json(again) == text);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(schema)

namespace {

/// The document of default settings with one default index "X", one default Kite app "X" and, when asked,
/// one crash: with the crash, every key the settings struct has.
json default_document(bool with_crash) {
  settings s;
  index_settings index;
  index.name = "X";
  s.indices.push_back(index);
  s.providers.kite_apps["X"] = kite_settings{};
  if (with_crash)
    s.faults.collector_crashes.push_back({"X", 1});
  return json::parse(settings_to_json(s));
}

const json& schema_document() {
  static const json schema = json::parse(embedded_file("schema.json"));
  return schema;
}

/// A rule with its "$ref" (#/definitions/NAME) followed.
const json& resolved(const json& rule) {
  auto ref = rule.find("$ref");
  return ref == rule.end() ? rule : schema_document().at(json::json_pointer{ref->get<std::string>().substr(1)});
}

/// Pointers of every key the schema allows, with their rules (a rule that refers to a shared one is
/// described where it refers); an index or app is "X", an array item 0.
void schema_keys(const json& referring, const std::string& at, std::vector<std::pair<std::string, json>>& out) {
  const auto& rule = resolved(referring);
  if (auto props = rule.find("properties"); props != rule.end())
    for (auto& [name, sub] : props->items()) {
      out.emplace_back(at + "/" + name, sub);
      schema_keys(sub, at + "/" + name, out);
    }
  if (auto index = rule.find("additionalProperties"); index != rule.end() && index->is_object()) {
    out.emplace_back(at + "/X", *index);
    schema_keys(*index, at + "/X", out);
  }
  if (auto items = rule.find("items"); items != rule.end() && items->contains("properties"))
    schema_keys(*items, at + "/0", out);
}

std::vector<std::pair<std::string, json>> all_schema_keys() {
  std::vector<std::pair<std::string, json>> keys;
  schema_keys(schema_document(), "", keys);
  return keys;
}

void document_keys(const json& value, const std::string& at, std::vector<std::string>& out) {
  if (value.is_object())
    for (auto& [name, sub] : value.items()) {
      out.push_back(at + "/" + name);
      document_keys(sub, at + "/" + name, out);
    }
  else if (value.is_array() && !value.empty() && value[0].is_object())
    document_keys(value[0], at + "/0", out);
}

} // namespace

BOOST_AUTO_TEST_CASE(schema_defaults_equal_the_settings_struct_defaults) {
  auto reference = default_document(false);
  int checked = 0;
  for (auto& [pointer, rule] : all_schema_keys()) {
    if (!rule.contains("default"))
      continue;
    BOOST_TEST_CONTEXT(pointer) {
      BOOST_TEST(reference.at(json::json_pointer{pointer}) == rule["default"]);
    }
    ++checked;
  }
  BOOST_TEST(checked == 122);
}

BOOST_AUTO_TEST_CASE(schema_and_settings_have_the_same_keys_each_described) {
  std::vector<std::string> from_schema;
  for (auto& [pointer, rule] : all_schema_keys()) {
    from_schema.push_back(pointer);
    BOOST_TEST(!rule.value("description", std::string{}).empty(), pointer << " has no description");
  }
  std::vector<std::string> from_settings;
  document_keys(default_document(true), "", from_settings);
  std::sort(from_schema.begin(), from_schema.end());
  std::sort(from_settings.begin(), from_settings.end());
  BOOST_TEST(from_schema == from_settings, boost::test_tools::per_element());
  BOOST_TEST(from_schema.size() == 152u);
}

BOOST_AUTO_TEST_CASE(only_the_default_section_keys_are_optional) {
  // Every key but index_params, an index's expiries and a crash's fields has a default (sections are
  // objects whose keys have defaults).
  lines without_default;
  for (auto& [pointer, rule] : all_schema_keys())
    if (!rule.contains("default") && resolved(rule).value("type", "") != "object")
      without_default.push_back(pointer);
  BOOST_TEST(
    without_default
      == (lines{"/index_params/X/expiries", "/faults/collector_crashes/0/index", "/faults/collector_crashes/0/cycle"}),
    boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bad_files)

BOOST_AUTO_TEST_CASE(unknown_keys_at_top_level_and_nested_are_errors) {
  BOOST_TEST(problems_of("unknown_keys.json")
               == (lines{"/index_params/NIFTY/strike_itm: unknown key (allowed: enable, expiries, strikes_itm, "
                         "strikes_otm, spot_key)",
                         "/collection/intervl_seconds: unknown key (allowed: interval_seconds, "
                         "cycle_timeout_seconds, quote_max_age_seconds)",
                         "/colour: unknown key (allowed: index_params, greeks, collection, storage, providers, "
                         "supervision, analytics, logging, faults, metrics, panels, sse, nodes)"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(wrong_types) {
  BOOST_TEST(
    problems_of("wrong_types.json")
      == (lines{R"(/index_params/NIFTY/enable: "yes" is not true or false)",
                R"(/index_params/NIFTY/expiries: "this_week" is not an array of this_week, next_week, )"
                R"(this_month, next_month; an integer from 1 to 100 or "all")",
                R"(/index_params/NIFTY/strikes_itm: 10.5 is not an integer from 0 to 100 or "all")",
                R"(/collection/interval_seconds: "60" is not a number)", R"(/logging: ["info"] is not an object)"}),
    boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(numbers_out_of_range) {
  BOOST_TEST(problems_of("out_of_range.json")
               == (lines{"/index_params/NIFTY/strikes_itm: -3 is less than the minimum 0",
                         "/index_params/NIFTY/strikes_otm: 101 is greater than the maximum 100",
                         "/collection/interval_seconds: 0 must be greater than 0",
                         "/providers/breaker/failure_rate: 1.5 is greater than the maximum 1",
                         "/analytics/pool_size: 300 is greater than the maximum 256"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bad_and_duplicate_and_missing_expiries) {
  BOOST_TEST(problems_of("bad_expiries.json")
               == (lines{R"(/index_params/NIFTY/expiries/1: "next_weak" is not one of this_week, next_week, )"
                         R"(this_month, next_month)",
                         R"(/index_params/BANKNIFTY/expiries/2: "this_month" repeats item 0 (items must be unique))",
                         R"(/index_params/BANKNIFTY/expiries/3: "this_month" repeats item 0 (items must be unique))",
                         "/index_params/SENSEX/expiries: [] has 0 items, expected at least 1"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(full_chains_all_strikes_and_all_or_n_expiries) {
  auto s = load_ok(load_settings_json(
    R"({"index_params": {
          "NIFTY": {"expiries": "all", "strikes_itm": "all", "strikes_otm": "all"},
          "BANKNIFTY": {"expiries": 3, "strikes_itm": "all", "strikes_otm": 5},
          "SENSEX": {"expiries": ["this_week", "next_month"], "strikes_itm": 4}}})",
    no_env));
  BOOST_REQUIRE_EQUAL(s.indices.size(), 3u);
  auto& nifty = s.indices[0];
  BOOST_TEST((nifty.expiries.choice == expiry_choice::all));
  BOOST_TEST(nifty.strikes_itm.all);
  BOOST_TEST(nifty.strikes_otm.all);
  auto& bank = s.indices[1];
  BOOST_TEST((bank.expiries.choice == expiry_choice::next));
  BOOST_TEST(bank.expiries.next == 3);
  BOOST_TEST(bank.strikes_itm.all);
  BOOST_TEST(!bank.strikes_otm.all);
  BOOST_TEST(bank.strikes_otm.count == 5);
  auto& sensex = s.indices[2];
  BOOST_TEST((sensex.expiries.choice == expiry_choice::buckets));
  BOOST_TEST(
    (sensex.expiries.buckets == std::vector<expiry_bucket>{expiry_bucket::this_week, expiry_bucket::next_month}));
  BOOST_TEST(sensex.strikes_itm.count == 4);
  BOOST_TEST(sensex.strikes_otm.count == 10); // the default
  // `config show` writes them back as they were given, and that loads to the same settings.
  auto shown = json::parse(settings_to_json(s));
  BOOST_TEST(shown["index_params"]["NIFTY"]["expiries"] == "all");
  BOOST_TEST(shown["index_params"]["NIFTY"]["strikes_itm"] == "all");
  BOOST_TEST(shown["index_params"]["BANKNIFTY"]["expiries"] == 3);
  BOOST_TEST(shown["index_params"]["BANKNIFTY"]["strikes_otm"] == 5);
  BOOST_TEST(shown["index_params"]["SENSEX"]["expiries"] == json::parse(R"(["this_week", "next_month"])"));
  auto again = load_ok(load_settings_json(shown.dump(), no_env));
  BOOST_TEST(settings_to_json(again) == settings_to_json(s));
}

BOOST_AUTO_TEST_CASE(bad_full_chain_values_say_what_is_accepted) {
  auto r = load_settings_json(
    R"({"index_params": {
          "NIFTY": {"expiries": "every", "strikes_itm": "All", "strikes_otm": -1},
          "BANKNIFTY": {"expiries": 0, "strikes_itm": 101, "strikes_otm": true},
          "FINNIFTY": {"expiries": 2.5},
          "SENSEX": {"expiries": ["all"]},
          "MIDCPNIFTY": {"expiries": 101}}})",
    no_env);
  BOOST_TEST(!r.value.has_value());
  BOOST_TEST(
    problems_of(r)
      == (lines{R"(/index_params/NIFTY/expiries: "every" is not an array of this_week, next_week, this_month, )"
                R"(next_month; an integer from 1 to 100 or "all")",
                R"(/index_params/NIFTY/strikes_itm: "All" is not an integer from 0 to 100 or "all")",
                "/index_params/NIFTY/strikes_otm: -1 is less than the minimum 0",
                "/index_params/BANKNIFTY/expiries: 0 is less than the minimum 1",
                "/index_params/BANKNIFTY/strikes_itm: 101 is greater than the maximum 100",
                R"(/index_params/BANKNIFTY/strikes_otm: true is not an integer from 0 to 100 or "all")",
                R"(/index_params/FINNIFTY/expiries: 2.5 is not an array of this_week, next_week, this_month, )"
                R"(next_month; an integer from 1 to 100 or "all")",
                R"(/index_params/SENSEX/expiries/0: "all" is not one of this_week, next_week, this_month, )"
                R"(next_month)",
                "/index_params/MIDCPNIFTY/expiries: 101 is greater than the maximum 100"}),
    boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(integers_too_large_for_int64_are_reported_as_too_large) {
  auto r = load_settings_json(
    R"({"index_params": {"NIFTY": {"expiries": ["this_week"]}},
        "providers": {"synthetic": {"seed": 18446744073709551615}}})",
    no_env);
  BOOST_TEST(problems_of(r)
               == (lines{"/providers/synthetic/seed: 18446744073709551615 is greater than the maximum "
                         "9007199254740991"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(invalid_json_names_line_and_column) {
  BOOST_TEST(problems_of("syntax_error.json")
               == (lines{"line 7, column 3: syntax error while parsing object key - unexpected '}'; expected "
                         "string literal"}),
             boost::test_tools::per_element());
  BOOST_TEST(problems_of(load_settings_json("", no_env))
               == (lines{"line 1, column 1: syntax error while parsing value - unexpected end of input; "
                         "expected '[', '{', or a literal"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_key_given_twice_is_an_error) {
  BOOST_TEST(problems_of("duplicate_key.json")
               == (lines{"/index_params/NIFTY/strikes_itm: key given twice in the same object",
                         "/faults/collector_crashes/1/cycle: key given twice in the same object",
                         "/logging: key given twice in the same object"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_document_that_is_not_an_object) {
  BOOST_TEST(problems_of("not_an_object.json") == (lines{R"(: ["NIFTY","BANKNIFTY"] is not an object)"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(missing_and_unreadable_files_name_the_os_error) {
  BOOST_TEST(problems_of("no_such_file.json")
               == (lines{"tests/data/config/no_such_file.json: cannot read: No such file or directory"}),
             boost::test_tools::per_element());
  BOOST_TEST(problems_of(load_settings("tests/data/config", no_env))
               == (lines{"tests/data/config: not a regular file (a directory)"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_problem_of_a_file_is_reported_in_file_order) {
  BOOST_TEST(
    problems_of("many_problems.json")
      == (lines{R"(/index_params/nifty: key "nifty" does not match ^[A-Z][A-Z0-9]*$)",
                "/index_params/SENSEX/expiries: required key is missing",
                R"(/greeks/risk_free_rate: "6.5%" is not a number)", "/greeks/iv_min: 0 must be greater than 0",
                R"(/storage/data_dir: "" is shorter than the minimum length 1)",
                R"(/storage/synchronous: "off" is not one of full, normal)",
                "/storage/busy_timeout: unknown key (allowed: data_dir, sqlite_file, synchronous, "
                "busy_timeout_ms, integrity_check, csv, journal, influx, retention)",
                R"(/logging/level: "verbose" is not one of trace, debug, info, warn, error, critical, off)",
                "/faults/collector_crashes/0/cycle: required key is missing",
                "/faults/collector_crashes/1/cycle: 0 is less than the minimum 1",
                R"(/faults/collector_crashes/2/index: "sensex" does not match ^[A-Z][A-Z0-9]*$)"}),
    boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(relations_the_schema_cannot_express) {
  BOOST_TEST(problems_of("inconsistent.json")
               == (lines{"/greeks/iv_min: 2 is not less than iv_max (1.5)",
                         "/providers/breaker/min_calls: 5 is greater than window (4)",
                         "/index_params/GIFTNIFTY: GIFTNIFTY is not an underlying of the synthetic market (it knows "
                           + synthetic_underlying_names() + ")",
                         "/supervision/backoff_initial_ms: 6000 is greater than backoff_max_ms (5000)",
                         R"(/faults/collector_crashes/1/index: "FINNIFTY" is not in index_params)"}),
             boost::test_tools::per_element());
  BOOST_TEST(problems_of("nothing_enabled.json") == (lines{"/index_params: no index is enabled"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(providers)

namespace {

/// A document of one index (and its spot key when given) with the providers section given.
std::string providers_document(const std::string& providers, const std::string& index = "NIFTY",
                               const std::string& spot_key = "") {
  auto doc = json::parse(R"({"index_params": {}})");
  doc["index_params"][index] = {{"expiries", {"this_month"}}};
  if (!spot_key.empty())
    doc["index_params"][index]["spot_key"] = spot_key;
  doc["providers"] = json::parse(providers);
  return doc.dump();
}

} // namespace

BOOST_AUTO_TEST_CASE(a_failover_chain_of_named_kite_apps_is_read) {
  auto s =
    load_ok(load_settings_json(providers_document(R"({"primary": "kite", "failover": ["kite.backup", "kite.third"],
                           "kite_apps": {"backup": {"base_url": "http://127.0.0.1:9001", "credentials_file": "/etc/g6/b.json",
                                                    "quote_rate_per_second": 3},
                                         "third": {}}})",
                                                  "BANKEX", "BSE:BANKEX"),
                               no_env));
  BOOST_TEST(s.providers.failover == (lines{"kite.backup", "kite.third"}), boost::test_tools::per_element());
  BOOST_TEST(provider_chain(s.providers) == (lines{"kite", "kite.backup", "kite.third"}),
             boost::test_tools::per_element());
  auto& backup = s.providers.kite_apps.at("backup");
  BOOST_TEST(backup.base_url == "http://127.0.0.1:9001");
  BOOST_TEST(backup.credentials_file == "/etc/g6/b.json");
  BOOST_TEST(backup.quote_rate_per_second == 3);
  BOOST_TEST(backup.other_rate_per_second == 10); // the default, as for providers.kite
  BOOST_TEST(s.providers.kite_apps.at("third").base_url == "https://api.kite.trade");
  BOOST_TEST(kite_app_settings(s.providers, "kite.backup") == &backup);
  BOOST_TEST(kite_app_settings(s.providers, "kite") == &s.providers.kite);
  BOOST_TEST(kite_app_settings(s.providers, "kite.none") == nullptr);
  BOOST_TEST(s.indices.at(0).spot_key == "BSE:BANKEX");
  // Printed, they load back the same.
  auto text = settings_to_json(s);
  BOOST_TEST(settings_to_json(load_ok(load_settings_json(text, no_env))) == text);
  // A replay answers alone from its journal.
  s.providers.primary = "replay";
  BOOST_TEST(provider_chain(s.providers) == (lines{"replay"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(synthetic_data_is_never_a_fallback_and_the_chain_names_only_configured_live_providers) {
  BOOST_TEST(problems_of(load_settings_json(providers_document(R"({"failover": ["kite"]})"), no_env))
               == (lines{"/providers/failover: a synthetic primary has no failover: synthetic data is for demos and "
                         "tests, failover goes from one live provider to another"}),
             boost::test_tools::per_element());
  BOOST_TEST(
    problems_of(load_settings_json(
      providers_document(R"({"primary": "kite", "failover": ["synthetic", "kite", "kite.backup", "replay"],
                                      "kite_apps": {"spare": {}}})"),
      no_env))
      == (lines{"/providers/failover/0: \"synthetic\" is never a failover: synthetic data is never a fallback "
                "for a live provider",
                "/providers/failover/1: \"kite\" is the primary already",
                "/providers/failover/2: \"kite.backup\" names no app of providers.kite_apps (configured: spare)",
                "/providers/failover/3: \"replay\" is not a live provider (kite, or kite.NAME of "
                "providers.kite_apps)"}),
    boost::test_tools::per_element());
  BOOST_TEST(
    problems_of(load_settings_json(
      providers_document(R"({"primary": "kite", "failover": ["kite.b", "kite.b"], "kite_apps": {"b": {}}})"), no_env))
      == (lines{R"(/providers/failover/1: "kite.b" repeats item 0 (items must be unique))"}),
    boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_named_app_takes_the_keys_of_providers_kite_only) {
  BOOST_TEST(problems_of(load_settings_json(
               providers_document(R"({"kite_apps": {"Backup": {}, "spare": {"base_url": "", "token": "x"}}})"), no_env))
               == (lines{R"(/providers/kite_apps/Backup: key "Backup" does not match ^[a-z][a-z0-9_]*$)",
                         R"(/providers/kite_apps/spare/base_url: "" is shorter than the minimum length 1)",
                         "/providers/kite_apps/spare/token: unknown key (allowed: base_url, credentials_file, "
                         "token_file, quote_rate_per_second, other_rate_per_second, merge_window_ms, "
                         "connect_timeout_seconds, quotes, ticker_url, ticker)"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_spot_key_is_exchange_colon_symbol_and_kite_needs_one_for_every_enabled_index) {
  BOOST_TEST(problems_of(load_settings_json(providers_document("{}", "NIFTY", "NIFTY 50"), no_env))
               == (lines{R"(/index_params/NIFTY/spot_key: "NIFTY 50" does not match ^([A-Z]+:[^:\s][^:]*)?$)"}),
             boost::test_tools::per_element());
  // BANKEX has no built-in key: a problem for kite until it is configured (and the synthetic market does not
  // quote it at all).
  BOOST_TEST(problems_of(load_settings_json(providers_document("{}", "BANKEX"), no_env)).size() == 1u);
  BOOST_TEST(problems_of(load_settings_json(providers_document(R"({"primary": "kite"})", "BANKEX"), no_env))
               == (lines{"/index_params/BANKEX/spot_key: BANKEX has no built-in Kite spot key: set spot_key to Kite's "
                         "quote key of its level (EXCHANGE:SYMBOL)"}),
             boost::test_tools::per_element());
  BOOST_TEST(problems_of(load_settings_json(providers_document("{}", "BANKEX"), env_of({{"G6_PROVIDER", "kite"}})))
               == (lines{"/index_params/BANKEX/spot_key: BANKEX has no built-in Kite spot key: set spot_key to Kite's "
                         "quote key of its level (EXCHANGE:SYMBOL)"}),
             boost::test_tools::per_element());
  load_ok(load_settings_json(providers_document(R"({"primary": "kite"})", "BANKEX", "BSE:BANKEX"), no_env));
}

BOOST_AUTO_TEST_CASE(any_underlying_is_a_kite_name_but_only_the_synthetic_markets_are_synthetic) {
  // A stock the synthetic market quotes loads everywhere; its Kite level is its NSE equity quote.
  auto s = load_ok(load_settings_json(providers_document("{}", "RELIANCE"), no_env));
  BOOST_TEST(spot_key(s.indices[0]).value_or("") == "NSE:RELIANCE");
  // Any other name is Kite's to judge against its instrument dump at resolve time...
  load_ok(load_settings_json(providers_document(R"({"primary": "kite"})", "ADANIPORTS"), no_env));
  // ...and a config error for the synthetic market, which knows its underlyings exactly.
  BOOST_TEST(problems_of(load_settings_json(providers_document("{}", "ADANIPORTS"), no_env))
               == (lines{"/index_params/ADANIPORTS: ADANIPORTS is not an underlying of the synthetic market (it knows "
                         + synthetic_underlying_names() + ")"}),
             boost::test_tools::per_element());
  // A disabled unknown name is no problem.
  auto doc = json::parse(providers_document("{}", "NIFTY"));
  doc["index_params"]["ADANIPORTS"] = {{"enable", false}, {"expiries", "all"}};
  load_ok(load_settings_json(doc.dump(), no_env));
}

BOOST_AUTO_TEST_CASE(spill_apps_name_other_configured_apps_once_each) {
  auto s = load_ok(load_settings_json(
    providers_document(R"({"primary": "kite", "kite": {"quotes": "stream", "ticker": {"spill_apps": ["b", "c"]}},
                           "kite_apps": {"b": {}, "c": {}}})"),
    no_env));
  BOOST_TEST(s.providers.kite.ticker.spill_apps == (lines{"b", "c"}), boost::test_tools::per_element());
  BOOST_TEST(s.providers.kite_apps.at("b").ticker.spill_apps.empty());
  BOOST_TEST(problems_of(load_settings_json(
               providers_document(R"({"primary": "kite", "kite": {"ticker": {"spill_apps": ["kite", "backup", "b"]}},
                                      "kite_apps": {"b": {"ticker": {"spill_apps": ["b"]}}, "c": {}}})"),
               no_env))
               == (lines{"/providers/kite/ticker/spill_apps/0: \"kite\" is this app itself: a ticker spills onto other "
                         "apps' connections",
                         "/providers/kite/ticker/spill_apps/1: \"backup\" names no app of providers.kite_apps "
                         "(configured: b, c)",
                         "/providers/kite_apps/b/ticker/spill_apps/0: \"b\" is this app itself: a ticker spills onto "
                         "other apps' connections"}),
             boost::test_tools::per_element());
  BOOST_TEST(
    problems_of(load_settings_json(
      providers_document(R"({"kite": {"ticker": {"spill_apps": ["b", "b", "Bad"]}}, "kite_apps": {"b": {}}})"), no_env))
      == (lines{R"(/providers/kite/ticker/spill_apps/1: "b" repeats item 0 (items must be unique))",
                R"(/providers/kite/ticker/spill_apps/2: "Bad" does not match ^[a-z][a-z0-9_]*$)"}),
    boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_windows_instruments_are_bounded_unless_all) {
  index_settings nifty;
  nifty.name = "NIFTY";
  nifty.expiries = std::vector<expiry_bucket>{expiry_bucket::this_week, expiry_bucket::next_week};
  nifty.strikes_itm = 10;
  nifty.strikes_otm = 15;
  // 2 expiries x (10 + 15 + 1 + 2 x 5 margin strikes) x (CE, PE) + the level.
  BOOST_TEST(ticker_instruments_bound(nifty).value() == 2u * 36u * 2u + 1u);
  nifty.expiries = expiry_selection::nearest(5);
  BOOST_TEST(ticker_instruments_bound(nifty).value() == 5u * 36u * 2u + 1u);
  auto all_strikes = nifty;
  all_strikes.strikes_otm = strike_depth::every();
  BOOST_TEST(!ticker_instruments_bound(all_strikes).has_value());
  auto all_expiries = nifty;
  all_expiries.expiries = expiry_selection::every();
  BOOST_TEST(!ticker_instruments_bound(all_expiries).has_value());
  auto off = nifty;
  off.name = "BANKNIFTY";
  off.enable = false;
  all_strikes.name = "SENSEX";
  auto demand = ticker_demand_of({nifty, off, all_strikes});
  BOOST_TEST(demand.instruments == 361u);
  BOOST_TEST(demand.bounded == (lines{"NIFTY 361"}), boost::test_tools::per_element());
  BOOST_TEST(demand.unbounded == (lines{"SENSEX"}), boost::test_tools::per_element());
  BOOST_TEST(ticker_capacity(3) == 9000u);
  BOOST_TEST(ticker_capacity(9) == 27000u);
}

BOOST_AUTO_TEST_CASE(a_stream_mode_ticker_that_cannot_hold_the_fixed_windows_is_a_config_error_naming_the_numbers) {
  // NIFTY: 20 expiries x (100 + 100 + 1 + 10) strikes x 2 + 1 = 8,441; BANKNIFTY the same: 16,882 in all.
  auto doc =
    json::parse(providers_document(R"({"primary": "kite", "kite": {"quotes": "stream"}, "kite_apps": {"b": {}}})"));
  doc["index_params"] = json::parse(R"({
    "NIFTY": {"expiries": 20, "strikes_itm": 100, "strikes_otm": 100},
    "BANKNIFTY": {"expiries": 20, "strikes_itm": 100, "strikes_otm": 100},
    "SENSEX": {"expiries": "all", "strikes_itm": 10, "strikes_otm": 10}})");
  BOOST_TEST(problems_of(load_settings_json(doc.dump(), no_env))
               == (lines{"/providers/kite/ticker: the strike windows need up to 16882 instruments on the ticker "
                         "(NIFTY 8441, BANKNIFTY 8441; not counted, \"all\" is sized at run time: SENSEX), but its 3 "
                         "connections (kite 3) hold 9000 (3000 each): add apps to spill_apps, narrow strikes or "
                         "expiries, or use quotes \"rest\""}),
             boost::test_tools::per_element());
  // A spill app doubles the capacity: it fits.
  doc["providers"]["kite"]["ticker"]["spill_apps"] = {"b"};
  load_ok(load_settings_json(doc.dump(), no_env));
  // Unless it lends only some of its connections (and the app keeps one for another KiteTicker).
  doc["providers"]["kite"]["ticker"]["connections"] = 2;
  doc["providers"]["kite_apps"]["b"]["ticker"]["connections"] = 2;
  BOOST_TEST(problems_of(load_settings_json(doc.dump(), no_env))
               .at(0)
               .find("but its 4 connections (kite 2, kite.b 2) hold 12000 (3000 each)")
             != std::string::npos);
  doc["providers"]["kite"]["ticker"].erase("connections");
  doc["providers"]["kite_apps"]["b"].erase("ticker");
  // REST mode has no ticker to fill.
  doc["providers"]["kite"]["ticker"]["spill_apps"] = json::array();
  doc["providers"]["kite"]["quotes"] = "rest";
  load_ok(load_settings_json(doc.dump(), no_env));
  // A stream-mode app of the failover chain is checked too, with its own spill apps.
  doc["providers"]["failover"] = {"kite.b"};
  doc["providers"]["kite_apps"]["b"]["quotes"] = "stream";
  BOOST_TEST(problems_of(load_settings_json(doc.dump(), no_env))
               .at(0)
               .starts_with("/providers/kite_apps/b/ticker: the strike windows need up to 16882 instruments"));
}

BOOST_AUTO_TEST_CASE(the_checks_run_again_on_a_provider_chosen_after_loading) {
  // As `g6 run --provider synthetic` with a file whose primary kite has a failover chain.
  auto s = load_ok(load_settings_json(
    providers_document(R"({"primary": "kite", "failover": ["kite.b"], "kite_apps": {"b": {}}})"), no_env));
  BOOST_TEST(check_providers(s).empty());
  s.providers.primary = "synthetic";
  BOOST_REQUIRE_EQUAL(check_providers(s).size(), 1u);
  BOOST_TEST(check_providers(s)[0].where == "/providers/failover");
  s.providers.primary = "replay";
  BOOST_TEST(check_providers(s).empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(environment_overrides)

BOOST_AUTO_TEST_CASE(overrides_replace_file_values) {
  auto s = load_ok(load_default_settings(env_of({{"G6_DATA_DIR", "/var/lib/g6"},
                                                 {"G6_LOG_LEVEL", "debug"},
                                                 {"G6_INTERVAL_SECONDS", "2.5"},
                                                 {"G6_RISK_FREE_RATE", "0.07"},
                                                 {"G6_PROVIDER", "synthetic"},
                                                 {"G6_SEED", " 42 "},
                                                 {"G6_ANALYTICS_POOL_SIZE", "4"}})));
  BOOST_TEST(s.storage.data_dir == "/var/lib/g6");
  BOOST_TEST(s.logging.level == "debug");
  BOOST_TEST(s.collection.interval_seconds == 2.5);
  BOOST_TEST(s.greeks.risk_free_rate == 0.07);
  BOOST_TEST(s.providers.primary == "synthetic");
  BOOST_TEST(s.providers.synthetic.seed == 42u);
  BOOST_TEST(s.analytics.pool_size == 4);
  BOOST_TEST(s.storage.sqlite_file == "g6.sqlite");
}

BOOST_AUTO_TEST_CASE(overrides_create_sections_the_file_leaves_out) {
  auto s = load_ok(load_settings(data + "minimal.json", env_of({{"G6_SEED", "7"}, {"G6_LOG_LEVEL", "warn"}})));
  BOOST_TEST(s.providers.synthetic.seed == 7u);
  BOOST_TEST(s.logging.level == "warn");
}

BOOST_AUTO_TEST_CASE(blank_variables_count_as_unset) {
  auto s = load_ok(load_default_settings(env_of({{"G6_DATA_DIR", ""}, {"G6_SEED", "  "}})));
  BOOST_TEST(s.storage.data_dir == "./data");
  BOOST_TEST(s.providers.synthetic.seed == 20261126u);
}

BOOST_AUTO_TEST_CASE(malformed_values_are_reported_against_the_variable) {
  auto r = load_default_settings(env_of({{"G6_INTERVAL_SECONDS", "abc"},
                                         {"G6_RISK_FREE_RATE", "nan"},
                                         {"G6_ANALYTICS_POOL_SIZE", "1.5"},
                                         {"G6_SEED", "-1"},
                                         {"G6_PROVIDER", "replay"},
                                         {"G6_LOG_LEVEL", "verbose"}}));
  BOOST_TEST(!r.value.has_value());
  BOOST_TEST(problems_of(r)
               == (lines{R"(G6_INTERVAL_SECONDS: "abc" is not a number (collection.interval_seconds))",
                         R"(G6_RISK_FREE_RATE: "nan" is not a number (greeks.risk_free_rate))",
                         R"(G6_ANALYTICS_POOL_SIZE: "1.5" is not an integer (analytics.pool_size))",
                         R"(G6_PROVIDER: "replay" is not one of synthetic, kite (providers.primary))",
                         "G6_SEED: -1 is less than the minimum 0 (providers.synthetic.seed)",
                         R"(G6_LOG_LEVEL: "verbose" is not one of trace, debug, info, warn, error, critical, off )"
                         "(logging.level)"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(malformed_values_are_reported_even_without_a_readable_file) {
  BOOST_TEST(problems_of("no_such_file.json", env_of({{"G6_SEED", "x"}}))
               == (lines{"tests/data/config/no_such_file.json: cannot read: No such file or directory",
                         R"(G6_SEED: "x" is not an integer (providers.synthetic.seed))"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(enabled_indices_enables_exactly_those_listed) {
  auto s = load_ok(load_default_settings(env_of({{"G6_ENABLED_INDICES", " SENSEX, NIFTY ,"}})));
  BOOST_TEST(enabled_indices(s) == (lines{"NIFTY", "SENSEX"}), boost::test_tools::per_element());
  BOOST_TEST(s.indices.size() == 5u);

  auto from_disabled =
    load_ok(load_settings(data + "nothing_enabled.json", env_of({{"G6_ENABLED_INDICES", "SENSEX"}})));
  BOOST_TEST(enabled_indices(from_disabled) == (lines{"SENSEX"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(enabled_indices_rejects_names_not_configured) {
  BOOST_TEST(problems_of(load_default_settings(env_of({{"G6_ENABLED_INDICES", "NIFTY,GIFTNIFTY"}})))
               == (lines{R"(G6_ENABLED_INDICES: "GIFTNIFTY" is not in index_params (configured: NIFTY, )"
                         "BANKNIFTY, FINNIFTY, MIDCPNIFTY, SENSEX)"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(g6_config_names_the_config_file) {
  BOOST_TEST(config_path_from_env(env_of({{"G6_CONFIG", "/etc/g6/g6.json"}})).value_or("") == "/etc/g6/g6.json");
  BOOST_TEST(!config_path_from_env(env_of({{"G6_CONFIG", ""}})).has_value());
  BOOST_TEST(!config_path_from_env(no_env).has_value());
}

BOOST_AUTO_TEST_CASE(the_process_environment_is_read) {
  ::setenv("G6_CONFIG_TEST_VARIABLE", "set", 1);
  BOOST_TEST(process_environment()("G6_CONFIG_TEST_VARIABLE").value_or("") == "set");
  ::unsetenv("G6_CONFIG_TEST_VARIABLE");
  BOOST_TEST(!process_environment()("G6_CONFIG_TEST_VARIABLE").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(commands)

BOOST_AUTO_TEST_CASE(format_problem_prefixes_the_source) {
  BOOST_TEST(format_problem("g6.json", {"/collection/interval_seconds", "0 must be greater than 0"})
             == "g6.json: /collection/interval_seconds: 0 must be greater than 0");
  BOOST_TEST(format_problem("g6.json", {"g6.json", "cannot read: Permission denied"})
             == "g6.json: cannot read: Permission denied");
  BOOST_TEST(format_problem("g6.json", {"", "[] is not an object"}) == "g6.json: [] is not an object");
}

BOOST_AUTO_TEST_CASE(validate_says_ok_for_a_good_file) {
  std::ostringstream out, err;
  BOOST_TEST(validate_config_command("config/g6.json", no_env, out, err) == 0);
  BOOST_TEST(out.str() == "config/g6.json: ok\n");
  BOOST_TEST(err.str() == "");
}

BOOST_AUTO_TEST_CASE(validate_prints_every_problem_and_fails) {
  std::ostringstream out, err;
  BOOST_TEST(validate_config_command(data + "out_of_range.json", env_of({{"G6_SEED", "x"}}), out, err) == 1);
  BOOST_TEST(out.str() == "");
  BOOST_TEST(err.str()
             == "tests/data/config/out_of_range.json: G6_SEED: \"x\" is not an integer (providers.synthetic.seed)\n"
                "tests/data/config/out_of_range.json: /index_params/NIFTY/strikes_itm: -3 is less than the minimum 0\n"
                "tests/data/config/out_of_range.json: /index_params/NIFTY/strikes_otm: 101 is greater than the "
                "maximum 100\n"
                "tests/data/config/out_of_range.json: /collection/interval_seconds: 0 must be greater than 0\n"
                "tests/data/config/out_of_range.json: /providers/breaker/failure_rate: 1.5 is greater than the "
                "maximum 1\n"
                "tests/data/config/out_of_range.json: /analytics/pool_size: 300 is greater than the maximum 256\n");
}

BOOST_AUTO_TEST_CASE(show_prints_the_effective_settings) {
  std::ostringstream out, err;
  auto env = env_of({{"G6_CONFIG", data + "minimal.json"}, {"G6_SEED", "7"}});
  BOOST_TEST(show_config_command(std::nullopt, env, out, err) == 0);
  BOOST_TEST(err.str() == "");
  auto shown = json::parse(out.str());
  BOOST_TEST(shown["providers"]["synthetic"]["seed"] == 7);
  BOOST_TEST(shown["index_params"].begin().key() == "SENSEX");
  BOOST_TEST(shown["storage"]["data_dir"] == "./data");

  std::ostringstream builtin;
  BOOST_TEST(show_config_command(std::nullopt, no_env, builtin, err) == 0);
  BOOST_TEST(json::parse(builtin.str()) == json::parse(documented_defaults));

  std::ostringstream explicit_file;
  BOOST_TEST(show_config_command(std::filesystem::path{data + "faults.json"}, env, explicit_file, err) == 0);
  BOOST_TEST(json::parse(explicit_file.str())["faults"]["latency_ms"] == 25);
}

BOOST_AUTO_TEST_CASE(show_reports_problems_against_the_built_in_config) {
  std::ostringstream out, err;
  BOOST_TEST(show_config_command(std::nullopt, env_of({{"G6_PROVIDER", "replay"}}), out, err) == 1);
  BOOST_TEST(out.str() == "");
  BOOST_TEST(err.str()
             == "<built-in g6.json>: G6_PROVIDER: \"replay\" is not one of synthetic, kite (providers.primary)\n");
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

const std::string minimal_index = R"({"index_params": {"NIFTY": {"expiries": ["this_week"]}}})";

/// `text` written to a file in `dir`; its path.
std::string written(const g6::testing::temp_dir& dir, const std::string& name, const std::string& text) {
  auto file = dir.path() / name;
  std::ofstream{file, std::ios::binary} << text;
  return file.string();
}

} // namespace

BOOST_AUTO_TEST_CASE(a_document_nested_too_deep_is_refused_before_parsing_with_its_line) {
  // 50,000 levels: the recursive stages after the parser would overflow the stack.
  auto r =
    load_settings_json("{\n\"index_params\": " + std::string(50000, '[') + std::string(50000, ']') + "}", no_env);
  BOOST_TEST(r.refused);
  BOOST_TEST(problems_of(r) == (lines{"line 2, column 80: nested deeper than 64 levels at offset 81"}),
             boost::test_tools::per_element());
  // A deep but legal depth still reaches the schema.
  auto shallow = load_settings_json(R"({"index_params": {"NIFTY": {"expiries": [[[["this_week"]]]]}}})", no_env);
  BOOST_TEST(!shallow.refused);
  BOOST_TEST(problems_of(shallow)
               == (lines{R"(/index_params/NIFTY/expiries/0: [[["this_week"]]] is not one of this_week, )"
                         R"(next_week, this_month, next_month)",
                         R"(/index_params/NIFTY/expiries/0: [[["this_week"]]] is not a string)"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_object_or_array_with_too_many_members_is_refused_before_parsing) {
  // 70,000 keys took minutes: the document keeps key order and looks keys up one by one.
  std::string keys = R"("k0": 1)";
  for (int i = 1; i < 70000; ++i)
    keys += ", \"k" + std::to_string(i) + "\": 1";
  auto r =
    load_settings_json(R"({"index_params": {"NIFTY": {"expiries": ["this_week"]}}, "x": {)" + keys + "}}", no_env);
  BOOST_TEST(r.refused);
  BOOST_TEST(problems_of(r)
               == (lines{"line 1, column 118952: more than 10000 members in one object or array at offset 118951"}),
             boost::test_tools::per_element());
  std::string items = "\"a\"";
  for (int i = 1; i < 10000; ++i)
    items += ", \"a\"";
  auto at_limit = load_settings_json(
    R"({"index_params": {"NIFTY": {"expiries": ["this_week"]}}, "sse": {"cors_origins": [)" + items + "]}}", no_env);
  BOOST_TEST(!at_limit.refused);
  BOOST_TEST(problems_of(at_limit).size() == 9999u); // each repeats item 0
}

BOOST_AUTO_TEST_CASE(a_number_beyond_a_double_is_a_problem_not_a_crash) {
  // Found by config_fuzzer: the parser threw out_of_range, which nothing caught.
  auto r =
    load_settings_json(R"({"index_params": {"NIFTY": {"expiries": ["this_week"], "strikes_itm": 9e999}}})", no_env);
  BOOST_TEST(problems_of(r) == (lines{": number overflow parsing '9e999' (numbers must be finite)"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_nul_byte_anywhere_is_refused_with_its_offset) {
  auto r = load_settings_json(minimal_index + std::string{"\0junk", 5}, no_env);
  BOOST_TEST(r.refused);
  BOOST_TEST(problems_of(r) == (lines{"line 1, column 57: a NUL byte at offset 56"}), boost::test_tools::per_element());
  auto inside = minimal_index;
  inside[minimal_index.find("this_week") + 4] = '\0';
  BOOST_TEST(problems_of(load_settings_json(inside, no_env)) == (lines{"line 1, column 47: a NUL byte at offset 46"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(thousands_of_repeated_items_are_each_reported_once) {
  // 2,000 equal items took valijson minutes (every pair compared and reported); one pass now.
  std::string items = "\"this_week\"";
  for (int i = 1; i < 2000; ++i)
    items += ", \"this_week\"";
  auto r = load_settings_json(R"({"index_params": {"NIFTY": {"expiries": [)" + items + "]}}}", no_env);
  auto problems = problems_of(r);
  BOOST_TEST_REQUIRE(problems.size() == 1999u);
  BOOST_TEST(problems.front()
             == R"(/index_params/NIFTY/expiries/1: "this_week" repeats item 0 (items must be unique))");
  BOOST_TEST(problems.back()
             == R"(/index_params/NIFTY/expiries/1999: "this_week" repeats item 0 (items must be unique))");
  BOOST_TEST(!r.refused);
}

BOOST_AUTO_TEST_CASE(repeated_items_are_found_in_every_unique_array) {
  auto r = load_settings_json(R"({"index_params": {"NIFTY": {"expiries": ["this_week"]}},
    "sse": {"allow_ips": ["10.0.0.1", "10.0.0.2", "10.0.0.1"], "cors_origins": ["a", "a"]},
    "metrics": {"enable_groups": ["storage", "panels", "panels"]}})",
                              no_env);
  BOOST_TEST(problems_of(r)
               == (lines{R"(/sse/allow_ips/2: "10.0.0.1" repeats item 0 (items must be unique))",
                         R"(/sse/cors_origins/1: "a" repeats item 0 (items must be unique))",
                         R"(/metrics/enable_groups/2: "panels" repeats item 1 (items must be unique))"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_config_file_larger_than_the_limit_is_refused_naming_both_sizes) {
  g6::testing::temp_dir dir;
  auto file = written(dir, "big.json", minimal_index + std::string(config_max_bytes + 1 - minimal_index.size(), ' '));
  auto r = load_settings(file, no_env);
  BOOST_TEST(r.refused);
  BOOST_TEST(problems_of(r) == (lines{file + ": too large: 1048577 bytes, the limit is 1048576 bytes (1 MiB)"}),
             boost::test_tools::per_element());
  std::ostringstream out, err;
  BOOST_TEST(validate_config_command(file, no_env, out, err) == 2);
  BOOST_TEST(err.str() == file + ": too large: 1048577 bytes, the limit is 1048576 bytes (1 MiB)\n");
  auto at_limit = written(dir, "limit.json", minimal_index + std::string(config_max_bytes - minimal_index.size(), ' '));
  load_ok(load_settings(at_limit, no_env));
}

BOOST_AUTO_TEST_CASE(a_fifo_or_device_is_refused_and_a_symlink_to_a_config_is_followed) {
  g6::testing::temp_dir dir;
  auto fifo = dir.path() / "fifo.json";
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  auto r = load_settings(fifo, no_env);
  BOOST_TEST(r.refused);
  BOOST_TEST(problems_of(r) == (lines{fifo.string() + ": not a regular file (a FIFO)"}),
             boost::test_tools::per_element());
  auto zero = dir.path() / "zero.json";
  std::filesystem::create_symlink("/dev/zero", zero);
  BOOST_TEST(problems_of(load_settings(zero, no_env))
               == (lines{zero.string() + ": not a regular file (a character device)"}),
             boost::test_tools::per_element());
  std::ostringstream out, err;
  BOOST_TEST(validate_config_command(fifo, no_env, out, err) == 2);
  auto link = dir.path() / "link.json";
  std::filesystem::create_symlink(std::filesystem::absolute(written(dir, "real.json", minimal_index)), link);
  load_ok(load_settings(link, no_env));
}

BOOST_AUTO_TEST_CASE(an_environment_file_reads_as_systemd_reads_it_and_overlays_the_environment) {
  auto parsed = g6::parse_environment_file("# secrets\n\n; also a comment\nKITE_API_KEY=abc\n"
                                           "  G6_PROVIDER = \"synthetic\"  \nG6_LOG_LEVEL='debug'\nEMPTY=\n");
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST(parsed->size() == 4u);
  BOOST_TEST(parsed->at("KITE_API_KEY") == "abc");
  BOOST_TEST(parsed->at("G6_PROVIDER") == "synthetic");
  BOOST_TEST(parsed->at("G6_LOG_LEVEL") == "debug");
  BOOST_TEST(parsed->at("EMPTY") == "");
  auto env = g6::overlay_environment(*parsed, [](std::string_view name) -> std::optional<std::string> {
    return name == "G6_PROVIDER" || name == "HOME" ? std::optional<std::string>{"base"} : std::nullopt;
  });
  BOOST_TEST(env("G6_PROVIDER").value_or("-") == "synthetic");
  BOOST_TEST(env("HOME").value_or("-") == "base");
  BOOST_TEST(!env("NOT_SET").has_value());

  auto no_equals = g6::parse_environment_file("A=1\nexport\n");
  BOOST_REQUIRE(!no_equals.has_value());
  BOOST_TEST(no_equals.error() == "line 2: not KEY=VALUE");
  auto bad_name = g6::parse_environment_file("1X=2\n");
  BOOST_REQUIRE(!bad_name.has_value());
  BOOST_TEST(bad_name.error() == "line 1: '1X' is not a variable name");
  auto fifo = g6::read_environment_file("/dev/null");
  BOOST_REQUIRE(!fifo.has_value());
  BOOST_TEST(fifo.error().find("/dev/null: ") == 0u, fifo.error());
}
