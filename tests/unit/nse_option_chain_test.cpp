// Real NSE option-chain captures (../shared/data/nse-option-chain/, see its README): the NSE-compatible
// mode must reproduce the implied volatilities NSE published, and the reader must cope with what the
// files contain, and with files that are not what they should be.
#define BOOST_TEST_MODULE nse_option_chain
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>

#include "actors/analytics/chain_analysis.hpp"
#include "actors/analytics/chain_statistics.hpp"
#include "actors/analytics/nse_option_chain.hpp"
#include "config/ist_time.hpp"

namespace tt = boost::test_tools;
using namespace g6;

namespace {

const std::string data_dir = "../shared/data/nse-option-chain/";

nse_option_chain read(const std::string& name) {
  auto read = read_nse_option_chain(data_dir + name);
  if (!read)
    BOOST_FAIL(read.error().message);
  return *std::move(read);
}

/// Our IV against NSE's over traded legs (volume > 0) with strikes within 5% of spot.
struct comparison {
  int compared = 0;          // legs where NSE published an IV
  double mean_abs_error = 0; // vol points
  double max_abs_error = 0;
  int nse_without_iv = 0; // traded legs where NSE published 0
  int ours_below_intrinsic_there = 0;
};

comparison compare_with_nse(const nse_option_chain& chain) {
  auto analysed = analyze_chain_in_detail(chain.request, analytics_params::nse_compatible());
  comparison c;
  size_t row = 0;
  for (size_t e = 0; e < chain.request.expiries.size(); ++e) {
    auto& legs = chain.request.expiries[e].legs;
    for (size_t l = 0; l < legs.size(); ++l, ++row) {
      auto& leg = legs[l];
      auto published = chain.published[e][l].published_iv;
      if (leg.quote.volume <= 0 || std::abs(leg.instrument.strike / chain.spot - 1) > 0.05)
        continue;
      if (published == 0) {
        ++c.nse_without_iv;
        c.ours_below_intrinsic_there += analysed.reasons[row] == leg_iv::below_intrinsic;
        continue;
      }
      BOOST_TEST_CONTEXT("strike " << leg.instrument.strike << " " << to_string(leg.instrument.type) << " expiry "
                                   << format_date(leg.instrument.expiry)) {
        BOOST_TEST_REQUIRE(to_string(analysed.reasons[row]) == "solved");
      }
      auto error = std::abs(100 * analysed.result.rows[row].iv - 100 * published);
      c.mean_abs_error += error;
      c.max_abs_error = std::max(c.max_abs_error, error);
      ++c.compared;
    }
  }
  c.mean_abs_error /= std::max(c.compared, 1);
  return c;
}

void check_reproduces_nse(const std::string& file, int at_least) {
  auto chain = read(file);
  BOOST_TEST(chain.notes.empty());
  auto c = compare_with_nse(chain);
  BOOST_TEST_MESSAGE(file << ": " << c.compared << " legs, mean |error| " << c.mean_abs_error << ", max "
                          << c.max_abs_error << " vol points");
  BOOST_TEST(c.compared >= at_least);
  // NSE publishes two decimals: rounding alone is up to 0.005.
  BOOST_TEST(c.mean_abs_error <= 0.01);
  BOOST_TEST(c.max_abs_error <= 0.01);
  // Where NSE found no IV for a traded leg, its price is below intrinsic under NSE's convention.
  BOOST_TEST(c.ours_below_intrinsic_there == c.nse_without_iv);
}

} // namespace

BOOST_AUTO_TEST_SUITE(nse_mode_reproduces_published_ivs)

BOOST_AUTO_TEST_CASE(nifty_2022_03_24) {
  check_reproduces_nse("NIFTY_2022-03-24.json", 350);
}

BOOST_AUTO_TEST_CASE(banknifty_2022_03_28) {
  check_reproduces_nse("BANKNIFTY_2022-03-28.json", 300);
}

BOOST_AUTO_TEST_CASE(nifty_2019_08_23) {
  check_reproduces_nse("NIFTY_2019-08-23.json", 150);
}

// Prices and spot of this capture were not taken together, so NSE's IVs are not reproducible from it;
// it must still read and analyse cleanly, every leg with an IV or a no-arbitrage reason.
BOOST_AUTO_TEST_CASE(an_inconsistent_capture_runs_without_errors) {
  auto chain = read("BANKNIFTY_2022-04-27.json");
  BOOST_TEST(chain.notes.empty());
  for (auto params : {analytics_params::nse_compatible(), analytics_params{}}) {
    auto analysed = analyze_chain_in_detail(chain.request, params);
    BOOST_TEST_REQUIRE(analysed.reasons.size() == 1566u);
    int solved = 0;
    for (auto reason : analysed.reasons) {
      BOOST_TEST((reason == leg_iv::solved || reason == leg_iv::no_premium || reason == leg_iv::below_intrinsic
                  || reason == leg_iv::above_upper_bound || reason == leg_iv::out_of_range),
                 to_string(reason));
      solved += reason == leg_iv::solved;
    }
    BOOST_TEST(solved >= 500);
    for (auto& stats : analysed.result.expiries)
      BOOST_TEST(std::isfinite(stats.forward));
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(filtered_section)

BOOST_AUTO_TEST_CASE(pcr_from_filtered_is_its_put_over_call_open_interest) {
  for (auto file :
       {"NIFTY_2022-03-24.json", "BANKNIFTY_2022-03-28.json", "NIFTY_2019-08-23.json", "BANKNIFTY_2022-04-27.json"}) {
    auto chain = read(file);
    BOOST_TEST_REQUIRE(chain.filtered_calls.has_value());
    BOOST_TEST_REQUIRE(chain.filtered_puts.has_value());
    BOOST_TEST_REQUIRE(chain.filtered.expiries.size() == 1u);
    auto analysed = analyze_chain(chain.filtered, analytics_params::nse_compatible());
    BOOST_TEST_CONTEXT(file) {
      BOOST_TEST(pcr_by_oi(analysed.rows) == chain.filtered_puts->open_interest / chain.filtered_calls->open_interest,
                 tt::tolerance(1e-14));
      BOOST_TEST(analysed.expiries[0].pcr_oi == pcr_by_oi(analysed.rows));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reading)

BOOST_AUTO_TEST_CASE(a_capture_becomes_a_chain_request) {
  auto chain = read("NIFTY_2022-03-24.json");
  BOOST_TEST(chain.underlying == "NIFTY");
  BOOST_TEST(chain.timestamp == ist_instant(make_date(2022, 3, 24), 15, 30));
  BOOST_TEST(chain.spot == 17222.75);
  BOOST_TEST(chain.request.index == "NIFTY");
  BOOST_TEST(chain.request.spot == 17222.75);
  BOOST_TEST_REQUIRE(chain.request.expiries.size() == 21u);
  BOOST_TEST(chain.request.expiries.front().expiry == make_date(2022, 3, 24));
  size_t legs = 0;
  for (size_t e = 0; e < chain.request.expiries.size(); ++e) {
    legs += chain.request.expiries[e].legs.size();
    BOOST_TEST(chain.published[e].size() == chain.request.expiries[e].legs.size());
    if (e > 0)
      BOOST_TEST(chain.request.expiries[e - 1].expiry < chain.request.expiries[e].expiry);
  }
  BOOST_TEST(legs == 1895u);
  // 17200 CE and PE of 31-Mar-2022: lastPrice 218.6 and 200.7, NSE IV 19.94% and 23.95%.
  auto& week = chain.request.expiries[1];
  BOOST_TEST_REQUIRE(week.expiry == make_date(2022, 3, 31));
  int found = 0;
  for (size_t l = 0; l < week.legs.size(); ++l) {
    auto& leg = week.legs[l];
    if (leg.instrument.strike != 17200)
      continue;
    auto call = leg.instrument.type == option_type::call;
    BOOST_TEST(leg.quote.last_price == (call ? 218.6 : 200.7));
    BOOST_TEST(chain.published[1][l].published_iv == (call ? 0.1994 : 0.2395), tt::tolerance(1e-12));
    BOOST_TEST(leg.instrument.symbol == (call ? "OPTIDXNIFTY31-03-2022CE17200.00" : "OPTIDXNIFTY31-03-2022PE17200.00"));
    ++found;
  }
  BOOST_TEST(found == 2);
}

BOOST_AUTO_TEST_CASE(nse_dates_and_times) {
  BOOST_TEST((parse_nse_date("24-Mar-2022") == make_date(2022, 3, 24)));
  BOOST_TEST(!parse_nse_date("31-Feb-2022"));
  BOOST_TEST(!parse_nse_date("24-March-2022"));
  BOOST_TEST(!parse_nse_date("2022-03-24"));
  BOOST_TEST(!parse_nse_date("00-Mar-2022"));
  BOOST_TEST((parse_nse_timestamp("24-Mar-2022 15:30:00") == ist_instant(make_date(2022, 3, 24), 15, 30)));
  BOOST_TEST(!parse_nse_timestamp("24-Mar-2022 25:30:00"));
  BOOST_TEST(!parse_nse_timestamp("24-Mar-2022"));
}

std::string error_of(std::string_view text) {
  auto parsed = parse_nse_option_chain(text, "chain.json");
  if (parsed)
    BOOST_FAIL("parsed a chain with " << parsed->request.expiries.size() << " expiries");
  return parsed.error().message;
}

BOOST_AUTO_TEST_CASE(a_file_without_its_essentials_is_an_error_naming_the_field) {
  BOOST_TEST(error_of("{\"records\": ") == "chain.json: not valid JSON");
  BOOST_TEST(error_of("[1, 2]") == "chain.json: expected a JSON object with \"records\"");
  BOOST_TEST(error_of("{\"filtered\": {}}") == "chain.json: records: missing (not an NSE option-chain response?)");
  BOOST_TEST(error_of(R"({"records": {"underlyingValue": 100, "data": []}})")
             == "chain.json: records.timestamp: missing");
  BOOST_TEST(error_of(R"({"records": {"timestamp": "yesterday", "underlyingValue": 100, "data": []}})")
             == "chain.json: records.timestamp: 'yesterday' is not a DD-Mon-YYYY HH:MM:SS time");
  BOOST_TEST(error_of(R"({"records": {"timestamp": "24-Mar-2022 15:30:00", "underlyingValue": "n/a", "data": []}})")
             == "chain.json: records.underlyingValue: missing or not a positive number");
  BOOST_TEST(error_of(R"({"records": {"timestamp": "24-Mar-2022 15:30:00", "underlyingValue": 100}})")
             == "chain.json: records.data: missing or not an array");
  BOOST_TEST(error_of(R"({"records": {"timestamp": "24-Mar-2022 15:30:00", "underlyingValue": 100, "data": []}})")
             == "chain.json: records.data: no usable legs");
  auto missing = read_nse_option_chain(data_dir + "no-such-file.json");
  BOOST_TEST(missing.error().message == data_dir + "no-such-file.json: cannot open");
}

// A damaged item is skipped with a note naming it; a leg missing its price stays, and analytics says
// why it has no IV.
BOOST_AUTO_TEST_CASE(partial_items_are_noted_and_legs_without_prices_get_a_reason) {
  auto parsed = parse_nse_option_chain(R"({"records": {"timestamp": "24-Mar-2022 10:00:00", "underlyingValue": 100,
    "data": [
      {"strikePrice": 100, "expiryDate": "31-Mar-2022",
       "CE": {"underlying": "NIFTY", "lastPrice": 2.5, "totalTradedVolume": 10, "openInterest": 5},
       "PE": {"lastPrice": "n/a", "totalTradedVolume": 0}},
      {"strikePrice": 105, "expiryDate": "31st March"},
      {"expiryDate": "31-Mar-2022", "CE": {"lastPrice": 1}},
      {"strikePrice": 110, "expiryDate": "31-Mar-2022", "CE": 7},
      "garbage"
    ]}})",
                                       "partial.json");
  BOOST_TEST_REQUIRE(parsed.has_value());
  auto& chain = *parsed;
  BOOST_TEST(chain.underlying == "NIFTY");
  BOOST_TEST_REQUIRE(chain.notes.size() == 4u);
  BOOST_TEST(chain.notes[0] == "records.data[1].expiryDate: missing or not a DD-Mon-YYYY date, skipped");
  BOOST_TEST(chain.notes[1] == "records.data[2].strikePrice: missing or not a positive number, skipped");
  BOOST_TEST(chain.notes[2] == "records.data[3].CE: not an object, skipped");
  BOOST_TEST(chain.notes[3] == "records.data[4]: not an object, skipped");
  BOOST_TEST_REQUIRE(chain.request.expiries.size() == 1u);
  BOOST_TEST_REQUIRE(chain.request.expiries[0].legs.size() == 2u);
  BOOST_TEST(std::isnan(chain.request.expiries[0].legs[1].quote.last_price));
  BOOST_TEST(!chain.filtered_calls.has_value());
  auto analysed = analyze_chain_in_detail(chain.request, analytics_params::nse_compatible());
  BOOST_TEST(to_string(analysed.reasons[0]) == "solved");
  BOOST_TEST(to_string(analysed.reasons[1]) == "no_premium");
}

BOOST_AUTO_TEST_SUITE_END()
