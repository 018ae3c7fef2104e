// End to end: `g6 run` on the synthetic market serves its panels live; `curl -N` receives the stream and
// every event parses, every merge patch applies and every hash verifies; a request without the token is
// refused with 401; `g6 tail` follows the same stream and verifies it too.
#define BOOST_TEST_MODULE g6_sse
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "actors/sse/panel_mirror.hpp"
#include "actors/sse/sse_parser.hpp"
#include "tests/integration/g6_process.hpp"

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

} // namespace

BOOST_AUTO_TEST_CASE(curl_follows_the_live_stream_of_a_running_node) {
  temp_dir dir;
  auto config = dir.path() / "g6.json";
  std::ofstream{config} << R"({
    "index_params": {"NIFTY": {"enable": true, "expiries": ["this_week"], "strikes_itm": 3, "strikes_otm": 3}},
    "collection": {"interval_seconds": 20},
    "sse": {"heartbeat_seconds": 1}
  })";
  g6_process g6{{"run", "--provider", "synthetic", "--clock", "sim:2026-11-26T09:15:00+05:30@10x", "--config",
                 config.string(), "--data-dir", (dir.path() / "data").string(), "--ready-file",
                 (dir.path() / "ready.json").string()},
                dir.path() / "g6.log",
                {"G6_METRICS_PORT=0", "G6_SSE_PORT=0", "G6_SSE_TOKEN=e2e-token"}};
  auto ready = wait_until_ready(g6, dir.path() / "ready.json", 60s);
  BOOST_TEST_REQUIRE(ready.has_value(), g6.log());
  auto url = ready->at("sse").get<std::string>();

  auto status_file = dir.path() / "status.txt";
  std::system(("curl -s -o /dev/null -w '%{http_code}' " + url + "/events > " + status_file.string()).c_str());
  BOOST_TEST(read_file(status_file) == "401");

  // Ten seconds of the stream: about five cycles at 2 s each.
  auto stream_file = dir.path() / "stream.txt";
  std::system(
    ("curl -N -s --max-time 10 -H 'Authorization: Bearer e2e-token' " + url + "/events > " + stream_file.string())
      .c_str());
  g6::sse::event_parser parser;
  auto events = parser.feed(read_file(stream_file));
  BOOST_TEST_REQUIRE(events.size() >= 4u, read_file(stream_file));
  BOOST_TEST(events[0].type == "hello");
  BOOST_TEST(*parser.retry_ms() == 3000u);
  BOOST_TEST(parser.comments() >= 5u); // heartbeats every second
  g6::sse::panel_mirror mirror;
  uint64_t previous = 0;
  size_t diffs = 0;
  for (size_t i = 1; i < events.size(); ++i) {
    auto& ev = events[i];
    BOOST_TEST_REQUIRE(ev.id.has_value());
    auto id = std::stoull(*ev.id);
    BOOST_TEST(id > previous);
    BOOST_TEST((previous == 0 || id == previous + 1));
    previous = id;
    auto error = mirror.apply(ev);
    BOOST_TEST(!error.has_value(), *error);
    diffs += ev.type == "panel_diff";
  }
  BOOST_TEST(diffs >= 2u);
  for (auto name : {"summary", "indices", "chain_NIFTY", "surface_NIFTY", "providers", "storage", "system"})
    BOOST_TEST(mirror.panels().count(name) == 1u, name);

  // The reference client follows the same stream and checks the same hashes.
  auto tail = run_g6({"tail", "--url", url, "--token", "e2e-token", "--count", "2"}, dir.path(), 60s);
  BOOST_TEST(tail.exit_code == 0, tail.output);
  BOOST_TEST(tail.output.find("hello ") != std::string::npos, tail.output);
  BOOST_TEST(tail.output.find("hashes verified") != std::string::npos, tail.output);
  auto refused = run_g6({"tail", "--url", url, "--token", "wrong"}, dir.path(), 60s);
  BOOST_TEST(refused.exit_code == 2, refused.output);

  g6.signal(SIGTERM);
  BOOST_TEST(exits_cleanly(g6, 60s));
}
