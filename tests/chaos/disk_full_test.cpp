// Chaos: the disk fills under a running g6 (its data directory on a small tmpfs) and space comes back. While
// full, storage says so clearly, the daemon keeps running and acknowledges nothing it did not commit; once
// space returns it commits again without a restart; every acknowledged batch is whole and SIGTERM ends it.
// Needs mount(2) (root with CAP_SYS_ADMIN): skipped, with the reason, where it is not allowed.
#define BOOST_TEST_MODULE g6_chaos_disk_full
#include <boost/test/unit_test.hpp>

#include <sys/mount.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "tests/chaos/acknowledged_rows.hpp"
#include "tests/chaos/chaos_support.hpp"
#include "tests/integration/g6_process.hpp"
#include "tests/support/http_fetch.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;

namespace {

/// A tmpfs of `kib` KiB mounted on `dir` for the object's lifetime.
class small_tmpfs {
public:
  small_tmpfs(std::filesystem::path dir, unsigned kib) : dir_(std::move(dir)) {
    std::filesystem::create_directories(dir_);
    auto options = "size=" + std::to_string(kib) + "k";
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, options.c_str()) == 0)
      mounted_ = true;
    else
      error_ = std::strerror(errno);
  }
  ~small_tmpfs() {
    if (mounted_)
      ::umount2(dir_.c_str(), MNT_DETACH);
  }
  small_tmpfs(const small_tmpfs&) = delete;
  small_tmpfs& operator=(const small_tmpfs&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  bool resize(unsigned kib) {
    auto options = "size=" + std::to_string(kib) + "k";
    return ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT, options.c_str()) == 0;
  }

private:
  std::filesystem::path dir_;
  bool mounted_ = false;
  std::string error_;
};

boost::test_tools::assertion_result can_mount(boost::unit_test::test_unit_id) {
  temp_dir probe;
  small_tmpfs fs{probe.path() / "m", 64};
  boost::test_tools::assertion_result result{fs.mounted()};
  if (!fs.mounted())
    result.message() << "cannot mount a tmpfs here (" << fs.error() << "): the disk-full test needs root with "
                     << "CAP_SYS_ADMIN";
  return result;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_full_disk_stops_commits_and_space_coming_back_resumes_them,
                     *boost::unit_test::precondition(&can_mount)) {
  for (unsigned round = 0; round < chaos_scale(); ++round) {
    temp_dir dir;
    auto data = dir.path() / "data";
    small_tmpfs fs{data, 1500};
    BOOST_TEST_REQUIRE(fs.mounted(), fs.error());
    auto db = data / "g6.sqlite";
    g6_process g6{{"run", "--provider", "synthetic", "--clock", "sim:2026-11-26T09:15:00+05:30@600x", "--data-dir",
                   data.string(), "--ready-file", (dir.path() / "ready.json").string()},
                  dir.path() / "g6.log",
                  {"G6_METRICS_PORT=0"}};
    auto ready = wait_until_ready(g6, dir.path() / "ready.json", 1min);
    BOOST_TEST_REQUIRE(ready.has_value(), g6.log());
    int port = port_of(ready->at("metrics").get<std::string>());
    // Full until a cycle gives up its retries: it fails (the metric counts it), the log gives the reason,
    // and nothing more is acknowledged.
    BOOST_TEST_REQUIRE(
      wait_until(
        [&] { return metric_sample(scrape_metrics(port), R"(g6_cycles_total{status="failed"})").value_or(0) >= 1; },
        3min),
      g6.log());
    BOOST_TEST_REQUIRE(!g6.wait(0ms).has_value(), "g6 exited on a full disk:\n" << g6.log());
    auto while_full = g6.log();
    BOOST_TEST(while_full.find("disk is full") != std::string::npos, while_full);
    BOOST_TEST(while_full.find("not stored") != std::string::npos, while_full);
    auto acked_while_full = acknowledged(while_full);
    check_database(db, acked_while_full);

    // Space comes back: commits resume in the same process.
    BOOST_TEST_REQUIRE(fs.resize(256 * 1024));
    auto before = stored_count(db, batches_of());
    BOOST_TEST(wait_until_stored(db, batches_of(), before + 20, 2min), g6.log());
    g6.signal(SIGTERM);
    auto code = g6.wait(30s);
    BOOST_TEST_REQUIRE(code.has_value(), "g6 did not stop on SIGTERM:\n" << g6.log());
    BOOST_TEST(*code == 0, g6.log());
    auto acked = acknowledged(g6.log());
    BOOST_TEST(acked.size() > acked_while_full.size());
    check_database(db, acked);
  }
}
