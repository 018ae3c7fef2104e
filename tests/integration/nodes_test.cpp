// End-to-end: a hub and collectors as real processes on loopback, each on its own port and data
// directory. Batches flow to the hub; a killed (-9) or hung (SIGSTOP) collector is detected and its
// index marked stale while the other continues; batches a collector journaled while the hub was hung
// arrive after the hub resumes, even across a kill -9 and restart of that collector, with no gaps and no
// duplicates in the hub's SQLite. The console steers a live node: pause/resume show in stored cycles.
#define BOOST_TEST_MODULE nodes
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "config/ist_time.hpp"
#include "tests/integration/g6_process.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

std::filesystem::path data_of(const temp_dir& dir, const std::string& node) {
  return dir.path() / node;
}

std::filesystem::path ready_file_of(const temp_dir& dir, const std::string& node) {
  return dir.path() / (node + ".ready.json");
}

std::vector<std::string> node_args(const temp_dir& dir, const std::string& node, const std::string& clock,
                                   std::vector<std::string> extra) {
  std::vector<std::string> args{"run",      "--provider",   "synthetic",   "--clock",
                                clock,      "--force-open", "--data-dir",  data_of(dir, node).string(),
                                "--listen", "127.0.0.1:0",  "--log-level", "info"};
  args.insert(args.end(), {"--ready-file", ready_file_of(dir, node).string()});
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

/// The port a node listens on, from the ready file it writes once it is up.
uint16_t wait_for_port(const temp_dir& dir, const std::string& node, g6_process& p) {
  auto ready = wait_until_ready(p, ready_file_of(dir, node), 60s);
  BOOST_TEST_REQUIRE(ready.has_value(), "no ready file from " << node << "\n" << p.log());
  return static_cast<uint16_t>(port_of(ready->at("node").get<std::string>()));
}

/// Waits until `db` holds `at_least` of what `sql` counts; the seconds since `since` it took. `p` is the
/// process whose log a failure prints.
double seconds_until_stored(const std::filesystem::path& db, const std::string& sql, long long at_least,
                            steady::time_point since, g6_process& p) {
  auto log = [&] { return p.log().empty() ? std::string{"(its log is empty: nothing printed yet)"} : p.log(); };
  BOOST_TEST_REQUIRE(wait_until_stored(db, sql, at_least, 60s), "not " << at_least << " of " << sql << "\n" << log());
  return std::chrono::duration<double>(steady::now() - since).count();
}

struct committed_batch {
  std::string index;
  g6::epoch_ms ts = 0;
  bool operator<(const committed_batch& o) const { return std::tie(index, ts) < std::tie(o.index, o.ts); }
};

std::set<committed_batch> committed_batches(const std::string& log) {
  static const std::regex line{R"((\w+) +cycle \d+ .* committed \d+ rows @(\S+)\n)"};
  std::set<committed_batch> result;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), line); it != std::sregex_iterator(); ++it) {
    auto ts = g6::parse_iso8601((*it)[2].str());
    BOOST_REQUIRE(ts);
    result.insert({(*it)[1].str(), *ts});
  }
  return result;
}

/// Batches of `index` at the hub.
long long batches_at(const std::filesystem::path& hub_data, const std::string& index) {
  return stored_count(hub_data / "g6.sqlite", batches_of(index));
}

run_result console(const temp_dir& dir, const std::vector<std::string>& args) {
  std::vector<std::string> all{"console"};
  all.insert(all.end(), args.begin(), args.end());
  return run_g6(all, dir.path(), 60s);
}

std::string report_line(const std::string& what, double seconds) {
  auto line = what + ": " + std::to_string(seconds) + " s";
  std::cout << "[nodes_test] " << line << std::endl;
  return line;
}

} // namespace

BOOST_AUTO_TEST_CASE(hub_and_collectors_survive_kill_hang_and_hub_outage) {
  temp_dir dir;
  const std::string day1 = "sim:2026-11-26T09:15:00+05:30@300x";
  const std::string day2 = "sim:2026-11-27T09:15:00+05:30@300x";
  const std::string day3 = "sim:2026-11-30T09:15:00+05:30@300x";
  auto hub_data = data_of(dir, "hub");
  auto hub_db = hub_data / "g6.sqlite";
  // The hub also writes the CSV tree, from what the collectors send it.
  g6_process hub{node_args(dir, "hub", day1, {"--role", "hub"}),
                 dir.path() / "hub.log",
                 {"G6_ENABLED_INDICES=NIFTY,BANKNIFTY", "G6_CSV_BASE_DIR=" + (hub_data / "csv").string()}};
  auto port = wait_for_port(dir, "hub", hub);
  auto hub_address = "127.0.0.1:" + std::to_string(port);
  auto collector = [&](const std::string& name, const std::string& index, const std::string& clock,
                       const std::string& log) {
    return std::make_unique<g6_process>(
      node_args(dir, name, clock, {"--role", "collector", "--hub", hub_address, "--name", name}), dir.path() / log,
      std::vector<std::string>{"G6_ENABLED_INDICES=" + index});
  };
  auto alpha = collector("alpha", "NIFTY", day1, "alpha-1.log");
  auto beta = collector("beta", "BANKNIFTY", day1, "beta.log");

  // Batches flow to the hub.
  BOOST_TEST_REQUIRE(
    wait_until([&] { return batches_at(hub_data, "NIFTY") >= 5 && batches_at(hub_data, "BANKNIFTY") >= 5; }, 60s),
    hub.log());
  auto nodes = console(dir, {"--connect", hub_address, "nodes"});
  BOOST_TEST(nodes.exit_code == 0, nodes.output);
  BOOST_TEST(nodes.output.find("alpha") != std::string::npos);
  BOOST_TEST(nodes.output.find("beta") != std::string::npos);
  // The hub has no provider of its own: the breakers it lists are its collectors'.
  auto breakers = console(dir, {"--connect", hub_address, "breakers"});
  BOOST_TEST(breakers.exit_code == 0, breakers.output);
  BOOST_TEST(breakers.output.find("alpha") != std::string::npos, breakers.output);
  BOOST_TEST(breakers.output.find("beta") != std::string::npos, breakers.output);
  BOOST_TEST(breakers.output.find("state: closed") != std::string::npos, breakers.output);

  // A second collector claiming NIFTY is refused by the hub, and says so.
  auto rival = run_g6(node_args(dir, "rival", day1, {"--role", "collector", "--hub", hub_address, "--name", "rival"}),
                      dir.path(), 60s, {"G6_ENABLED_INDICES=NIFTY"});
  BOOST_TEST(rival.exit_code == 4, rival.output);
  BOOST_TEST(rival.output.find("index NIFTY is already collected by node 'alpha'") != std::string::npos, rival.output);

  // kill -9 of a collector: its index goes stale on the hub; the other collector continues.
  auto killed_at = steady::now();
  alpha->signal(SIGKILL);
  auto detect_kill = seconds_until_stored(hub_db, events_of("node_lost", "node 'alpha'"), 1, killed_at, hub);
  report_line("kill -9 detected by the hub after", detect_kill);
  BOOST_TEST(detect_kill < 5.0);
  auto indices = console(dir, {"--connect", hub_address, "indices"});
  BOOST_TEST(std::regex_search(indices.output, std::regex{R"(NIFTY +alpha +stale)"}), indices.output);
  BOOST_TEST(std::regex_search(indices.output, std::regex{R"(BANKNIFTY +beta +live)"}), indices.output);
  auto beta_before = batches_at(hub_data, "BANKNIFTY");
  BOOST_TEST(wait_until([&] { return batches_at(hub_data, "BANKNIFTY") > beta_before + 3; }, 30s));
  // The hub's panels say so at once (rewritten on the loss, not at the next cycle).
  auto stale_panel = [&] {
    std::ifstream in{hub_data / "panels" / "summary_enveloped.json"};
    auto stale =
      nlohmann::json::parse(in, nullptr, false).value("/data/stale_indices"_json_pointer, nlohmann::json::array());
    return std::find(stale.begin(), stale.end(), "NIFTY") != stale.end();
  };
  BOOST_TEST(wait_until(stale_panel, 5s));

  // Restarted, it claims its index again and batches flow.
  alpha->wait(10s);
  auto restarted_at = steady::now();
  alpha = collector("alpha", "NIFTY", day2, "alpha-2.log");
  auto recover_kill = seconds_until_stored(hub_db, events_of("node_connected", "node 'alpha'"), 2, restarted_at, hub);
  report_line("restarted collector accepted by the hub after", recover_kill);
  auto nifty_before = batches_at(hub_data, "NIFTY");
  BOOST_TEST(wait_until([&] { return batches_at(hub_data, "NIFTY") > nifty_before + 3; }, 30s));

  // SIGSTOP: a hung collector is detected by the missing heartbeats; after SIGCONT it reconnects.
  auto stopped_at = steady::now();
  beta->signal(SIGSTOP);
  auto detect_hang = seconds_until_stored(hub_db, events_of("node_lost", "node 'beta'"), 1, stopped_at, hub);
  report_line("SIGSTOP (hung collector) detected by the hub after", detect_hang);
  BOOST_TEST(detect_hang < 5.0);
  auto continued_at = steady::now();
  beta->signal(SIGCONT);
  auto recover_hang = seconds_until_stored(hub_db, events_of("node_connected", "node 'beta'"), 2, continued_at, hub);
  report_line("resumed collector reconnected after", recover_hang);

  // The hub hangs: collectors journal their batches. alpha is killed meanwhile and restarted after the
  // hub resumed: what it journaled before the kill still reaches the hub.
  hub.signal(SIGSTOP);
  std::this_thread::sleep_for(2500ms);
  alpha->signal(SIGKILL);
  alpha->wait(10s);
  hub.signal(SIGCONT);
  auto hub_resumed_at = steady::now();
  alpha = collector("alpha", "NIFTY", day3, "alpha-3.log");
  auto resend = seconds_until_stored(hub_db, events_of("node_connected", "node 'alpha'"), 3, hub_resumed_at, *alpha);
  report_line("collector reconnected after the hub resumed after", resend);
  std::this_thread::sleep_for(2s);
  beta->signal(SIGTERM);
  alpha->signal(SIGTERM);
  BOOST_TEST(exits_cleanly(*beta, 30s));
  BOOST_TEST(exits_cleanly(*alpha, 30s));

  // Everything a collector committed (journaled) is at the hub, exactly once.
  std::set<committed_batch> committed;
  for (auto log : {"alpha-1.log", "alpha-2.log", "alpha-3.log", "beta.log"}) {
    std::ifstream in{dir.path() / log};
    std::stringstream text;
    text << in.rdbuf();
    auto batches = committed_batches(text.str());
    committed.insert(batches.begin(), batches.end());
  }
  hub.signal(SIGTERM);
  BOOST_TEST(exits_cleanly(hub, 30s));
  auto rows = query(hub_data / "g6.sqlite", "SELECT index_name, ts_ms FROM batches");
  std::set<committed_batch> stored;
  for (auto& r : rows)
    stored.insert({r[0], std::stoll(r[1])});
  BOOST_TEST(rows.size() == stored.size());
  // A batch journaled in the instant of a kill -9, before its log line was written, reaches the hub
  // without being in any log: at most one per kill.
  BOOST_TEST(stored.size() >= committed.size());
  BOOST_TEST(stored.size() <= committed.size() + 2);
  std::vector<committed_batch> missing;
  std::set_difference(committed.begin(), committed.end(), stored.begin(), stored.end(), std::back_inserter(missing));
  BOOST_TEST(missing.empty(), missing.size() << " committed batches missing at the hub");
  BOOST_TEST(
    query_int(hub_data / "g6.sqlite",
              "SELECT count(*) FROM (SELECT ts_ms, index_name FROM overview GROUP BY 1, 2 HAVING count(*) > 1)")
    == 0);
  BOOST_TEST(query_int(hub_data / "g6.sqlite", "SELECT count(*) FROM events WHERE kind = 'node_lost'") >= 2);

  // The hub's CSV overview holds each stored cycle once, with the index's net change (the collector's
  // spot travels with its batch).
  for (std::string index : {"NIFTY", "BANKNIFTY"}) {
    long long lines = 0, with_net_change = 0;
    for (auto& entry : std::filesystem::directory_iterator(hub_data / "csv" / "overview" / index)) {
      std::ifstream in{entry.path()};
      std::string line;
      std::getline(in, line); // the header
      while (std::getline(in, line)) {
        ++lines;
        std::vector<std::string> cells;
        std::stringstream row{line};
        for (std::string cell; std::getline(row, cell, ',');)
          cells.push_back(cell);
        with_net_change += cells.size() > 8 && !cells[8].empty(); // index_net_change
      }
    }
    BOOST_TEST(
      lines == query_int(hub_data / "g6.sqlite", "SELECT count(*) FROM overview WHERE index_name = '" + index + "'"),
      index);
    BOOST_TEST(with_net_change == lines, index);
  }
}

BOOST_AUTO_TEST_CASE(console_steers_a_live_node) {
  temp_dir dir;
  auto data = data_of(dir, "node");
  g6_process node{node_args(dir, "node", "sim:2026-11-26T09:15:00+05:30@300x", {}),
                  dir.path() / "node.log",
                  {"G6_ENABLED_INDICES=NIFTY,BANKNIFTY"}};
  wait_for_port(dir, "node", node);
  auto local = [&](std::vector<std::string> words) {
    words.insert(words.begin(), {"--data-dir", data.string()});
    return console(dir, words);
  };
  BOOST_TEST_REQUIRE(wait_until_stored(data / "g6.sqlite", batches_of("BANKNIFTY"), 2, 60s), node.log());
  auto status = local({"status", "--json"});
  BOOST_TEST_REQUIRE(status.exit_code == 0, status.output);
  auto j = nlohmann::json::parse(status.output);
  BOOST_TEST(j.at("node").at("name").get<std::string>().find("all@") == 0);
  BOOST_TEST(j.contains("clock"));
  BOOST_TEST(j.at("collector.NIFTY").at("index").get<std::string>() == "NIFTY");
  auto components = local({"components"});
  BOOST_TEST(components.output.find("collector.BANKNIFTY\n") != std::string::npos, components.output);
  BOOST_TEST(components.output.find("storage\n") != std::string::npos, components.output);
  auto breakers = local({"breakers"});
  BOOST_TEST(breakers.exit_code == 0, breakers.output);
  BOOST_TEST(breakers.output.find("state:") != std::string::npos, breakers.output);

  auto pause = local({"pause", "NIFTY"});
  BOOST_TEST(pause.output == "NIFTY paused\n");
  auto indices = local({"indices"});
  BOOST_TEST(std::regex_search(indices.output, std::regex{R"(NIFTY +paused)"}), indices.output);
  auto db = data / "g6.sqlite";
  const std::string with_nifty = "SELECT count(*) FROM cycles WHERE indices LIKE '%\"NIFTY\"%'";
  const std::string without_nifty = "SELECT count(*) FROM cycles WHERE indices NOT LIKE '%\"NIFTY\"%'";
  BOOST_TEST_REQUIRE(wait_until_stored(db, without_nifty, 2, 60s), node.log());
  BOOST_TEST(local({"resume", "NIFTY"}).output == "NIFTY resumed\n");
  BOOST_TEST_REQUIRE(wait_until_stored(db, with_nifty, stored_count(db, with_nifty) + 2, 60s), node.log());
  BOOST_TEST(local({"cycle", "now"}).output == "cycle requested\n");
  BOOST_TEST(local({"log-level", "debug"}).output == "log level debug\n");
  auto restart = local({"restart", "collector.BANKNIFTY"});
  BOOST_TEST(restart.output == "collector.BANKNIFTY restarting (by supervisor.collectors)\n", restart.output);
  auto unknown = local({"pause", "NOSUCH"});
  BOOST_TEST(unknown.exit_code == 1);
  BOOST_TEST(unknown.output.find("unknown index NOSUCH") != std::string::npos, unknown.output);
  auto bad = local({"frobnicate"});
  BOOST_TEST(bad.exit_code == 1);
  BOOST_TEST(bad.output.find("unknown command frobnicate") != std::string::npos, bad.output);
  BOOST_TEST(local({"help"}).output.find("pause INDEX") != std::string::npos);
  node.signal(SIGTERM);
  BOOST_TEST(exits_cleanly(node, 30s));
  BOOST_TEST(!std::filesystem::exists(data / "node.json"));

  // The pause shows in the stored cycles: cycles without NIFTY, between cycles with it.
  auto cycles = query(db, "SELECT cycle_id, indices LIKE '%\"NIFTY\"%' FROM cycles ORDER BY started_ms");
  std::string pattern;
  for (auto& c : cycles)
    pattern += c[1] == "1" ? "N" : "-";
  BOOST_TEST(std::regex_search(pattern, std::regex{"N+-+N+"}), pattern);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM cycles WHERE indices NOT LIKE '%\"BANKNIFTY\"%'") == 0);
  BOOST_TEST(query_int(db, "SELECT count(*) FROM batches WHERE index_name = 'NIFTY'")
             < query_int(db, "SELECT count(*) FROM batches WHERE index_name = 'BANKNIFTY'"));
  BOOST_TEST(
    query_int(db,
              "SELECT count(*) FROM events WHERE kind = 'restart_requested' AND component = 'supervisor.collectors'")
    == 1);
}

BOOST_AUTO_TEST_CASE(a_node_refuses_to_listen_beyond_loopback_without_a_secret) {
  temp_dir dir;
  auto r =
    run_g6({"run", "--once", "--data-dir", data_of(dir, "node").string(), "--listen", "0.0.0.0:0"}, dir.path(), 30s);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.output.find("listening on 0.0.0.0 (not loopback) needs a shared secret") != std::string::npos, r.output);
}

BOOST_AUTO_TEST_CASE(a_console_with_a_wrong_secret_is_refused) {
  temp_dir dir;
  auto data = data_of(dir, "node");
  g6_process node{node_args(dir, "node", "sim:2026-11-26T09:15:00+05:30@300x", {}),
                  dir.path() / "node.log",
                  {"G6_ENABLED_INDICES=NIFTY", "G6_NODE_SECRET=s3cret"}};
  auto port = wait_for_port(dir, "node", node);
  auto address = "127.0.0.1:" + std::to_string(port);
  auto wrong = run_g6({"console", "--connect", address, "components"}, dir.path(), 60s, {"G6_NODE_SECRET=guess"});
  BOOST_TEST(wrong.exit_code == 1);
  BOOST_TEST(wrong.output.find("wrong shared secret") != std::string::npos, wrong.output);
  auto right = run_g6({"console", "--connect", address, "components"}, dir.path(), 60s, {"G6_NODE_SECRET=s3cret"});
  BOOST_TEST(right.exit_code == 0, right.output);
  // The local node file carries the secret (mode 0600), so a console on this machine needs no flag.
  auto local = run_g6({"console", "--data-dir", data.string(), "components"}, dir.path(), 60s);
  BOOST_TEST(local.exit_code == 0, local.output);
  auto perms = std::filesystem::status(data / "node.json").permissions();
  BOOST_TEST(((perms & std::filesystem::perms::all)
              == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)));
  node.signal(SIGTERM);
  BOOST_TEST(exits_cleanly(node, 30s));
}
