#include "spill/spill_queue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <optional>
#include <variant>
#include <vector>

#include "config/untrusted_input.hpp"

namespace g6 {

namespace fs = std::filesystem;

namespace {

/// No item of either use comes near this; a larger file is not one of ours.
constexpr size_t max_item_bytes = size_t{256} << 20;

/// The sequence number of an item file ("00000000000000000042.item"), or nothing for another file.
std::optional<uint64_t> seq_of(const fs::path& file, std::string_view suffix) {
  auto name = file.filename().string();
  if (name.size() <= suffix.size() || !name.ends_with(suffix))
    return std::nullopt;
  uint64_t seq = 0;
  auto digits = std::string_view{name}.substr(0, name.size() - suffix.size());
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  if (ec != std::errc{} || end != digits.data() + digits.size())
    return std::nullopt;
  return seq;
}

/// An item's bytes; a file replaced by a directory, FIFO, symlink or something huge reads as an error.
expected<std::string, std::string> read_item(const fs::path& file) {
  auto read = read_regular_file(file, {max_item_bytes, false});
  if (!read)
    return unexpected{std::move(read).error().message};
  return std::move(*read);
}

} // namespace

expected<spill_queue, std::string> spill_queue::open(fs::path dir, spill_options options) {
  std::error_code ec;
  // A write-through queue must be able to write before it takes anything; the other makes its directory
  // when it first spills, and runs from memory meanwhile.
  if (options.write_through) {
    fs::create_directories(dir, ec);
    if (ec)
      return unexpected{fmt::format("{}: {}", dir.string(), ec.message())};
  } else if (!fs::exists(dir, ec)) {
    return spill_queue{dir, std::move(options)};
  }
  spill_queue q{dir, std::move(options)};
  std::vector<std::pair<uint64_t, uint64_t>> found; // seq, bytes
  for (auto it = fs::directory_iterator{dir, ec}; !ec && it != fs::directory_iterator{}; it.increment(ec)) {
    auto& path = it->path();
    if (auto seq = seq_of(path, q.options_.suffix)) {
      std::error_code size_ec;
      auto bytes = fs::file_size(path, size_ec);
      found.emplace_back(*seq, size_ec ? 0 : bytes);
    } else if (path.extension() == ".partial") {
      std::error_code ignored;
      fs::remove(path, ignored);
    }
  }
  if (ec)
    return unexpected{fmt::format("{}: {}", dir.string(), ec.message())};
  std::sort(found.begin(), found.end());
  for (auto [seq, bytes] : found) {
    entry e;
    e.item.seq = seq;
    e.on_disk = true;
    e.bytes_on_disk = bytes;
    q.items_.push_back(std::move(e));
    q.disk_bytes_ += bytes;
  }
  q.on_disk_ = q.only_on_disk_ = found.size();
  if (!found.empty())
    q.next_seq_ = found.back().first + 1;
  return q;
}

fs::path spill_queue::file_of(uint64_t seq) const {
  return dir_ / fmt::format("{:020}{}", seq, options_.suffix);
}

expected<void, std::string> spill_queue::write(entry& e) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec)
    return unexpected{fmt::format("cannot create {}: {}", dir_.string(), ec.message())};
  auto file = file_of(e.item.seq);
  auto partial = fs::path{file}.concat(".partial");
  {
    std::ofstream out{partial, std::ios::binary | std::ios::trunc};
    out.write(e.item.bytes.data(), static_cast<std::streamsize>(e.item.bytes.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      fs::remove(partial, ignored);
      return unexpected{fmt::format("cannot write {}", partial.string())};
    }
  }
  // The rename makes the item appear whole or not at all, even when the process is killed mid-write.
  fs::rename(partial, file, ec);
  if (ec)
    return unexpected{fmt::format("cannot rename {}: {}", partial.string(), ec.message())};
  e.on_disk = true;
  e.bytes_on_disk = e.item.bytes.size();
  disk_bytes_ += e.bytes_on_disk;
  ++on_disk_;
  return {};
}

void spill_queue::forget(std::deque<entry>::iterator i) {
  if (i->on_disk) {
    std::error_code ec;
    fs::remove(file_of(i->item.seq), ec);
    disk_bytes_ -= i->bytes_on_disk;
    --on_disk_;
    if (!i->loaded)
      --only_on_disk_;
  }
  if (i->loaded)
    --in_memory_;
  items_.erase(i);
}

void spill_queue::drop_oldest_on_disk() {
  auto i = std::find_if(items_.begin(), items_.end(), [](const entry& e) { return e.on_disk; });
  if (i == items_.end())
    return;
  forget(i);
  ++dropped_;
}

expected<void, std::string> spill_queue::push(std::string bytes) {
  entry e;
  e.item = {next_seq_, std::move(bytes)};
  // Memory holds the oldest items only: once an item is only on disk, later ones follow it there.
  bool keep_in_memory = in_memory_ < options_.memory_items && only_on_disk_ == 0;
  if (options_.write_through || !keep_in_memory) {
    if (auto written = write(e); !written)
      return written;
  }
  if (keep_in_memory) {
    e.loaded = true;
    ++in_memory_;
  } else {
    e.item.bytes = {};
    ++only_on_disk_;
  }
  ++next_seq_;
  items_.push_back(std::move(e));
  while (options_.max_disk_bytes > 0 && disk_bytes_ > options_.max_disk_bytes && on_disk_ > 1)
    drop_oldest_on_disk();
  return {};
}

const spill_item* spill_queue::front(std::string& problem) {
  while (!items_.empty()) {
    auto& e = items_.front();
    if (!e.loaded) {
      auto bytes = read_item(file_of(e.item.seq));
      if (!bytes) {
        problem = fmt::format("cannot read {} ({}); item dropped", file_of(e.item.seq).string(), bytes.error());
        forget(items_.begin());
        ++dropped_;
        continue;
      }
      e.item.bytes = std::move(*bytes);
      e.loaded = true;
      ++in_memory_;
      --only_on_disk_;
    }
    return &e.item;
  }
  return nullptr;
}

void spill_queue::pop() {
  if (!items_.empty())
    forget(items_.begin());
}

void spill_queue::spill_all() {
  for (auto& e : items_)
    if (!e.on_disk)
      (void)write(e);
}

} // namespace g6
