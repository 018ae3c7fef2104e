// End to end: `g6 run` on the synthetic market serves Prometheus metrics that pass `promtool check
// metrics` and contain every metric the dashboards and rules use; its panels verify; a corrupted panel
// makes `g6 panels verify --strict` exit 1 and the integrity metric drop; `g6 summary --plain` and
// `g6 status` read the panels. In strict mode a corrupted panel stops the daemon with exit code 2.
#define BOOST_TEST_MODULE g6_observability
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/integration/g6_process.hpp"
#include "tests/support/http_fetch.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& file) {
  std::ifstream in{file};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Metric families in a scrape (from its TYPE lines).
std::set<std::string> families(const std::string& text) {
  static const std::regex type_line{R"(# TYPE (\S+) )"};
  std::set<std::string> result;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), type_line); it != std::sregex_iterator(); ++it)
    result.insert((*it)[1].str());
  return result;
}

/// The g6_* metric names the shipped dashboards and rules use (histogram suffixes removed).
std::set<std::string> metrics_used() {
  static const std::regex name{R"(g6_[a-z0-9_]+)"};
  static const std::set<std::string> not_metrics{"g6_alerts", "g6_recording", "g6_rules", "g6_rules_test"};
  std::set<std::string> result;
  std::vector<fs::path> files{"dashboards/rules/g6_rules.yml"};
  for (auto& f : fs::directory_iterator("dashboards/grafana"))
    files.push_back(f.path());
  for (auto& file : files) {
    auto text = read_file(file);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), name); it != std::sregex_iterator(); ++it) {
      auto metric = std::regex_replace((*it).str(), std::regex{"_(bucket|count|sum)$"}, "");
      if (!not_metrics.count(metric))
        result.insert(metric);
    }
  }
  return result;
}

int promtool_check_metrics(const fs::path& scrape_file, std::string& output) {
  auto out = scrape_file.string() + ".promtool";
  int rc = std::system(
    (std::string{G6_PROMTOOL} + " check metrics < " + scrape_file.string() + " > " + out + " 2>&1").c_str());
  output = read_file(out);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/// `g6 run` on the synthetic market at 10x under `config`, its data in dir/data, metrics on any port.
g6_process run_synthetic(const temp_dir& dir, const fs::path& config) {
  return g6_process{{"run", "--provider", "synthetic", "--clock", "sim:2026-11-26T09:15:00+05:30@10x", "--config",
                     config.string(), "--data-dir", (dir.path() / "data").string(), "--ready-file",
                     (dir.path() / "ready.json").string()},
                    dir.path() / "g6.log",
                    {"G6_METRICS_PORT=0"}};
}

} // namespace

BOOST_AUTO_TEST_CASE(metrics_panels_integrity_and_summary_of_a_real_run) {
  temp_dir dir;
  auto config = dir.path() / "g6.json";
  // Cycles 30 s apart in real time (300 simulated seconds at 10x): the corruption below stays in place
  // until the integrity monitor (every 5 s) has seen it.
  std::ofstream{config} << R"({
    "index_params": {
      "NIFTY": {"enable": true, "expiries": ["this_week", "next_week"], "strikes_itm": 4, "strikes_otm": 4},
      "SENSEX": {"enable": true, "expiries": ["this_week"], "strikes_itm": 3, "strikes_otm": 3}
    },
    "collection": {"interval_seconds": 300},
    "panels": {"integrity": {"interval_seconds": 5}}
  })";
  auto data = dir.path() / "data";
  auto panels = data / "panels";
  auto g6 = run_synthetic(dir, config);

  auto ready = wait_until_ready(g6, dir.path() / "ready.json", 60s);
  BOOST_TEST_REQUIRE(ready.has_value(), g6.log());
  int port = port_of(ready->at("metrics").get<std::string>());
  BOOST_TEST_REQUIRE(port > 0);

  // The first cycle's panels and manifest.
  bool written = wait_until(
    [&] { return fs::exists(panels / "manifest.json") && fs::exists(panels / "chain_SENSEX_enveloped.json"); }, 60s);
  BOOST_TEST_REQUIRE(written, g6.log());
  auto verified = run_g6({"panels", "verify", "--dir", panels.string(), "--strict"}, dir.path(), 30s);
  BOOST_TEST(verified.exit_code == 0, verified.output);
  BOOST_TEST(verified.output.find("match the manifest") != std::string::npos, verified.output);

  // Let the metrics actor poll the components' status once the first cycle is stored (so the
  // provider's requests are in it too).
  std::string text;
  bool polled = wait_until(
    [&] {
      text = scrape_metrics(port);
      return metric_sample(text, R"(g6_storage_rows_written_total{sink="sqlite"})").value_or(0) > 0;
    },
    30s);
  BOOST_TEST_REQUIRE(polled, text);
  auto scrape_file = dir.path() / "scrape.txt";
  std::ofstream{scrape_file} << text;
  if (std::string{G6_PROMTOOL}.empty()) {
    BOOST_TEST_MESSAGE("promtool not installed: promtool check metrics skipped");
  } else {
    std::string promtool_output;
    BOOST_TEST(promtool_check_metrics(scrape_file, promtool_output) == 0, promtool_output);
    BOOST_TEST(promtool_output.empty(), promtool_output);
  }
  auto present = families(text);
  for (auto& metric : metrics_used())
    BOOST_TEST(present.count(metric) == 1u, metric << " is used by dashboards/ but missing from the scrape");
  BOOST_TEST(metric_sample(text, R"(g6_cycles_total{status="ok"})").value_or(0) >= 1);
  BOOST_TEST(metric_sample(text, R"(g6_options_collected_total{index="NIFTY"})").value_or(0) >= 36);
  BOOST_TEST(metric_sample(text, "g6_panels_integrity_ok").value_or(-1) == 1.0);

  // Corrupt one panel's data: verify --strict exits 1 naming it, and the monitor's metric drops.
  auto file = panels / "indices_enveloped.json";
  auto envelope = nlohmann::json::parse(read_file(file));
  envelope["data"]["indices"][0]["underlying"] = 1.0;
  std::ofstream{file} << envelope.dump(2);
  auto corrupted = run_g6({"panels", "verify", "--dir", panels.string(), "--strict"}, dir.path(), 30s);
  BOOST_TEST(corrupted.exit_code == 1, corrupted.output);
  BOOST_TEST(corrupted.output.find("mismatch indices_enveloped.json") != std::string::npos, corrupted.output);
  auto lenient = run_g6({"panels", "verify", "--dir", panels.string(), "--quiet"}, dir.path(), 30s);
  BOOST_TEST(lenient.exit_code == 0, lenient.output);
  bool dropped = wait_until(
    [&] {
      text = scrape_metrics(port);
      return metric_sample(text, "g6_panels_integrity_ok").value_or(-1) == 0.0;
    },
    12s);
  BOOST_TEST(dropped, text);
  BOOST_TEST(metric_sample(text, "g6_panels_integrity_issues").value_or(-1) == 1.0);

  g6.signal(SIGINT);
  auto code = g6.wait(10s);
  BOOST_TEST_REQUIRE(code.has_value(), g6.log());
  BOOST_TEST(*code == 0, g6.log());
  BOOST_TEST(g6.log().find("event integrity panels_integrity_failed: mismatch indices_enveloped.json")
               != std::string::npos,
             g6.log());

  auto summary = run_g6({"summary", "--plain", "--dir", panels.string()}, dir.path(), 30s);
  BOOST_TEST(summary.exit_code == 0, summary.output);
  BOOST_TEST(summary.output.find("health ") != std::string::npos, summary.output);
  BOOST_TEST(std::regex_search(summary.output, std::regex{R"(\nNIFTY +[0-9.]+ .* fresh\n)"}), summary.output);
  BOOST_TEST(std::regex_search(summary.output, std::regex{R"(\nSENSEX +[0-9.]+ )"}), summary.output);
  BOOST_TEST(summary.output.find("breaker closed") != std::string::npos, summary.output);
  BOOST_TEST(summary.output.find("\x1b[") == std::string::npos, summary.output);

  auto status = run_g6({"status", "--json", "--dir", panels.string()}, dir.path(), 30s);
  BOOST_TEST_REQUIRE(status.exit_code == 0, status.output);
  auto json = nlohmann::json::parse(status.output.substr(status.output.find('{')));
  BOOST_TEST(json["system"]["components"].size() >= 8u);
  BOOST_TEST(json["summary"]["cycle"] == 1);
}

BOOST_AUTO_TEST_CASE(strict_integrity_stops_the_daemon_with_exit_code_2) {
  temp_dir dir;
  auto config = dir.path() / "g6.json";
  std::ofstream{config} << R"({
    "index_params": {
      "NIFTY": {"enable": true, "expiries": ["this_week"], "strikes_itm": 2, "strikes_otm": 2}
    },
    "collection": {"interval_seconds": 300},
    "panels": {"integrity": {"interval_seconds": 5, "strict": true}}
  })";
  auto data = dir.path() / "data";
  auto panels = data / "panels";
  auto g6 = run_synthetic(dir, config);
  bool written = wait_until(
    [&] { return fs::exists(panels / "manifest.json") && fs::exists(panels / "chain_NIFTY_enveloped.json"); }, 60s);
  BOOST_TEST_REQUIRE(written, g6.log());
  // A clean check first: strict mode must not stop a healthy daemon.
  BOOST_TEST_REQUIRE(!g6.wait(6s).has_value(), g6.log());

  auto file = panels / "chain_NIFTY_enveloped.json";
  auto envelope = nlohmann::json::parse(read_file(file));
  envelope["data"]["index"] = "BANKNIFTY";
  std::ofstream{file} << envelope.dump(2);
  auto code = g6.wait(15s);
  BOOST_TEST_REQUIRE(code.has_value(), g6.log());
  BOOST_TEST(*code == 2, g6.log());
  BOOST_TEST(g6.log().find("panels integrity (strict): mismatch chain_NIFTY_enveloped.json") != std::string::npos,
             g6.log());
}
