// End to end: full chains and a stock underlying on the real g6 binary over the synthetic market — NIFTY
// with every listed strike of every listed expiry, RELIANCE beside it; every listed option stored each
// cycle, the rows of expiries outside the buckets with an empty bucket, and the CSV tree naming those by
// date.
#define BOOST_TEST_MODULE g6_full_chain
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <tuple>

#include "actors/collector/expiry_buckets.hpp"
#include "actors/provider/synthetic_market.hpp"
#include "config/ist_time.hpp"
#include "tests/integration/g6_process.hpp"

using namespace g6;
using namespace g6::testing;
using namespace std::chrono_literals;

namespace {

const day_number session = make_date(2026, 11, 26);
constexpr uint64_t seed = 20261126; // the default providers.synthetic.seed

using option_key = std::tuple<std::string, double, std::string>; // expiry, strike, CE|PE

std::set<option_key> listed_keys(const instrument_list& list) {
  std::set<option_key> keys;
  for (auto& o : list.options)
    keys.emplace(format_date(o.expiry), o.strike, std::string{to_string(o.type)});
  return keys;
}

std::set<option_key> stored_keys(const std::filesystem::path& db, const std::string& index, const std::string& ts) {
  std::set<option_key> keys;
  for (auto& row : query(db, "SELECT expiry, strike, option_type FROM option_quotes WHERE index_name = '" + index
                               + "' AND ts_ms = " + ts))
    keys.emplace(row[0], std::stod(row[1]), row[2]);
  return keys;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_listed_strike_of_every_listed_expiry_is_stored_beside_a_stock) {
  temp_dir dir;
  auto data = dir.path() / "data";
  auto config = dir.path() / "g6.json";
  std::ofstream{config} << R"({
    "index_params": {
      "NIFTY": {"expiries": "all", "strikes_itm": "all", "strikes_otm": "all"},
      "RELIANCE": {"expiries": 2, "strikes_itm": 5, "strikes_otm": 5}
    },
    "storage": {"csv": {"enabled": true}}
  })";
  auto r = run_g6({"run", "--provider", "synthetic", "--clock", "sim:2026-11-26T10:00:00+05:30@600x", "--data-dir",
                   data.string(), "--config", config.string(), "--cycles", "2"},
                  dir.path(), 5min);
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.output);
  auto db = data / "g6.sqlite";

  synthetic_market market{seed};
  auto nifty = market.instruments("NIFTY", session);
  BOOST_REQUIRE(nifty.has_value());
  auto listed = listed_keys(*nifty);
  BOOST_TEST(listed.size() > 1000u);
  auto cycles = query(db, "SELECT DISTINCT ts_ms FROM option_quotes WHERE index_name = 'NIFTY' ORDER BY ts_ms");
  BOOST_REQUIRE_EQUAL(cycles.size(), 2u);
  for (auto& cycle : cycles) {
    auto stored = stored_keys(db, "NIFTY", cycle[0]);
    BOOST_TEST(stored.size() == listed.size(), "cycle " << cycle[0]);
    BOOST_TEST((stored == listed), "cycle " << cycle[0] << ": stored options differ from the listing");
  }
  // The buckets fill the overview; the other expiries' rows carry an empty bucket.
  auto buckets = assign_buckets(classify_expiries(nifty->expiries), session);
  std::set<std::string> bucketed;
  for (auto& date : buckets)
    if (date)
      bucketed.insert(format_date(*date));
  BOOST_TEST_REQUIRE(bucketed.size() < nifty->expiries.size());
  for (auto& row : query(db, "SELECT DISTINCT expiry, bucket FROM option_quotes WHERE index_name = 'NIFTY'"))
    BOOST_TEST((row[1].empty() != bucketed.contains(row[0])), row[0] << " has bucket '" << row[1] << "'");
  BOOST_TEST(query_int(db, "SELECT count(*) FROM overview WHERE index_name = 'NIFTY' AND expected_mask = 15 AND "
                           "collected_mask = 15 AND options_collected = options_expected")
             == 2);
  // The CSV tree names an expiry outside the buckets by its date.
  for (auto& date : nifty->expiries)
    if (!bucketed.contains(format_date(date)))
      BOOST_TEST(std::filesystem::is_directory(data / "csv" / "NIFTY" / format_date(date)), format_date(date));

  // RELIANCE: monthly expiries only, the next two, ATM ± 5 strikes on its own step.
  auto reliance = market.instruments("RELIANCE", session);
  BOOST_REQUIRE(reliance.has_value());
  BOOST_TEST(reliance->strike_step == 10);
  BOOST_TEST(reliance->lot_size == 500);
  auto stock_rows = query(db, "SELECT count(*), count(DISTINCT expiry), count(DISTINCT ts_ms) FROM option_quotes "
                              "WHERE index_name = 'RELIANCE'");
  BOOST_TEST(stock_rows[0][0] == "88"); // 2 cycles × 2 expiries × 11 strikes × CE and PE
  BOOST_TEST(stock_rows[0][1] == "2");
  BOOST_TEST(stock_rows[0][2] == "2");
  BOOST_TEST(query_int(db, "SELECT count(*) FROM option_quotes WHERE index_name = 'RELIANCE' AND "
                           "CAST(strike AS INTEGER) % 10 != 0")
             == 0);
  BOOST_TEST(r.output.find("run done: stored 4 of 4 index-cycles in 2 cycles") != std::string::npos, r.output);
}
