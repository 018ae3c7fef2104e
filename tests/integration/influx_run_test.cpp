// End to end: the real g6 binary writing to a real InfluxDB 1.x server (influxd on free loopback ports in a
// temp dir), which is stopped and started again in the middle of the run; and over https, with a private CA
// trusted through storage.influx.ca_file or not trusted at all.
#define BOOST_TEST_MODULE g6_influx_run
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "http/http_url.hpp"
#include "tests/integration/g6_process.hpp"
#include "tests/support/http_fetch.hpp"
#include "tests/support/self_signed_cert.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;

extern char** environ;

namespace {

uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  BOOST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

/// influxd with its own config, data and ports under a directory; serving https when given a TLS identity
/// (its certificate, the CA a client must trust, is written to ca_file()).
class influx_server {
public:
  explicit influx_server(const std::filesystem::path& dir, std::optional<tls_identity> tls = std::nullopt)
    : dir_(dir), port_(free_port()) {
    auto rpc = free_port();
    config_ = dir / "influxdb.conf";
    std::string https;
    if (tls) {
      ca_file_ = (dir / "certificate.pem").string();
      auto key = dir / "key.pem";
      std::ofstream{ca_file_} << tls->certificate_pem;
      std::ofstream{key} << tls->key_pem;
      https = fmt::format("  https-enabled = true\n  https-certificate = \"{}\"\n  https-private-key = \"{}\"\n",
                          ca_file_, key.string());
    }
    std::ofstream{config_} << fmt::format(R"(reporting-disabled = true
bind-address = "127.0.0.1:{}"
[meta]
  dir = "{}/meta"
[data]
  dir = "{}/data"
  wal-dir = "{}/wal"
  query-log-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:{}"
  log-enabled = false
{}[monitor]
  store-enabled = false
)",
                                          rpc, dir.string(), dir.string(), dir.string(), port_, https);
    start();
  }
  ~influx_server() { stop(); }

  std::string url() const { return fmt::format("{}://127.0.0.1:{}", ca_file_.empty() ? "http" : "https", port_); }
  const std::string& ca_file() const { return ca_file_; }

  void start() {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    auto log = (dir_ / "influxd.log").string();
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::string binary = "/usr/bin/influxd", run = "run", flag = "-config", config = config_.string();
    char* argv[] = {binary.data(), run.data(), flag.data(), config.data(), nullptr};
    BOOST_REQUIRE(posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv, environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    // Up when it answers a query.
    for (int i = 0; i < 300; ++i) {
      if (query("SHOW DATABASES"))
        return;
      std::this_thread::sleep_for(100ms);
    }
    BOOST_FAIL("influxd did not start");
  }

  void stop() {
    if (pid_ <= 0)
      return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  /// The JSON answer of an InfluxQL statement, or nullopt when the server does not answer.
  std::optional<nlohmann::json> query(const std::string& q) const {
    auto body = fetch_ok(g6::http_method::post, url() + "/query?db=g6&epoch=ms&q=" + g6::url_encode(q), 2s, ca_file_);
    if (!body)
      return std::nullopt;
    return nlohmann::json::parse(*body);
  }

  /// count(field) of a measurement (0 when it has no points).
  long long count(const std::string& field, const std::string& measurement) const {
    auto answer = query("SELECT count(" + field + ") FROM " + measurement);
    BOOST_REQUIRE(answer.has_value());
    auto& result = (*answer)["results"][0];
    if (!result.contains("series"))
      return 0;
    return result["series"][0]["values"][0][1].get<long long>();
  }

private:
  std::filesystem::path dir_;
  std::filesystem::path config_;
  std::string ca_file_;
  uint16_t port_;
  pid_t pid_ = -1;
};

size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

/// Points waiting in the spill directory (one line each).
long long spilled(const std::filesystem::path& dir, const std::string& measurement) {
  long long n = 0;
  if (!std::filesystem::exists(dir))
    return 0;
  for (auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in{entry.path()};
    for (std::string line; std::getline(in, line);)
      n += line.starts_with(measurement + ",") ? 1 : 0;
  }
  return n;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_committed_row_reaches_influxdb_across_a_server_restart) {
  temp_dir dir;
  std::filesystem::create_directories(dir.path() / "influx");
  influx_server server{dir.path() / "influx"};
  BOOST_TEST_REQUIRE(server.query("CREATE DATABASE g6").has_value());
  auto data = dir.path() / "data";
  g6_process g6{
    {"run", "--provider", "synthetic", "--clock", "sim:2026-11-26T09:15:00+05:30@300x", "--data-dir", data.string()},
    dir.path() / "g6.log",
    {"G6_INFLUX_URL=" + server.url(), "G6_INFLUX_DB=g6"}};
  auto db = data / "g6.sqlite";
  auto committed = [&](long long n) { return wait_until_stored(db, batches_of(), n, 3min); };
  BOOST_TEST_REQUIRE(committed(15), g6.log());
  server.stop();
  auto failures_before = occurrences(g6.log(), "influx: write failed");
  auto committed_at_stop = stored_count(db, batches_of());
  // Storage goes on committing while InfluxDB is down.
  BOOST_TEST_REQUIRE(committed(committed_at_stop + 40), g6.log());
  auto failures_during = occurrences(g6.log(), "influx: write failed") - failures_before;
  // The breaker spaces the attempts: far fewer failed writes than batches queued meanwhile.
  BOOST_TEST(failures_during < 20u, g6.log());
  BOOST_TEST(failures_during >= 1u, g6.log());
  server.start();
  // The queue drains once the server is back: InfluxDB catches up with what storage committed.
  bool caught_up = false;
  for (int i = 0; i < 600 && !caught_up; ++i) {
    caught_up = server.count("rows", "g6_cycle") >= stored_count(db, batches_of());
    std::this_thread::sleep_for(100ms);
  }
  BOOST_TEST(caught_up, g6.log());
  g6.signal(SIGINT);
  auto code = g6.wait(30s);
  BOOST_TEST_REQUIRE(code.has_value());
  BOOST_TEST(*code == 0, g6.log());
  // Every committed row is in InfluxDB, or spilled to disk for the next run; none overwrote another.
  auto spill = data / "influx_spill";
  BOOST_TEST(server.count("price", "option_data") + spilled(spill, "option_data")
             == query_int(db, "SELECT count(*) FROM option_quotes"));
  BOOST_TEST(server.count("index_price", "options_overview") + spilled(spill, "options_overview")
             == query_int(db, "SELECT count(*) FROM overview"));
  BOOST_TEST(server.count("rows", "g6_cycle") + spilled(spill, "g6_cycle")
             == query_int(db, "SELECT count(*) FROM batches"));
  // Read back one point's values.
  auto row = query(db, "SELECT ts_ms, strike, option_type, last_price FROM option_quotes "
                       "WHERE index_name = 'NIFTY' ORDER BY ts_ms, strike LIMIT 1")[0];
  auto answer = server.query(fmt::format("SELECT price FROM option_data WHERE \"index\" = 'NIFTY' AND "
                                         "strike = '{}' AND type = '{}' AND time = {}ms",
                                         std::stod(row[1]), row[2], row[0]));
  BOOST_TEST_REQUIRE(answer.has_value());
  double price = (*answer)["results"][0]["series"][0]["values"][0][1].get<double>();
  BOOST_TEST(price == std::stod(row[3]));
}

namespace {

/// A short synthetic run writing to InfluxDB at `server`, trusting `ca_file` ("" : the system's store);
/// returns g6's log once it stopped.
std::string run_against(const temp_dir& dir, const influx_server& server, const std::string& ca_file) {
  std::ifstream seed{"config/g6.json"};
  auto doc = nlohmann::json::parse(seed);
  doc["storage"]["influx"] = {{"enabled", true}, {"url", server.url()}, {"database", "g6"}, {"ca_file", ca_file}};
  doc["metrics"] = {{"port", 0}};
  auto config = dir.path() / "g6.json";
  std::ofstream{config} << doc.dump();
  g6_process g6{{"run", "--config", config.string(), "--provider", "synthetic", "--clock",
                 "sim:2026-11-26T09:15:00+05:30@300x", "--data-dir", (dir.path() / "data").string(), "--cycles", "6"},
                dir.path() / "g6.log"};
  auto code = g6.wait(2min);
  BOOST_TEST_REQUIRE(code.has_value(), g6.log());
  BOOST_TEST(*code == 0, g6.log());
  return g6.log();
}

} // namespace

BOOST_AUTO_TEST_CASE(over_https_a_private_ca_is_trusted_through_ca_file_and_an_untrusted_certificate_loses_no_row) {
  temp_dir dir;
  std::filesystem::create_directories(dir.path() / "influx");
  influx_server server{dir.path() / "influx", make_self_signed_identity()};
  BOOST_TEST_REQUIRE(server.query("CREATE DATABASE g6").has_value());

  // Trusted: every committed row is written over TLS.
  temp_dir trusted;
  auto log = run_against(trusted, server, server.ca_file());
  BOOST_TEST(occurrences(log, "influx: write failed") == 0u, log);
  auto db = trusted.path() / "data" / "g6.sqlite";
  auto batches = query_int(db, "SELECT count(*) FROM batches"); // one per index and cycle
  BOOST_TEST(batches >= 6);
  BOOST_TEST(server.count("price", "option_data") == query_int(db, "SELECT count(*) FROM option_quotes"));
  BOOST_TEST(server.count("rows", "g6_cycle") == batches);

  // Not trusted (the system's store does not know the private CA): the writes fail naming the certificate,
  // nothing reaches the server, and every row waits in the spill directory for a run that trusts it.
  temp_dir untrusted;
  log = run_against(untrusted, server, "");
  BOOST_TEST(occurrences(log, "influx: write failed") >= 1u, log);
  BOOST_TEST(log.find("certificate") != std::string::npos, log);
  BOOST_TEST(server.count("rows", "g6_cycle") == batches);
  auto untrusted_db = untrusted.path() / "data" / "g6.sqlite";
  BOOST_TEST(spilled(untrusted.path() / "data" / "influx_spill", "option_data")
             == query_int(untrusted_db, "SELECT count(*) FROM option_quotes"));
  BOOST_TEST(spilled(untrusted.path() / "data" / "influx_spill", "g6_cycle")
             == query_int(untrusted_db, "SELECT count(*) FROM batches"));
}
