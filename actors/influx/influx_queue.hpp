// influx_queue.hpp — the batches waiting for InfluxDB: the first `memory_batches` in memory, later ones
// spilled to files in a directory (so a long outage costs disk, not memory, and survives a restart), oldest
// first; the spill directory is bounded, dropping its oldest batches beyond `spill_max_bytes`. Pure code.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "messages/expected.hpp"

namespace g6 {

class influx_queue {
public:
  /// Batches spilled by an earlier run are found in `spill_dir` and queued first.
  influx_queue(std::filesystem::path spill_dir, size_t memory_batches, uint64_t spill_max_bytes);

  /// Queues a batch. Returns the error when it had to be spilled and could not be.
  expected<void, std::string> push(std::string batch);

  bool empty() const { return memory_.empty() && spilled_.empty(); }
  size_t size() const { return memory_.size() + spilled_.size(); }

  /// The oldest batch (read from its file when spilled), or nullopt when empty or unreadable (an unreadable
  /// file is dropped and counted).
  std::optional<std::string> front();
  /// Forgets the oldest batch.
  void pop();

  /// Moves the batches in memory to the spill directory (before the process stops).
  void spill_all();

  uint64_t spilled_bytes() const { return spilled_bytes_; }
  uint64_t dropped() const { return dropped_; }

private:
  expected<void, std::string> spill(const std::string& batch);
  void drop_oldest_spilled();

  std::filesystem::path dir_;
  size_t memory_batches_;
  uint64_t spill_max_bytes_;
  std::deque<std::string> memory_;
  std::deque<std::pair<std::filesystem::path, uint64_t>> spilled_; // file, bytes
  uint64_t spilled_bytes_ = 0;
  uint64_t next_sequence_ = 0;
  uint64_t dropped_ = 0;
};

} // namespace g6
