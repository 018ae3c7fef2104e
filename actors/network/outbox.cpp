#include "actors/network/outbox.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <optional>

namespace g6 {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view suffix = ".item";

std::optional<uint64_t> seq_of(const fs::path& file) {
  auto name = file.filename().string();
  if (name.size() <= suffix.size() || name.substr(name.size() - suffix.size()) != suffix)
    return std::nullopt;
  uint64_t seq = 0;
  auto digits = std::string_view{name}.substr(0, name.size() - suffix.size());
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  if (ec != std::errc{} || end != digits.data() + digits.size())
    return std::nullopt;
  return seq;
}

std::optional<std::vector<char>> read_file(const fs::path& file) {
  std::ifstream in{file, std::ios::binary};
  if (!in)
    return std::nullopt;
  std::vector<char> bytes{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
  if (in.bad())
    return std::nullopt;
  return bytes;
}

} // namespace

expected<outbox, std::string> outbox::open(fs::path dir, size_t memory_limit) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return unexpected{fmt::format("outbox {}: {}", dir.string(), ec.message())};
  outbox box{dir, std::max<size_t>(1, memory_limit)};
  std::vector<uint64_t> found;
  for (auto& entry : fs::directory_iterator{dir, ec}) {
    if (auto seq = seq_of(entry.path()))
      found.push_back(*seq);
    else if (entry.path().extension() == ".partial")
      fs::remove(entry.path(), ec); // a write the previous process did not finish: never acknowledged
  }
  if (ec)
    return unexpected{fmt::format("outbox {}: {}", dir.string(), ec.message())};
  std::sort(found.begin(), found.end());
  box.on_disk_.assign(found.begin(), found.end());
  if (!found.empty())
    box.next_seq_ = found.back() + 1;
  return box;
}

fs::path outbox::file_of(uint64_t seq) const {
  return dir_ / fmt::format("{:020}{}", seq, suffix);
}

expected<void, std::string> outbox::push(const std::vector<char>& bytes) {
  auto seq = next_seq_;
  auto file = file_of(seq);
  auto partial = fs::path{file}.concat(".partial");
  {
    std::ofstream out{partial, std::ios::binary | std::ios::trunc};
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out)
      return unexpected{fmt::format("outbox: cannot write {}", partial.string())};
  }
  // The rename makes the item appear whole or not at all, even when the process is killed mid-write.
  std::error_code ec;
  fs::rename(partial, file, ec);
  if (ec)
    return unexpected{fmt::format("outbox: cannot rename {}: {}", partial.string(), ec.message())};
  ++next_seq_;
  if (on_disk_.empty() && memory_.size() < memory_limit_)
    memory_.push_back({seq, bytes});
  else
    on_disk_.push_back(seq);
  return {};
}

void outbox::refill(std::string& problem) {
  while (memory_.size() < memory_limit_ && !on_disk_.empty()) {
    auto seq = on_disk_.front();
    on_disk_.pop_front();
    if (auto bytes = read_file(file_of(seq))) {
      memory_.push_back({seq, std::move(*bytes)});
    } else {
      problem = fmt::format("outbox: cannot read {}; item skipped", file_of(seq).string());
      std::error_code ec;
      fs::remove(file_of(seq), ec);
    }
  }
}

const outbox_item* outbox::front(std::string& problem) {
  refill(problem);
  return memory_.empty() ? nullptr : &memory_.front();
}

void outbox::pop() {
  if (memory_.empty())
    return;
  std::error_code ec;
  fs::remove(file_of(memory_.front().seq), ec);
  memory_.pop_front();
}

} // namespace g6
