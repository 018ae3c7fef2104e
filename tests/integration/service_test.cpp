// service_test.cpp — `g6 run` as systemd runs it (packaging/g6.service, Type=notify): the sd_notify
// messages on a NOTIFY_SOCKET this test listens on (READY, STATUS per cycle, WATCHDOG while cycles
// progress and none while the daemon is stopped, STOPPING), and log lines in the journal's format.
#define BOOST_TEST_MODULE service
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "tests/integration/g6_process.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;

namespace {

/// The datagram socket systemd would listen on; each datagram is one notification.
class notify_listener {
public:
  explicit notify_listener(const std::filesystem::path& path) : path_(path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    BOOST_REQUIRE(fd_ >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    BOOST_REQUIRE(path.string().size() < sizeof addr.sun_path);
    std::copy_n(path.c_str(), path.string().size(), addr.sun_path);
    BOOST_REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  }
  ~notify_listener() { ::close(fd_); }

  /// The next notification within `limit`, or nullopt.
  std::optional<std::string> next(std::chrono::milliseconds limit) {
    timeval tv{static_cast<time_t>(limit.count() / 1000), static_cast<suseconds_t>((limit.count() % 1000) * 1000)};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buf[4096];
    auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0)
      return std::nullopt;
    return std::string(buf, static_cast<size_t>(n));
  }

  /// Every notification within `window`.
  std::vector<std::string> collect(std::chrono::milliseconds window) {
    std::vector<std::string> all;
    auto until = std::chrono::steady_clock::now() + window;
    while (true) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
      if (left <= 0ms)
        return all;
      if (auto message = next(std::max(left, 1ms)))
        all.push_back(*message);
    }
  }

  /// Waits up to `limit` for a notification containing `text`; the notification.
  std::optional<std::string> await(const std::string& text, std::chrono::milliseconds limit) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until)
      if (auto message = next(100ms); message && message->find(text) != std::string::npos)
        return message;
    return std::nullopt;
  }

private:
  std::filesystem::path path_;
  int fd_ = -1;
};

size_t count_containing(const std::vector<std::string>& messages, const std::string& text) {
  return static_cast<size_t>(std::count_if(messages.begin(), messages.end(),
                                           [&](const std::string& m) { return m.find(text) != std::string::npos; }));
}

} // namespace

BOOST_AUTO_TEST_CASE(notifies_systemd_feeds_the_watchdog_only_while_running_and_logs_for_the_journal) {
  temp_dir dir;
  auto socket_path = dir.path() / "notify";
  notify_listener systemd{socket_path};
  // JOURNAL_STREAM names the device and inode of the daemon's stdout: its log file here.
  auto log_file = dir.path() / "g6.log";
  { std::ofstream touch{log_file}; }
  struct stat st {};
  BOOST_REQUIRE(::stat(log_file.c_str(), &st) == 0);
  auto journal_stream = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);

  // WATCHDOG_USEC=2 s: the clock feeds every second; one cycle per real second (60x, 60 s interval).
  g6_process g6{{"run", "--provider", "synthetic", "--clock", "sim:2026-11-26T09:15:00+05:30@60x", "--force-open",
                 "--data-dir", (dir.path() / "data").string()},
                log_file,
                {"NOTIFY_SOCKET=" + socket_path.string(), "WATCHDOG_USEC=2000000", "JOURNAL_STREAM=" + journal_stream,
                 "G6_SSE_PORT=0", "G6_METRICS_PORT=0"}};

  auto ready = systemd.await("READY=1", 60s);
  BOOST_REQUIRE_MESSAGE(ready, "no READY=1 within 60 s; log:\n" + g6.log());
  BOOST_TEST(ready->find("STATUS=up: ") != std::string::npos, *ready);

  // Running: the watchdog is fed about every second and each cycle's verdict becomes the status line.
  auto running = systemd.collect(5s);
  BOOST_TEST(count_containing(running, "WATCHDOG=1") >= 3u);
  BOOST_TEST(count_containing(running, "STATUS=stored ") >= 1u);

  // Stopped (as a wedged process would be): not one feed, so systemd would restart it.
  g6.signal(SIGSTOP);
  systemd.collect(300ms); // what was already on its way
  auto stopped = systemd.collect(3s);
  BOOST_TEST(count_containing(stopped, "WATCHDOG=1") == 0u);
  g6.signal(SIGCONT);
  BOOST_TEST(systemd.await("WATCHDOG=1", 5s).has_value());

  g6.signal(SIGTERM);
  BOOST_TEST(systemd.await("STOPPING=1", 10s).has_value());
  auto code = g6.wait(30s);
  BOOST_REQUIRE(code.has_value());
  BOOST_TEST(*code == 0);

  // Journal format: a syslog priority prefix, no timestamp of its own.
  auto log = g6.log();
  BOOST_TEST(log.find("<6>g6 ") != std::string::npos, log.substr(0, 400));
  BOOST_TEST(log.find("<6>run done: stored") != std::string::npos);
  std::istringstream lines{log};
  for (std::string line; std::getline(lines, line);)
    if (!line.empty())
      BOOST_TEST((line.size() > 3 && line[0] == '<' && line[2] == '>'), "not in the journal's format: " << line);
}

BOOST_AUTO_TEST_CASE(without_systemd_no_notifications_and_timestamped_logs) {
  temp_dir dir;
  auto result = run_g6({"run", "--provider", "synthetic", "--clock", "sim:2026-11-26T09:15:00+05:30@600x",
                        "--force-open", "--cycles", "2", "--data-dir", (dir.path() / "data").string()},
                       dir.path(), std::chrono::minutes(2),
                       {"G6_SSE_PORT=0", "G6_METRICS_PORT=0", "NOTIFY_SOCKET=", "JOURNAL_STREAM="});
  BOOST_TEST(result.exit_code == 0, result.output);
  BOOST_TEST(result.output.find("<6>") == std::string::npos);
  BOOST_TEST(result.output.find(" info  g6 ") != std::string::npos, result.output.substr(0, 400));
}
