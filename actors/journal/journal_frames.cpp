#include "actors/journal/journal_frames.hpp"

#include <fmt/format.h>

#include "actors/journal/crc32c.hpp"
#include "actors/journal/journal_record.hpp"

namespace g6 {

namespace {

constexpr size_t frame_header_bytes = 8;
constexpr uint32_t max_payload_bytes = 256u << 20; // a larger length is damage, not data

void put_u32(std::string& out, uint32_t x) {
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<char>((x >> (8 * i)) & 0xFF));
}

uint32_t get_u32(std::string_view in, size_t at) {
  uint32_t x = 0;
  for (size_t i = 4; i-- > 0;)
    x = (x << 8) | static_cast<uint8_t>(in[at + i]);
  return x;
}

/// Why the frame at `at` is not whole (its length, then its checksum), or nullptr when it is. A candidate
/// of a resync must also begin as a record does, tested before the checksum: most offsets fail there.
template <class Checksum>
const char* frame_fault(std::string_view bytes, size_t at, Checksum&& checksum, bool resyncing) {
  if (bytes.size() - at < frame_header_bytes)
    return "incomplete frame header";
  auto length = get_u32(bytes, at);
  if (length > max_payload_bytes)
    return "frame length out of range";
  auto begin = at + frame_header_bytes;
  if (bytes.size() - begin < length)
    return "frame runs past the end of the file";
  if (resyncing && !looks_like_journal_record(bytes.substr(begin, length)))
    return "frame holds no journal record";
  if (checksum(begin, begin + length) != get_u32(bytes, at + 4))
    return "frame checksum mismatch";
  return nullptr;
}

} // namespace

std::string journal_frame(std::string_view payload) {
  std::string frame;
  frame.reserve(frame_header_bytes + payload.size());
  put_u32(frame, static_cast<uint32_t>(payload.size()));
  put_u32(frame, crc32c(payload));
  frame.append(payload);
  return frame;
}

uint64_t journal_frame_bytes(uint64_t payload_bytes) {
  return frame_header_bytes + payload_bytes;
}

std::string to_string(const journal_damage& x) {
  return fmt::format("offset {}, {} bytes ({})", x.offset, x.length, x.reason);
}

uint64_t total_length(const std::vector<journal_damage>& ranges) {
  uint64_t total = 0;
  for (auto& d : ranges)
    total += d.length;
  return total;
}

std::string describe_damage(const std::vector<journal_damage>& ranges, size_t limit) {
  std::string text;
  for (size_t i = 0; i < ranges.size() && i < limit; ++i)
    text += (i == 0 ? "" : "; ") + to_string(ranges[i]);
  if (ranges.size() > limit)
    text += fmt::format("; and {} more", ranges.size() - limit);
  return text;
}

journal_frame_scan scan_journal_frames(std::string_view bytes) {
  journal_frame_scan scan;
  // Up to the first damage frames are checksummed directly, each byte once. From there on every
  // checksum goes through an index of the buffer: a frame that failed may claim bytes that later frames
  // claim again, and checksumming them directly each time could be quadratic.
  std::optional<crc32c_index> index;
  auto checksum = [&](size_t begin, size_t end) {
    if (index)
      return index->range(begin, end);
    scan.checksummed_bytes += end - begin;
    return crc32c(bytes.substr(begin, end - begin));
  };
  auto accept = [&](size_t at) {
    auto length = get_u32(bytes, at);
    scan.frames.push_back({at, bytes.substr(at + frame_header_bytes, length)});
    return at + frame_header_bytes + length;
  };

  size_t at = std::min(journal_magic.size(), bytes.size());
  while (at < bytes.size()) {
    const char* fault = frame_fault(bytes, at, checksum, false);
    if (!fault) {
      at = accept(at);
      continue;
    }
    if (!index)
      index.emplace(bytes);
    // A frame's payload, 8 bytes after its start, begins with the record's first byte: only the
    // offsets where that byte lies are tried.
    size_t next = at + 1;
    for (;; ++next) {
      auto lead = bytes.find(journal_record_first_byte, next + frame_header_bytes);
      next = lead == std::string_view::npos ? bytes.size() : lead - frame_header_bytes;
      if (next == bytes.size() || !frame_fault(bytes, next, checksum, true))
        break;
    }
    journal_damage damage{at, next - at, fault};
    if (next == bytes.size()) {
      scan.torn_tail = std::move(damage);
      break;
    }
    scan.damaged.push_back(std::move(damage));
    at = accept(next);
  }
  if (index)
    scan.checksummed_bytes += index->checksummed_bytes();
  return scan;
}

} // namespace g6
