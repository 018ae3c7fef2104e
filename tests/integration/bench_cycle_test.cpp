// End to end: `g6 bench cycle` on a small book runs every stage, prints its figures and commits every
// option it reports into the real schema. Its timings are the benchmark's output, never checked here.
#define BOOST_TEST_MODULE g6_bench_cycle
#include <boost/test/unit_test.hpp>

#include <regex>

#include "tests/integration/g6_process.hpp"

using namespace g6::testing;

BOOST_AUTO_TEST_CASE(a_small_cycle_prints_every_stage_and_commits_every_option) {
  temp_dir dir;
  auto data = dir.path() / "bench";
  auto result =
    run_g6({"bench", "cycle", "--options", "200", "--repeat", "1", "--data-dir", data.string()}, dir.path());
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.output);
  auto& out = result.output;
  BOOST_TEST(out.find("g6 bench cycle:") != std::string::npos, out);
  BOOST_TEST(
    std::regex_search(out, std::regex{R"(\n200 options: 5 indices, \d+ expiries, .* 200 rows committed, 0 dropped)"}),
    out);
  for (auto stage : {"snapshot", "sanitise", "iv_greeks", "statistics", "surface", "sqlite", "panels",
                     "total \\(one thread\\)", "analytics via pool", "total with pool"})
    BOOST_TEST(std::regex_search(out, std::regex{std::string{"\n  "} + stage + R"( +\d+\.\d\d +\d+\.\d\d +\d+)"}),
               stage << " in\n"
                     << out);
  BOOST_TEST(out.find("rows in the database: 200 option rows (committed by the cycles: 200)") != std::string::npos,
             out);
  // The rows are in the database with their batches, as the storage actor commits a cycle.
  auto db = data / "g6.sqlite";
  BOOST_TEST(query_int(db, "SELECT count(*) FROM option_quotes") == 200);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM batches") == 5);
  BOOST_TEST(query_int(db, "SELECT sum(option_rows) FROM batches") == 200);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview") == 5);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles") == 1);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM option_quotes WHERE iv IS NOT NULL") > 150);
  BOOST_TEST(std::filesystem::exists(data / "panels" / "manifest.json"));
  BOOST_TEST(std::filesystem::exists(data / "panels" / "chain_NIFTY_enveloped.json"));
}

BOOST_AUTO_TEST_CASE(several_sizes_report_their_growth) {
  temp_dir dir;
  auto result = run_g6({"bench", "cycle", "--options", "100,300", "--repeat", "2"}, dir.path());
  BOOST_TEST_REQUIRE(result.exit_code == 0, result.output);
  BOOST_TEST(std::regex_search(result.output, std::regex{R"(\n  300/100: \d+\.\dx for 3\.0x options \(snapshot)"}),
             result.output);
  BOOST_TEST(result.output.find("rows in the database: 800 option rows (committed by the cycles: 800)")
               != std::string::npos,
             result.output);
}

BOOST_AUTO_TEST_CASE(an_existing_data_dir_is_refused) {
  temp_dir dir;
  auto result = run_g6({"bench", "cycle", "--options", "10", "--data-dir", dir.path().string()}, dir.path());
  BOOST_TEST(result.exit_code == 2, result.output);
}
