// Chaos: a capture journal damaged in the middle (a stray write, a bad disk block) and torn at its end.
// A second run appending to the day file cuts only the torn tail, keeps every whole frame after the damage
// and reports it (an event); `g6 journal inspect` names the skipped range; a replay of the file stores
// every cycle whose frames survived. G6_CHAOS_SCALE repeats it with other places and lengths.
#define BOOST_TEST_MODULE journal_damage
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "tests/chaos/chaos_support.hpp"
#include "tests/integration/g6_process.hpp"
#include "tests/support/file_damage.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> capture_args(const std::filesystem::path& data, const std::string& start) {
  return {"run",      "--provider", "synthetic",  "--clock",    "sim:2026-11-26T" + start + "+05:30@600x",
          "--cycles", "10",         "--data-dir", data.string()};
}

/// Where the frames of an undamaged journal lie: after the 4-byte magic, each is an 8-byte header led by
/// its payload's length (u32 LE) and the payload. Walked here from the format, not with the reader under
/// test (scan_journal_frames), so the test does not take the reader's word for where the frames are.
std::vector<byte_range> frames_of(const std::filesystem::path& journal) {
  std::string bytes(std::filesystem::file_size(journal), '\0');
  std::ifstream{journal, std::ios::binary}.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  std::vector<byte_range> frames;
  for (uint64_t at = 4; at + 8 <= bytes.size();) {
    uint64_t length = 0;
    for (int i = 3; i >= 0; --i)
      length = (length << 8) | static_cast<uint8_t>(bytes[at + static_cast<uint64_t>(i)]);
    frames.push_back({at, at + 8 + length});
    at += 8 + length;
  }
  return frames;
}

nlohmann::json inspect(const std::filesystem::path& journal, const std::filesystem::path& dir) {
  auto r = run_g6({"journal", "inspect", "--json", journal.string()}, dir, 30s);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  return nlohmann::json::parse(r.output);
}

} // namespace

BOOST_AUTO_TEST_CASE(damage_in_the_middle_is_skipped_kept_and_reported) {
  auto random = chaos_random("journal_damage");
  for (unsigned round = 0; round < chaos_scale(); ++round) {
    temp_dir dir;
    auto data = dir.path() / "A";
    auto first = run_g6(capture_args(data, "09:15:00"), dir.path(), 3min);
    BOOST_TEST_REQUIRE(first.exit_code == 0, first.output);
    auto journal = data / "journal" / "2026-11-26.g6j";
    auto captured = inspect(journal, dir.path());
    BOOST_TEST_REQUIRE(captured["cycles"] == 10);
    auto size = std::filesystem::file_size(journal);
    auto frames = frames_of(journal);
    BOOST_TEST_REQUIRE(frames.back().end == size);

    // Up to 8 KB somewhere in the middle half, less than a cycle's answers (five indices' quotes), and
    // the last frame torn as a crash mid-append leaves it.
    uint64_t length = 1 + random() % 8192;
    uint64_t from = size / 4 + random() % (size / 2 - length);
    uint64_t torn = 1 + random() % 64;
    BOOST_TEST_MESSAGE("round " << round << ": " << length << " bytes at " << from << " of " << size << ", the last "
                                << torn << " bytes cut");
    damage_bytes(journal, from, from + length, random);
    std::filesystem::resize_file(journal, size - torn);

    // A second run the same day appends after the damage, which it reports, and cuts only the torn tail.
    auto second = run_g6(capture_args(data, "09:30:00"), dir.path(), 3min);
    BOOST_TEST_REQUIRE(second.exit_code == 0, second.output);
    BOOST_TEST(second.output.find("journal_damaged") != std::string::npos, second.output);
    auto db = data / "g6.sqlite";
    BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'journal_damaged'") == 1);
    BOOST_TEST(query_int(db, "SELECT count(*) FROM events WHERE kind = 'journal_torn_tail_cut'") == 1);
    BOOST_TEST(std::filesystem::file_size(journal) > size);

    auto after = inspect(journal, dir.path());
    BOOST_TEST(after["torn_bytes"] == 0);
    BOOST_TEST_REQUIRE(after["damaged"].size() == 1u, after.dump());
    // The range is exactly the frames the damage hit.
    auto first_hit = std::find_if(frames.begin(), frames.end(), [&](auto& f) { return f.end > from; });
    auto after_hit = std::find_if(first_hit, frames.end(), [&](auto& f) { return f.begin >= from + length; });
    auto& range = after["damaged"][0];
    BOOST_TEST(range["offset"].get<uint64_t>() == first_hit->begin, after.dump());
    BOOST_TEST(range["length"].get<uint64_t>() == std::prev(after_hit)->end - first_hit->begin, after.dump());
    // No cycle lies wholly inside the damage: all twenty are still there.
    BOOST_TEST(after["cycles"] == 20, after.dump());

    // A replay warns of the range and stores every cycle the journal still holds. The index-cycles whose
    // answers were in the damaged frames are not stored, so the run says it stored part (exit 5).
    auto replayed = dir.path() / "B";
    auto replay = run_g6(
      {"run", "--provider", "replay", "--journal", journal.string(), "--speed", "max", "--data-dir", replayed.string()},
      dir.path(), 3min);
    BOOST_TEST_REQUIRE((replay.exit_code == 0 || replay.exit_code == 5), replay.output);
    if (replay.exit_code == 5)
      BOOST_TEST(replay.output.find("the journal has no") != std::string::npos, replay.output);
    BOOST_TEST(replay.output.find("in 1 ranges) and replaying the rest") != std::string::npos, replay.output);
    BOOST_TEST(query_int(replayed / "g6.sqlite", "SELECT count(DISTINCT ts_ms) FROM option_quotes")
               == after["cycles"].get<long long>());
  }
}
