// hostile_files_test.cpp — the real g6 with hostile files where it reads: panel files replaced by a JSON
// text nested 200,000 deep, a FIFO, a symlink to /dev/zero, a 1 GiB (sparse) file, a NUL byte, a
// directory, and a FIFO as the panels lock; config files nested 50,000 deep, with 2,000 repeated items,
// larger than the limit, with a NUL byte, a FIFO and a symlink to /dev/zero. The daemon must keep cycling
// and storing rows, its integrity monitor and `g6 panels verify` must name each file, SIGTERM must stop
// it within seconds; `g6 config validate` and `g6 run` must refuse each config quickly.
#define BOOST_TEST_MODULE g6_hostile_files
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <functional>
#include <thread>

#include "tests/chaos/chaos_support.hpp"
#include "tests/integration/g6_process.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

/// Cycles 10 s apart in real time (600 simulated seconds at 60x): a file planted after a generation stays
/// in place for two integrity checks (every 5 s) before the next generation replaces it.
const char* slow_cycles_config = R"({
  "index_params": {
    "NIFTY": {"enable": true, "expiries": ["this_week"], "strikes_itm": 3, "strikes_otm": 3},
    "SENSEX": {"enable": true, "expiries": ["this_week"], "strikes_itm": 2, "strikes_otm": 2}
  },
  "collection": {"interval_seconds": 600},
  "panels": {"integrity": {"interval_seconds": 5}},
  "sse": {"enabled": false}
})";

/// An envelope whose data is 200,000 nested arrays: recursive code (hashing, printing) overflows the stack.
const std::string deep_envelope = R"({"data": )" + std::string(200000, '[') + std::string(200000, ']') + "}";

struct hostile_panel {
  const char* file;
  const char* code; // what verify and the integrity monitor report
  std::function<void(const fs::path&)> plant;
};

const std::vector<hostile_panel> hostile_panels{
  {"summary_enveloped.json", "read_error:too_deep",
   [](auto& f) {
     std::ofstream{f, std::ios::trunc} << deep_envelope;
   }},
  {"indices_enveloped.json", "read_error:not_regular", [](auto& f) { ::mkfifo(f.c_str(), 0644); }},
  {"system_enveloped.json", "read_error:symlink", [](auto& f) { fs::create_symlink("/dev/zero", f); }},
  {"storage_enveloped.json", "read_error:too_large",
   [](auto& f) {
     std::ofstream{f};
     fs::resize_file(f, size_t{1} << 30); // sparse: no disk used
   }},
  {"providers_enveloped.json", "read_error:nul_byte",
   [](auto& f) {
     std::ofstream{f, std::ios::binary} << std::string{"{\"data\": {}}\0tail", 17};
   }},
  {"chain_NIFTY_enveloped.json", "read_error:not_regular", [](auto& f) { fs::create_directory(f); }},
};

fs::file_time_type written_at(const fs::path& file) {
  std::error_code ec;
  auto t = fs::last_write_time(file, ec);
  return ec ? fs::file_time_type::min() : t;
}

} // namespace

BOOST_AUTO_TEST_CASE(hostile_panel_files_neither_crash_nor_hang_the_daemon) {
  auto rounds = chaos_scale();
  temp_dir dir;
  auto config = dir.path() / "g6.json";
  std::ofstream{config} << slow_cycles_config;
  auto data = dir.path() / "data";
  auto panels = data / "panels";
  auto db = data / "g6.sqlite";
  g6_process g6{{"run", "--provider", "synthetic", "--clock", "sim:2026-11-26T09:15:00+05:30@60x", "--config",
                 config.string(), "--data-dir", data.string()},
                dir.path() / "g6.log",
                {"G6_METRICS_PORT=0"}};

  for (unsigned round = 0; round < rounds; ++round) {
    // Right after a generation: the planted files stay until the next one, 10 s later.
    auto before = written_at(panels / "manifest.json");
    BOOST_TEST_REQUIRE(wait_until([&] { return written_at(panels / "manifest.json") > before; }, 30s), g6.log());
    std::this_thread::sleep_for(200ms);
    auto mark = g6.log().size();
    auto events_before = std::to_string(stored_count(db, "SELECT coalesce(max(id), 0) FROM events"));
    for (auto& h : hostile_panels) {
      fs::remove_all(panels / h.file);
      h.plant(panels / h.file);
    }
    fs::remove(panels / ".lock");
    ::mkfifo((panels / ".lock").c_str(), 0644);

    auto verified = run_g6({"panels", "verify", "--dir", panels.string(), "--strict"}, dir.path(), 20s);
    BOOST_TEST(verified.exit_code == 1, verified.output);
    for (auto& h : hostile_panels)
      BOOST_TEST(verified.output.find(std::string{h.code} + " " + h.file + ": ") != std::string::npos,
                 h.file << " not reported as " << h.code << ":\n"
                        << verified.output);

    // The integrity monitor names every one of them in its (stored) event.
    std::string failed_id;
    bool reported = wait_until(
      [&] {
        auto failed = query(db, "SELECT id, detail FROM events WHERE kind = 'panels_integrity_failed' AND id > "
                                  + events_before + " ORDER BY id LIMIT 1");
        if (failed.empty())
          return false;
        failed_id = failed[0][0];
        for (auto& h : hostile_panels)
          if (failed[0][1].find(std::string{h.code} + " " + h.file) == std::string::npos)
            return false;
        return true;
      },
      15s);
    BOOST_TEST(reported, g6.log().substr(mark));
    // The writer cannot replace a directory: without it, the next generation writes that panel again and
    // the monitor finds everything intact, so the next round starts from a clean directory.
    fs::remove(panels / "chain_NIFTY_enveloped.json");
    bool intact = !failed_id.empty()
                  && wait_until_stored(db,
                                       "SELECT count(*) FROM events WHERE kind = "
                                       "'panels_integrity_ok' AND id > "
                                         + failed_id,
                                       1, 30s);
    BOOST_TEST(intact, g6.log().substr(mark));
  }

  // Collection goes on: more cycles are stored after the hostile files.
  const std::string ok_cycles = "SELECT count(*) FROM cycles WHERE status = 'ok'";
  auto stored = stored_count(db, ok_cycles);
  BOOST_TEST(wait_until_stored(db, ok_cycles, stored + 2, 40s), "stored " << stored << " then "
                                                                          << stored_count(db, ok_cycles) << "\n"
                                                                          << g6.log());

  auto started = std::chrono::steady_clock::now();
  g6.signal(SIGTERM);
  auto code = g6.wait(20s);
  BOOST_TEST_REQUIRE(code.has_value(), "SIGTERM did not stop g6 within 20 s\n" << g6.log());
  BOOST_TEST(*code == 0, g6.log());
  BOOST_TEST_MESSAGE(
    "stopped "
    << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count()
    << " ms after SIGTERM");
}

namespace {

struct hostile_config {
  const char* name;
  int validate_exit; // 1: the config has problems; 2: the file is refused
  const char* message;
  std::function<void(const fs::path&)> plant;
};

const std::string one_index = R"({"index_params": {"NIFTY": {"expiries": ["this_week"]}}})";

std::string repeated_expiries(int n) {
  std::string items = "\"this_week\"";
  for (int i = 1; i < n; ++i)
    items += ", \"this_week\"";
  return R"({"index_params": {"NIFTY": {"expiries": [)" + items + "]}}}";
}

const std::vector<hostile_config> hostile_configs{
  {"deep.json", 2, "nested deeper than 64 levels",
   [](auto& f) {
     std::ofstream{f} << "{\"index_params\": " + std::string(50000, '[') + std::string(50000, ']') + "}";
   }},
  {"repeated.json", 1, "/index_params/NIFTY/expiries/1999: \"this_week\" repeats item 0",
   [](auto& f) { std::ofstream{f} << repeated_expiries(2000); }},
  {"large.json", 2, "too large: 52428800 bytes (50 MiB), the limit is 1048576 bytes (1 MiB)",
   [](auto& f) {
     std::ofstream{f} << one_index;
     fs::resize_file(f, size_t{50} << 20);
   }},
  {"nul.json", 2, "a NUL byte at offset 56",
   [](auto& f) {
     std::ofstream{f, std::ios::binary} << one_index << std::string{"\0junk", 5};
   }},
  {"fifo.json", 2, "not a regular file (a FIFO)", [](auto& f) { ::mkfifo(f.c_str(), 0644); }},
  {"zero.json", 2, "not a regular file (a character device)", [](auto& f) { fs::create_symlink("/dev/zero", f); }},
};

} // namespace

BOOST_AUTO_TEST_CASE(hostile_config_files_are_refused_quickly_by_validate_and_run) {
  temp_dir dir;
  for (auto& c : hostile_configs) {
    auto file = dir.path() / c.name;
    c.plant(file);
    auto validated = run_g6({"config", "validate", file.string()}, dir.path(), 30s);
    BOOST_TEST(validated.exit_code == c.validate_exit, c.name << ":\n" << validated.output);
    BOOST_TEST(validated.output.find(c.message) != std::string::npos, c.name << ":\n" << validated.output);
    auto run = run_g6({"run", "--config", file.string(), "--once", "--data-dir", (dir.path() / "data").string()},
                      dir.path(), 30s, {"G6_METRICS_PORT=0"});
    BOOST_TEST(run.exit_code == 2, c.name << ":\n" << run.output);
    BOOST_TEST(run.output.find(c.message) != std::string::npos, c.name << ":\n" << run.output);
  }
}
