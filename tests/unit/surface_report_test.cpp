// `g6 surface`: the report's shape (JSON and text), a fit for every expiry with enough quotes in every
// real NSE capture in both modes, nulls where there is no fit, and the errors for bad files and options.
#define BOOST_TEST_MODULE surface_report
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "actors/analytics/surface_report.hpp"
#include "actors/analytics/svi_fit.hpp"

namespace tt = boost::test_tools;
using namespace g6;
using json = nlohmann::json;

namespace {

const std::string data_dir = "../shared/data/nse-option-chain/";
const std::string nifty = data_dir + "NIFTY_2022-03-24.json";

/// Enough quotes that five parameters are well determined: such an expiry must be fitted, provided
/// they do not all lie on one side of the forward (a smile seen from one side is no smile).
constexpr size_t plenty_of_points = 10;

bool enough_quotes(const json& expiry) {
  auto& points = expiry["points"];
  if (points.size() < plenty_of_points)
    return false;
  auto forward = expiry["forward"].get<double>();
  size_t below = 0;
  for (auto& point : points)
    below += point["strike"].get<double>() < forward ? 1 : 0;
  return below >= svi_min_points_per_side && points.size() - below >= svi_min_points_per_side;
}

surface_query query(std::string file, std::string mode = "forward", std::optional<double> rate = std::nullopt) {
  surface_query q;
  q.file = std::move(file);
  q.mode = std::move(mode);
  q.rate = rate;
  return q;
}

json surface_json(surface_query q) {
  q.json = true;
  auto report = run_surface(q);
  BOOST_TEST_REQUIRE(report.ok(), report.error);
  BOOST_TEST(report.output.find("NaN") == std::string::npos);
  BOOST_TEST(report.output.find("nan") == std::string::npos);
  return json::parse(report.output);
}

std::set<std::string> keys(const json& object) {
  std::set<std::string> names;
  for (auto& [key, value] : object.items())
    names.insert(key);
  return names;
}

std::vector<std::string> captures() {
  std::vector<std::string> files;
  if (!std::filesystem::is_directory(data_dir))
    return files;
  for (auto& entry : std::filesystem::directory_iterator(data_dir))
    if (entry.path().extension() == ".json")
      files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

const std::vector<std::string> fitted_only{
  "a",       "b",           "rho",    "m",    "sigma", "rmse_vol_pts", "max_err_vol_pts", "butterfly_ok",
  "wing_ok", "calendar_ok", "atm_iv", "rr25", "bf25",  "atm_skew"};

} // namespace

BOOST_AUTO_TEST_CASE(json_has_exactly_the_documented_shape) {
  auto document = surface_json(query(nifty, "nse"));
  BOOST_TEST((keys(document) == std::set<std::string>{"index", "expiries"}));
  BOOST_TEST(document["index"] == "NIFTY");
  BOOST_TEST(document["expiries"].size() == 21u);
  const std::set<std::string> expiry_keys{"expiry",
                                          "T",
                                          "forward",
                                          "status",
                                          "a",
                                          "b",
                                          "rho",
                                          "m",
                                          "sigma",
                                          "points_used",
                                          "excluded",
                                          "rmse_vol_pts",
                                          "max_err_vol_pts",
                                          "butterfly_ok",
                                          "wing_ok",
                                          "calendar_ok",
                                          "atm_iv",
                                          "rr25",
                                          "bf25",
                                          "atm_skew",
                                          "fit_us",
                                          "points",
                                          "bucket",
                                          "k_min",
                                          "k_max"};
  const std::regex date{R"(\d{4}-\d{2}-\d{2})"};
  for (auto& expiry : document["expiries"]) {
    BOOST_TEST((keys(expiry) == expiry_keys));
    BOOST_TEST(std::regex_match(expiry["expiry"].get<std::string>(), date));
    BOOST_TEST(expiry["T"].get<double>() > 0);
    BOOST_TEST(expiry["points_used"].is_number_unsigned());
    BOOST_TEST(expiry["excluded"].is_number_unsigned());
    BOOST_TEST(expiry["fit_us"].is_number_integer());
    for (auto& point : expiry["points"]) {
      BOOST_TEST((keys(point) == std::set<std::string>{"strike", "type", "market_iv", "fitted_iv", "in_use"}));
      BOOST_TEST((point["type"] == "CE" || point["type"] == "PE"));
      BOOST_TEST(point["market_iv"].get<double>() > 0);
    }
  }
  BOOST_TEST(document["expiries"][0]["expiry"] == "2022-03-24");
  // NSE's convention floors T at a day, so the expiry-day slice is fitted too.
  BOOST_TEST(document["expiries"][0]["T"].get<double>() == 1.0 / 365, tt::tolerance(1e-12));
}

// Every real expiry with enough usable quotes on both sides of the forward has a fit, and the table's
// fitted IVs are the fitted slice's (their largest error is the slice's max_err_vol_pts).
BOOST_AUTO_TEST_CASE(every_expiry_with_enough_quotes_is_fitted_in_every_capture) {
  auto files = captures();
  BOOST_TEST_REQUIRE(files.size() >= 4u, "NSE captures missing from " << data_dir);
  size_t fitted = 0;
  for (auto& file : files)
    for (std::string mode : {"forward", "nse"}) {
      BOOST_TEST_CONTEXT(file << " --mode " << mode) {
        auto document = surface_json(query(file, mode));
        for (auto& expiry : document["expiries"]) {
          BOOST_TEST_CONTEXT("expiry " << expiry["expiry"]) {
            if (!enough_quotes(expiry))
              continue;
            auto& points = expiry["points"];
            BOOST_TEST(expiry["status"] == "fitted");
            if (expiry["status"] != "fitted")
              continue;
            ++fitted;
            size_t in_use = 0;
            for (auto& point : points)
              in_use += point["in_use"].get<bool>() ? 1 : 0;
            BOOST_TEST(expiry["points_used"] == in_use);
            BOOST_TEST(std::isfinite(expiry["rmse_vol_pts"].get<double>()));
            BOOST_TEST(expiry["rmse_vol_pts"].get<double>() >= 0);
            BOOST_TEST(expiry["rmse_vol_pts"].get<double>() <= expiry["max_err_vol_pts"].get<double>());
            double largest = 0;
            for (auto& point : points)
              if (point["in_use"].get<bool>())
                largest = std::max(largest,
                                   100 * std::abs(point["fitted_iv"].get<double>() - point["market_iv"].get<double>()));
            BOOST_TEST(largest == expiry["max_err_vol_pts"].get<double>(), tt::tolerance(1e-9));
            BOOST_TEST(expiry["butterfly_ok"].is_boolean());
            BOOST_TEST(expiry["atm_iv"].get<double>() > 0);
          }
        }
      }
    }
  BOOST_TEST(fitted >= 40u);
}

BOOST_AUTO_TEST_CASE(what_an_unfitted_expiry_lacks_is_null) {
  // On the forward convention, the expiry day itself at 15:30 has expired: no fit.
  auto document = surface_json(query(nifty, "forward"));
  auto& expired = document["expiries"][0];
  BOOST_TEST(expired["expiry"] == "2022-03-24");
  BOOST_TEST(expired["status"] == "expired");
  size_t unfitted = 0;
  for (auto& expiry : document["expiries"]) {
    if (expiry["status"] == "fitted")
      continue;
    ++unfitted;
    for (auto& name : fitted_only)
      BOOST_TEST(expiry[name].is_null(), expiry["expiry"] << " " << name);
    for (auto& point : expiry["points"])
      BOOST_TEST(point["fitted_iv"].is_null());
  }
  BOOST_TEST(unfitted >= 1u);
}

BOOST_AUTO_TEST_CASE(rates_are_honoured) {
  auto low = surface_json(query(nifty, "nse", 0.0));
  auto high = surface_json(query(nifty, "nse", 0.2));
  // In NSE's convention the forward is spot·e^{rT}: a higher rate, a higher forward.
  BOOST_TEST(high["expiries"][5]["forward"].get<double>() > low["expiries"][5]["forward"].get<double>());
}

BOOST_AUTO_TEST_CASE(text_names_the_chain_each_expiry_and_its_quotes) {
  auto report = run_surface(query(nifty, "forward"));
  BOOST_TEST_REQUIRE(report.ok(), report.error);
  BOOST_TEST(report.output.find("NIFTY at 2022-03-24T15:30:00+05:30, spot 17222.75") == 0u);
  BOOST_TEST(report.output.find("expiry 2022-03-24") != std::string::npos);
  BOOST_TEST(report.output.find("expiry 2022-03-31  T 0.019178 years (7.000 days)") != std::string::npos);
  BOOST_TEST(report.output.find("RMSE ") != std::string::npos);
  BOOST_TEST(report.output.find("butterfly ") != std::string::npos);
  BOOST_TEST(report.output.find("market %") != std::string::npos);
  BOOST_TEST(report.output.find("  17250.00   CE ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_options_and_files_are_errors) {
  BOOST_TEST(run_surface(query(nifty, "bs")).error == "bad --mode 'bs': expected forward or nse");
  for (double rate : {std::nan(""), -1.5, 1.5, 6.5})
    BOOST_TEST(run_surface(query(nifty, "forward", rate)).error.find("bad --rate ") == 0u, rate);
  BOOST_TEST(run_surface(query(nifty, "nse", 0.99)).ok());
  BOOST_TEST(run_surface(query(nifty, "nse", -0.5)).ok());
  BOOST_TEST(run_surface(query("missing.json")).error == "missing.json: cannot open");

  auto malformed = std::filesystem::temp_directory_path() / "g6_surface_report_test_malformed.json";
  {
    std::ofstream out{malformed};
    out << R"({"records": {"timestamp": "24-Mar-2022 15:30:00", "data": []}})";
  }
  auto report = run_surface(query(malformed.string()));
  std::filesystem::remove(malformed);
  BOOST_TEST(!report.ok());
  BOOST_TEST(report.output.empty());
  BOOST_TEST(report.error == malformed.string() + ": records.underlyingValue: missing or not a positive number");
}
