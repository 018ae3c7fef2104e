// The original platform's config shape: `indices`, `storage.csv_dir`, `storage.influx_*`.
#define BOOST_TEST_MODULE seed_config
#include <boost/test/unit_test.hpp>

#include "config/loader.hpp"

using namespace g6;

namespace {

environment no_environment() {
  return [](std::string_view) { return std::optional<std::string>{}; };
}

} // namespace

BOOST_AUTO_TEST_CASE(indices_is_index_params_and_csv_dir_is_the_csv_sink) {
  auto loaded = load_settings_json(R"({
    "indices": {"NIFTY": {"enable": true, "expiries": ["this_week"], "strikes_itm": 4, "strikes_otm": 6}},
    "storage": {"data_dir": "/tmp/g6", "csv_dir": "/tmp/g6_data", "influx_org": "g6org",
                "influx_enabled": false, "influx_url": "http://localhost:8086", "influx_bucket": "g6",
                "influx_precision": "ms"}
  })",
                                   no_environment());
  BOOST_TEST_REQUIRE(loaded.value.has_value());
  auto& s = *loaded.value;
  BOOST_TEST_REQUIRE(s.indices.size() == 1u);
  BOOST_TEST(s.indices[0].name == "NIFTY");
  BOOST_TEST(s.indices[0].strikes_otm.count == 6);
  BOOST_TEST(s.storage.csv.dir == "/tmp/g6_data");
  BOOST_TEST(s.storage.csv.active());
  BOOST_TEST(s.storage.influx.url == "http://localhost:8086");
  BOOST_TEST(s.storage.influx.database == "g6");
  BOOST_TEST(!s.storage.influx.enabled);
  BOOST_TEST_REQUIRE(loaded.warnings.size() == 1u);
  BOOST_TEST(loaded.warnings[0].where == "/storage");
  BOOST_TEST(loaded.warnings[0].message == "ignored, no meaning in g6: influx_org, influx_precision");
}

BOOST_AUTO_TEST_CASE(a_key_and_its_alias_together_are_a_problem) {
  auto loaded = load_settings_json(R"({
    "indices": {"NIFTY": {"enable": true, "expiries": ["this_week"]}},
    "index_params": {"NIFTY": {"enable": true, "expiries": ["this_week"]}}
  })",
                                   no_environment());
  BOOST_TEST(!loaded.value.has_value());
  BOOST_TEST_REQUIRE(!loaded.problems.empty());
  BOOST_TEST(loaded.problems[0].where == "/indices");
  BOOST_TEST(loaded.problems[0].message == "give index_params or its alias indices, not both");
}

BOOST_AUTO_TEST_CASE(a_g6_config_gets_no_warning) {
  auto loaded = load_default_settings(no_environment());
  BOOST_TEST(loaded.value.has_value());
  BOOST_TEST(loaded.warnings.empty());
}

BOOST_AUTO_TEST_CASE(other_unknown_keys_are_still_errors) {
  auto loaded = load_settings_json(R"({"storage": {"csv_dri": "/tmp"}})", no_environment());
  BOOST_TEST(!loaded.value.has_value());
  BOOST_TEST_REQUIRE(!loaded.problems.empty());
  BOOST_TEST(loaded.problems[0].where == "/storage/csv_dri");
}
