// `g6 analyze`: the report's shape (text and JSON), its options, and its errors, on real NSE captures.
#define BOOST_TEST_MODULE analyze_report
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>
#include <set>
#include <string>

#include "actors/analytics/analyze_report.hpp"

namespace tt = boost::test_tools;
using namespace g6;
using json = nlohmann::json;

namespace {

const std::string nifty = "../shared/data/nse-option-chain/NIFTY_2022-03-24.json";

analyze_query query(std::string file, std::string mode = "forward", std::string price = "ltp",
                    std::optional<double> rate = std::nullopt) {
  analyze_query q;
  q.file = std::move(file);
  q.mode = std::move(mode);
  q.price = std::move(price);
  q.rate = rate;
  return q;
}

json analysed_json(analyze_query q) {
  q.json = true;
  auto report = run_analyze(q);
  BOOST_TEST_REQUIRE(report.ok(), report.error);
  return json::parse(report.output);
}

std::set<std::string> keys(const json& object) {
  std::set<std::string> names;
  for (auto& [key, value] : object.items())
    names.insert(key);
  return names;
}

const json& leg_at(const json& document, const std::string& expiry, double strike, const std::string& type) {
  for (auto& leg : document["legs"])
    if (leg["expiry"] == expiry && leg["strike"] == strike && leg["type"] == type)
      return leg;
  BOOST_FAIL("no leg " << expiry << " " << strike << " " << type);
  return document;
}

} // namespace

BOOST_AUTO_TEST_CASE(json_has_exactly_the_documented_shape) {
  auto document = analysed_json(query(nifty, "nse"));
  BOOST_TEST((keys(document) == std::set<std::string>{"underlying", "timestamp", "legs", "expiries"}));
  BOOST_TEST(document["underlying"] == "NIFTY");
  BOOST_TEST(document["timestamp"] == "2022-03-24T15:30:00+05:30");
  BOOST_TEST(document["legs"].size() == 1895u);
  BOOST_TEST(document["expiries"].size() == 21u);
  const std::set<std::string> leg_keys{"expiry", "strike", "type",  "price", "iv_pct",
                                       "reason", "delta",  "gamma", "theta", "vega"};
  for (auto& leg : document["legs"]) {
    BOOST_TEST((keys(leg) == leg_keys));
    // An IV and no reason, or a reason and no IV (nor Greeks).
    BOOST_TEST(leg["iv_pct"].is_number() == leg["reason"].is_null());
    BOOST_TEST(leg["delta"].is_number() == leg["iv_pct"].is_number());
    BOOST_TEST((leg["type"] == "CE" || leg["type"] == "PE"));
  }
  const std::set<std::string> expiry_keys{"expiry", "forward", "atm_iv_pct", "pcr_oi", "pcr_volume", "max_pain"};
  for (auto& expiry : document["expiries"])
    BOOST_TEST((keys(expiry) == expiry_keys));
  BOOST_TEST(document["expiries"][0]["expiry"] == "2022-03-24");
  BOOST_TEST(document["expiries"][0]["pcr_oi"].get<double>() == 939175.0 / 1268612.0, tt::tolerance(1e-12));
}

// NSE published 19.94% and 23.95% for the 17200 call and put of 31-Mar-2022.
BOOST_AUTO_TEST_CASE(nse_mode_gives_nses_numbers_and_forward_mode_its_own) {
  auto nse = analysed_json(query(nifty, "nse"));
  auto& call = leg_at(nse, "2022-03-31", 17200, "CE");
  BOOST_TEST(call["price"] == 218.6);
  BOOST_TEST(call["iv_pct"].get<double>() == 19.94, tt::tolerance(0.005 / 19.94));
  BOOST_TEST(leg_at(nse, "2022-03-31", 17200, "PE")["iv_pct"].get<double>() == 23.95, tt::tolerance(0.005 / 23.95));
  BOOST_TEST(call["delta"].get<double>() > 0.5);
  BOOST_TEST(call["vega"].get<double>() > 0);
  // On the synthetic forward, calls and puts of a strike see one volatility (parity holds by
  // construction), unlike NSE's spot convention with its 10% rate.
  auto forward = analysed_json(query(nifty, "forward"));
  auto forward_call = leg_at(forward, "2022-03-31", 17200, "CE")["iv_pct"].get<double>();
  auto forward_put = leg_at(forward, "2022-03-31", 17200, "PE")["iv_pct"].get<double>();
  BOOST_TEST(std::abs(forward_call - forward_put) < 1.0);
  // Legs on the expiry day itself, at 15:30, have expired on the forward convention.
  BOOST_TEST(leg_at(forward, "2022-03-24", 17200, "CE")["reason"] == "expired");
}

BOOST_AUTO_TEST_CASE(mid_prices_and_rates_are_honoured) {
  auto mid = analysed_json(query(nifty, "nse", "mid"));
  auto& leg = leg_at(mid, "2022-03-31", 17200, "CE");
  BOOST_TEST(leg["price"].is_number());
  BOOST_TEST(leg["price"] != 218.6);
  auto low_rate = analysed_json(query(nifty, "nse", "ltp", 0.0));
  auto high_rate = analysed_json(query(nifty, "nse", "ltp", 0.2));
  // A higher rate raises the forward, so the call's IV falls.
  BOOST_TEST(leg_at(high_rate, "2022-03-31", 17200, "CE")["iv_pct"].get<double>()
             < leg_at(low_rate, "2022-03-31", 17200, "CE")["iv_pct"].get<double>());
}

BOOST_AUTO_TEST_CASE(text_names_the_chain_and_each_expiry) {
  auto report = run_analyze(query(nifty, "forward"));
  BOOST_TEST_REQUIRE(report.ok());
  BOOST_TEST(report.output.find("NIFTY at 2022-03-24T15:30:00+05:30, spot 17222.75") == 0u);
  BOOST_TEST(report.output.find("expiry 2022-03-31") != std::string::npos);
  BOOST_TEST(report.output.find("RR25") != std::string::npos);
  BOOST_TEST(report.output.find("OI change: calls +") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_options_and_files_are_errors) {
  BOOST_TEST(run_analyze(query(nifty, "bs")).error == "bad --mode 'bs': expected forward or nse");
  BOOST_TEST(run_analyze(query(nifty, "nse", "close")).error == "bad --price 'close': expected ltp or mid");
  BOOST_TEST(run_analyze(query(nifty, "nse", "ltp", 6.5)).error
             == "bad --rate 6.5: expected a yearly rate as a fraction, e.g. 0.065");
  BOOST_TEST(run_analyze(query("missing.json")).error == "missing.json: cannot open");
  // The project's own config is JSON, but not an option chain.
  BOOST_TEST(run_analyze(query("config/g6.json")).error
             == "config/g6.json: records: missing (not an NSE option-chain response?)");
}
