// Chaos: the real g6 binary on a damaged database. Garbage in the middle of the file, zeroed pages, a
// truncated file and random bytes in place of it must each be refused before anything is written: exit 3
// with a message naming the file and what to do, no cycle reported as committed, the file left byte for
// byte as it was; `g6 retention` fails naming it and leaves it alone too. With the damaged file moved aside
// a new run starts a new database and stores.
#define BOOST_TEST_MODULE g6_chaos_corrupt_database
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tests/chaos/chaos_support.hpp"
#include "tests/integration/g6_process.hpp"

namespace fs = std::filesystem;
using namespace g6::testing;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> run_args(const fs::path& data, int cycles) {
  return {"run",      "--provider",           "synthetic",  "--clock",    "sim:2026-11-26T09:15:00+05:30@600x",
          "--cycles", std::to_string(cycles), "--data-dir", data.string()};
}

std::string file_bytes(const fs::path& file) {
  std::ifstream in{file, std::ios::binary};
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// Writes `bytes` over the file at `offset` without changing its size (dd conv=notrunc).
void overwrite(const fs::path& file, uint64_t offset, const std::string& bytes) {
  std::fstream out{file, std::ios::binary | std::ios::in | std::ios::out};
  out.seekp(static_cast<std::streamoff>(offset));
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  BOOST_REQUIRE(out.good());
}

std::string random_bytes(size_t n, std::mt19937_64& random) {
  std::string bytes(n, '\0');
  for (auto& b : bytes)
    b = static_cast<char>(random() & 0xff);
  return bytes;
}

constexpr uint64_t damage_bytes = 64 * 1024;

/// The ways a database file gets damaged, each at a random place past the schema's first page.
enum class damage { garbage_in_the_middle, zeroed_pages, truncated, not_a_database };

const char* name_of(damage d) {
  switch (d) {
    case damage::garbage_in_the_middle:
      return "64 KB of garbage in the middle";
    case damage::zeroed_pages:
      return "64 KB of zeroed pages";
    case damage::truncated:
      return "truncated";
    case damage::not_a_database:
      return "random bytes in place of the database";
  }
  return "?";
}

void apply(damage d, const fs::path& file, std::mt19937_64& random) {
  auto size = fs::file_size(file);
  BOOST_REQUIRE_GT(size, 4 * damage_bytes);
  // Somewhere in the middle half, on no particular boundary.
  std::uniform_int_distribution<uint64_t> middle{size / 4, size * 3 / 4 - damage_bytes};
  switch (d) {
    case damage::garbage_in_the_middle:
      overwrite(file, middle(random), random_bytes(damage_bytes, random));
      break;
    case damage::zeroed_pages:
      overwrite(file, middle(random), std::string(damage_bytes, '\0'));
      break;
    case damage::truncated:
      fs::resize_file(file, middle(random));
      break;
    case damage::not_a_database: {
      std::ofstream out{file, std::ios::binary | std::ios::trunc};
      out << random_bytes(size, random);
      break;
    }
  }
}

/// A database of 10 cycles of every index, written by g6 and closed cleanly: what the damage goes into.
struct populated {
  temp_dir dir;
  fs::path file;
  populated() {
    auto data = dir.path() / "data";
    auto r = run_g6(run_args(data, 10), dir.path(), 2min);
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
    file = data / "g6.sqlite";
    BOOST_TEST_REQUIRE(query_int(file, "SELECT count(*) FROM batches") > 0);
  }
};

} // namespace

BOOST_AUTO_TEST_CASE(a_damaged_database_is_refused_and_a_moved_aside_one_starts_clean) {
  populated source;
  auto random = chaos_random("a_damaged_database_is_refused_and_a_moved_aside_one_starts_clean");
  const damage kinds[] = {damage::garbage_in_the_middle, damage::zeroed_pages, damage::truncated,
                          damage::not_a_database};
  for (unsigned round = 0; round < chaos_scale(); ++round) {
    for (auto kind : kinds) {
      BOOST_TEST_CONTEXT("round " << round << ": " << name_of(kind)) {
        temp_dir dir;
        auto data = dir.path() / "data";
        fs::create_directories(data);
        auto file = data / "g6.sqlite";
        fs::copy_file(source.file, file);
        apply(kind, file, random);
        auto damaged = file_bytes(file);

        auto refused = run_g6(run_args(data, 3), dir.path(), 2min);
        BOOST_TEST(refused.exit_code == 3, refused.output);
        BOOST_TEST(contains(refused.output, "storage_corrupt"), refused.output);
        BOOST_TEST(contains(refused.output, file.string()), refused.output);
        BOOST_TEST(contains(refused.output, "move it aside"), refused.output);
        BOOST_TEST(!contains(refused.output, " committed "), refused.output);
        BOOST_TEST(file_bytes(file) == damaged, "the damaged database was written to");

        // The commands that read or prune the database fail naming it, and leave it as it is.
        for (auto command :
             {std::vector<std::string>{"retention", "scan"},
              std::vector<std::string>{"retention", "prune", "--keep-days", "1", "--today", "2026-12-20"}}) {
          command.insert(command.end(), {"--data-dir", data.string()});
          auto r = run_g6(command, dir.path(), 1min);
          BOOST_TEST(r.exit_code == 1, command[1] << ": " << r.output);
          BOOST_TEST(contains(r.output, file.string()), command[1] << ": " << r.output);
        }
        BOOST_TEST(file_bytes(file) == damaged, "g6 retention wrote to the damaged database");

        // The user's way out, as the message says: move the file aside with its -wal and -shm (g6 never
        // deletes it), then run again.
        auto aside = dir.path() / "damaged";
        fs::create_directories(aside);
        for (auto suffix : {"", "-wal", "-shm"})
          if (auto part = data / (std::string{"g6.sqlite"} + suffix); fs::exists(part))
            fs::rename(part, aside / part.filename());
        auto fresh = run_g6(run_args(data, 2), dir.path(), 2min);
        BOOST_TEST(fresh.exit_code == 0, fresh.output);
        BOOST_TEST(contains(fresh.output, " committed "), fresh.output);
        BOOST_TEST(query_int(file, "SELECT count(DISTINCT ts_ms) FROM batches") == 2);
        BOOST_TEST(file_bytes(aside / "g6.sqlite") == damaged);
      }
    }
  }
}
