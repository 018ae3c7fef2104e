#include "actors/influx/influx_queue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace g6 {

namespace {

constexpr std::string_view spill_extension = ".lp";

/// Spill files are named by a zero-padded sequence number, so their names sort in age order.
std::filesystem::path spill_file(const std::filesystem::path& dir, uint64_t sequence) {
  return dir / fmt::format("{:020}{}", sequence, spill_extension);
}

} // namespace

influx_queue::influx_queue(std::filesystem::path spill_dir, size_t memory_batches, uint64_t spill_max_bytes)
  : dir_(std::move(spill_dir)), memory_batches_(memory_batches), spill_max_bytes_(spill_max_bytes) {
  std::error_code ec;
  std::vector<std::filesystem::path> found;
  for (auto it = std::filesystem::directory_iterator(dir_, ec); !ec && it != std::filesystem::directory_iterator();
       it.increment(ec))
    if (it->path().extension() == spill_extension)
      found.push_back(it->path());
  std::sort(found.begin(), found.end());
  for (auto& file : found) {
    auto bytes = std::filesystem::file_size(file, ec);
    if (ec)
      continue;
    spilled_.emplace_back(file, bytes);
    spilled_bytes_ += bytes;
    uint64_t sequence = 0;
    auto stem = file.stem().string();
    std::istringstream{stem} >> sequence;
    next_sequence_ = std::max(next_sequence_, sequence + 1);
  }
}

expected<void, std::string> influx_queue::spill(const std::string& batch) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec)
    return unexpected{fmt::format("create {}: {}", dir_.string(), ec.message())};
  auto file = spill_file(dir_, next_sequence_++);
  // Written beside, then renamed: a crash never leaves half a batch under a spill name.
  auto partial = file;
  partial += ".partial";
  {
    std::ofstream out{partial, std::ios::binary | std::ios::trunc};
    out << batch;
    if (!out.flush())
      return unexpected{fmt::format("write {}", partial.string())};
  }
  std::filesystem::rename(partial, file, ec);
  if (ec)
    return unexpected{fmt::format("rename {}: {}", partial.string(), ec.message())};
  spilled_.emplace_back(file, batch.size());
  spilled_bytes_ += batch.size();
  while (spilled_bytes_ > spill_max_bytes_ && spilled_.size() > 1)
    drop_oldest_spilled();
  return {};
}

void influx_queue::drop_oldest_spilled() {
  std::error_code ec;
  std::filesystem::remove(spilled_.front().first, ec);
  spilled_bytes_ -= spilled_.front().second;
  spilled_.pop_front();
  ++dropped_;
}

expected<void, std::string> influx_queue::push(std::string batch) {
  // Once anything is spilled, new batches follow it to disk, so the queue stays oldest first.
  if (spilled_.empty() && memory_.size() < memory_batches_) {
    memory_.push_back(std::move(batch));
    return {};
  }
  return spill(batch);
}

std::optional<std::string> influx_queue::front() {
  if (!memory_.empty())
    return memory_.front();
  while (!spilled_.empty()) {
    std::ifstream in{spilled_.front().first, std::ios::binary};
    std::ostringstream text;
    if (in && (text << in.rdbuf()))
      return text.str();
    drop_oldest_spilled();
  }
  return std::nullopt;
}

void influx_queue::pop() {
  if (!memory_.empty()) {
    memory_.pop_front();
    return;
  }
  if (spilled_.empty())
    return;
  std::error_code ec;
  std::filesystem::remove(spilled_.front().first, ec);
  spilled_bytes_ -= spilled_.front().second;
  spilled_.pop_front();
}

void influx_queue::spill_all() {
  if (memory_.empty())
    return;
  // Memory holds the oldest batches: they take the next sequence numbers, and the files spilled before
  // are renumbered after them, so the directory stays oldest first.
  auto spilled = std::move(spilled_);
  spilled_.clear();
  auto spilled_bytes = spilled_bytes_;
  spilled_bytes_ = 0;
  for (auto& batch : memory_)
    spill(batch);
  memory_.clear();
  std::error_code ec;
  for (auto& [file, bytes] : spilled) {
    auto moved = spill_file(dir_, next_sequence_++);
    std::filesystem::rename(file, moved, ec);
    spilled_.emplace_back(ec ? file : moved, bytes);
  }
  spilled_bytes_ += spilled_bytes;
}

} // namespace g6
