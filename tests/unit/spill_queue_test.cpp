// The project's durable queue, in its two uses: the collector's outbox (write-through: every item on
// disk before it is acknowledged, memory a cache of the oldest) and the InfluxDB backlog (memory first,
// spilled beyond its memory and at stop, the disk bounded by dropping the oldest). Order through memory,
// disk and restarts; a write the killed process did not finish; an unreadable item; a failed write.
#define BOOST_TEST_MODULE spill_queue
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <fstream>

#include "spill/spill_queue.hpp"
#include "tests/support/temp_dir.hpp"

using namespace g6;
namespace fs = std::filesystem;

namespace {

spill_queue open_queue(const fs::path& dir, spill_options options) {
  auto opened = spill_queue::open(dir, std::move(options));
  BOOST_TEST_REQUIRE(opened.has_value());
  return std::move(*opened);
}

spill_options outbox(size_t memory) {
  return {".item", memory, true, 0};
}

spill_options backlog(size_t memory, uint64_t max_disk_bytes) {
  return {".lp", memory, false, max_disk_bytes};
}

std::string drain(spill_queue& q, size_t memory_bound = SIZE_MAX) {
  std::string problem, order;
  while (auto* item = q.front(problem)) {
    order += item->bytes;
    BOOST_TEST(q.in_memory() <= memory_bound);
    q.pop();
  }
  BOOST_TEST(problem.empty());
  return order;
}

size_t files_in(const fs::path& dir) {
  return static_cast<size_t>(std::distance(fs::directory_iterator{dir}, fs::directory_iterator{}));
}

} // namespace

BOOST_AUTO_TEST_CASE(an_outbox_journals_every_item_and_keeps_order_beyond_its_memory) {
  testing::temp_dir dir;
  auto box = open_queue(dir.path(), outbox(2));
  for (auto s : {"a", "b", "c", "d", "e"})
    BOOST_TEST(box.push(s).has_value());
  BOOST_TEST(box.size() == 5u);
  BOOST_TEST(box.in_memory() == 2u);
  BOOST_TEST(files_in(dir.path()) == 5u); // on disk before acknowledged, the cached ones too
  BOOST_TEST(drain(box, 2) == "abcde");
  BOOST_TEST(fs::is_empty(dir.path()));
}

BOOST_AUTO_TEST_CASE(an_outbox_reopened_after_a_kill_resends_what_was_not_acknowledged) {
  testing::temp_dir dir;
  {
    auto box = open_queue(dir.path(), outbox(8));
    for (auto s : {"one", "two", "three"})
      box.push(s);
    std::string problem;
    box.front(problem);
    box.pop(); // "one" acknowledged
  }            // no spill_all: a killed process does not get to run anything
  std::ofstream{dir.path() / "00000000000000000009.item.partial"} << "half";
  auto box = open_queue(dir.path(), outbox(1));
  BOOST_TEST(box.size() == 2u);
  BOOST_TEST(!fs::exists(dir.path() / "00000000000000000009.item.partial"));
  std::string problem;
  BOOST_TEST(box.front(problem)->bytes == "two");
  box.push("four"); // numbered after what it found
  BOOST_TEST(drain(box) == "twothreefour");
}

BOOST_AUTO_TEST_CASE(a_backlog_keeps_order_through_memory_disk_and_a_restart) {
  testing::temp_dir dir;
  auto spill = dir.path() / "spill";
  {
    auto q = open_queue(spill, backlog(2, 1 << 20));
    BOOST_TEST(!fs::exists(spill)); // made when first needed
    for (int i = 1; i <= 5; ++i)
      BOOST_TEST(q.push("batch " + std::to_string(i) + "\n").has_value());
    BOOST_TEST(q.size() == 5u);
    BOOST_TEST(q.in_memory() == 2u);
    BOOST_TEST(files_in(spill) == 3u);
    std::string problem;
    BOOST_TEST(q.front(problem)->bytes == "batch 1\n");
    q.pop();
    BOOST_TEST(q.front(problem)->bytes == "batch 2\n");
    q.spill_all(); // stopping: batch 2 goes to disk ahead of 3..5
  }
  auto again = open_queue(spill, backlog(2, 1 << 20));
  BOOST_TEST(again.size() == 4u);
  BOOST_TEST(drain(again) == "batch 2\nbatch 3\nbatch 4\nbatch 5\n");
  BOOST_TEST(fs::is_empty(spill));
}

BOOST_AUTO_TEST_CASE(the_disk_bound_drops_the_oldest_items_and_counts_them) {
  testing::temp_dir dir;
  auto q = open_queue(dir.path(), backlog(0, 20));
  for (int i = 1; i <= 4; ++i)
    BOOST_TEST(q.push("batch " + std::to_string(i) + "\n").has_value()); // 8 bytes each
  BOOST_TEST(q.size() == 2u);
  BOOST_TEST(q.dropped() == 2u);
  BOOST_TEST(q.disk_bytes() == 16u);
  BOOST_TEST(drain(q) == "batch 3\nbatch 4\n");
}

BOOST_AUTO_TEST_CASE(an_item_replaced_by_a_directory_or_fifo_is_dropped_counted_and_named_never_a_hang) {
  testing::temp_dir dir;
  {
    auto box = open_queue(dir.path(), outbox(0));
    box.push("first");
    box.push("second");
    box.push("third");
  }
  auto first = dir.path() / "00000000000000000001.item";
  fs::remove(first);
  fs::create_directory(first); // a directory where the item was: cannot be read as one
  auto second = dir.path() / "00000000000000000002.item";
  fs::remove(second);
  BOOST_TEST_REQUIRE(mkfifo(second.c_str(), 0600) == 0); // a FIFO: opening it must not block
  auto box = open_queue(dir.path(), outbox(0));
  std::string problem;
  auto* item = box.front(problem);
  BOOST_TEST_REQUIRE(item);
  BOOST_TEST(item->bytes == "third");
  BOOST_TEST(problem.find("00000000000000000002.item") != std::string::npos, problem); // the last one named
  BOOST_TEST(box.dropped() == 2u);
}

BOOST_AUTO_TEST_CASE(an_item_that_cannot_be_written_is_refused_not_queued) {
  testing::temp_dir dir;
  auto box = open_queue(dir.path() / "box", outbox(4));
  BOOST_TEST(box.push("kept").has_value());
  fs::remove_all(dir.path() / "box");
  std::ofstream{dir.path() / "box"} << "a file where the directory was";
  auto refused = box.push("lost?");
  BOOST_TEST(!refused.has_value());
  BOOST_TEST(refused.error().find("box") != std::string::npos, refused.error());
  BOOST_TEST(box.size() == 1u);
  // And a write-through queue that cannot make its directory does not open.
  BOOST_TEST(!spill_queue::open(dir.path() / "box" / "inner", outbox(4)).has_value());
}
