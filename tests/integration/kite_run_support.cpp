#include "tests/integration/kite_run_support.hpp"

#include <fstream>
#include <regex>

namespace g6::testing {

using namespace std::chrono_literals;

std::filesystem::path database(const temp_dir& dir) {
  return dir.path() / "data" / "g6.sqlite";
}

std::filesystem::path write_config(const temp_dir& dir, double open_seconds,
                                   const std::function<void(nlohmann::json&)>& adjust) {
  std::ifstream in{"config/g6.json"};
  auto doc = nlohmann::json::parse(in);
  doc["collection"]["interval_seconds"] = 30;
  doc["collection"]["cycle_timeout_seconds"] = 30;
  doc["providers"]["primary"] = "kite";
  doc["providers"]["request_timeout_seconds"] = 5;
  doc["providers"]["breaker"]["open_seconds"] = open_seconds;
  doc["providers"]["kite"] = {{"quote_rate_per_second", 5}, {"token_file", (dir.path() / "token.json").string()}};
  doc["metrics"] = {{"port", 0}};
  if (adjust)
    adjust(doc);
  auto file = dir.path() / "g6.json";
  std::ofstream{file} << doc.dump(2);
  return file;
}

std::vector<std::string> fake_args(const std::string& clock, std::vector<std::string> extra) {
  std::vector<std::string> args{"--clock",      clock,      "--api-key",    api_key,
                                "--api-secret", api_secret, "--quote-rate", "5"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::vector<std::string> run_args(const temp_dir& dir, const std::string& cycles, const std::filesystem::path& config) {
  return {"run",      "--config", config.string(), "--clock", sim_clock, "--data-dir", (dir.path() / "data").string(),
          "--cycles", cycles};
}

std::vector<std::string> run_args(const temp_dir& dir, const std::string& cycles) {
  return run_args(dir, cycles, write_config(dir));
}

long long last_stored_cycle(const temp_dir& dir) {
  return stored_count(database(dir), "SELECT coalesce(max(cycle_id), 0) FROM cycles");
}

bool cycles_stored(const temp_dir& dir, long long n) {
  return wait_until([&] { return last_stored_cycle(dir) >= n; }, 60s);
}

long long stored_events(const temp_dir& dir, const std::string& kind, const std::string& detail) {
  return stored_count(database(dir), events_of(kind, detail));
}

bool events_stored(const temp_dir& dir, const std::string& kind, long long at_least, std::chrono::milliseconds limit,
                   const std::string& detail) {
  return wait_until([&] { return stored_events(dir, kind, detail) >= at_least; }, limit);
}

long long stat(const std::string& stats, const std::string& key) {
  std::smatch m;
  if (!std::regex_search(stats, m, std::regex{"\"" + key + "\":(\\d+)"}))
    return -1;
  return std::stoll(m[1].str());
}

} // namespace g6::testing
