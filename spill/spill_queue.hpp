// spill_queue.hpp — the one durable queue of the project: items (opaque bytes) oldest first, each on disk
// as a file named by its sequence number (written beside, then renamed, so a killed process leaves it
// whole or absent), taken up again by the next run. Two uses: the collector's outbox to the hub
// (write_through: on disk before the item is acknowledged, unbounded) and the InfluxDB sink's backlog
// (memory first, spilled beyond `memory_items` and at stop, the disk bounded by dropping the oldest).
// Pure code, no CAF.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <string>
#include <string_view>

#include "messages/expected.hpp"

namespace g6 {

struct spill_options {
  std::string suffix = ".item"; // file name extension of an item
  size_t memory_items = 64;     // items held in memory (write_through: the oldest ones, as a cache)
  bool write_through = true;    // every item on disk when pushed; else only past memory_items and at spill_all()
  uint64_t max_disk_bytes = 0;  // 0: unbounded; else the oldest items on disk are dropped beyond it (counted)
};

struct spill_item {
  uint64_t seq = 0;
  std::string bytes;
};

class spill_queue {
public:
  /// Opens (creating) `dir` and takes up the items an earlier run left there, oldest first; a write
  /// that run did not finish (a .partial file) is removed: it was never acknowledged.
  static expected<spill_queue, std::string> open(std::filesystem::path dir, spill_options options);

  /// Queues an item at the back; the reason when it had to go to disk and could not (then it is not queued).
  expected<void, std::string> push(std::string bytes);
  /// The oldest item; nullptr when empty. An unreadable file is removed, counted in dropped() and
  /// described in `problem`, and the next item is tried.
  const spill_item* front(std::string& problem);
  /// Forgets the oldest item (delivered), with its file.
  void pop();
  /// Writes every item held only in memory to disk (before the process stops).
  void spill_all();

  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  size_t in_memory() const { return in_memory_; }
  uint64_t disk_bytes() const { return disk_bytes_; }
  uint64_t dropped() const { return dropped_; }

private:
  struct entry {
    spill_item item;
    bool loaded = false; // item.bytes holds the bytes
    bool on_disk = false;
    uint64_t bytes_on_disk = 0;
  };

  spill_queue(std::filesystem::path dir, spill_options options) : dir_(std::move(dir)), options_(std::move(options)) {}
  std::filesystem::path file_of(uint64_t seq) const;
  expected<void, std::string> write(entry& e);
  void drop_oldest_on_disk();
  void forget(std::deque<entry>::iterator i);

  std::filesystem::path dir_;
  spill_options options_;
  uint64_t next_seq_ = 1;
  std::deque<entry> items_;
  uint64_t disk_bytes_ = 0;
  uint64_t dropped_ = 0;
  size_t in_memory_ = 0;
  size_t on_disk_ = 0;
  size_t only_on_disk_ = 0; // on disk and not loaded
};

} // namespace g6
