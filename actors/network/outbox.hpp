// outbox.hpp — a collector's items not yet acknowledged by the hub, oldest first. Every item is journaled
// as one file under the outbox directory until it is popped, so a killed collector re-sends them after a
// restart; at most `memory_limit` of the oldest are also held in memory, the rest are read back from
// disk as the front drains. Pure code: items are opaque bytes.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <string>
#include <vector>

#include "messages/expected.hpp"

namespace g6 {

struct outbox_item {
  uint64_t seq = 0;
  std::vector<char> bytes;
};

class outbox {
public:
  /// Opens (creating) the journal directory and takes up what an earlier run left there.
  static expected<outbox, std::string> open(std::filesystem::path dir, size_t memory_limit);

  /// Journals an item at the back; the reason when it could not be written (the item is not queued).
  expected<void, std::string> push(const std::vector<char>& bytes);
  /// The oldest item; nullptr when empty. An unreadable journal file is reported and skipped.
  const outbox_item* front(std::string& problem);
  /// Forgets the oldest item (acknowledged by the hub).
  void pop();

  size_t size() const { return memory_.size() + on_disk_.size(); }
  size_t in_memory() const { return memory_.size(); }
  bool empty() const { return size() == 0; }

private:
  outbox(std::filesystem::path dir, size_t memory_limit) : dir_(std::move(dir)), memory_limit_(memory_limit) {}
  std::filesystem::path file_of(uint64_t seq) const;
  void refill(std::string& problem);

  std::filesystem::path dir_;
  size_t memory_limit_;
  uint64_t next_seq_ = 1;
  std::deque<outbox_item> memory_; // the oldest items, in order
  std::deque<uint64_t> on_disk_;   // newer items only on disk, in order
};

} // namespace g6
