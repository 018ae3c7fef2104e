// journal_frames.hpp — the framing of a capture journal: a 4-byte magic followed by frames of
// [payload length: u32 LE][CRC-32C of the payload: u32 LE][payload: one msgpack record], and the scan of a
// journal's bytes into whole frames, damaged ranges and a torn tail. Damage followed by a whole frame is a
// damaged range: the scan resyncs on that frame and reading goes on. Damage with no whole frame after it
// is a torn tail (a crash mid-append leaves one): the only part a writer may cut. Pure code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace g6 {

/// The file's first bytes.
inline constexpr std::string_view journal_magic = "G6J1";

/// A payload as one frame.
std::string journal_frame(std::string_view payload);

/// The size of the frame of a payload of `payload_bytes`.
uint64_t journal_frame_bytes(uint64_t payload_bytes);

/// A byte range of a journal that holds no readable frame, and why.
struct journal_damage {
  uint64_t offset = 0;
  uint64_t length = 0;
  std::string reason;
};

/// "offset 4100, 4096 bytes (frame checksum mismatch)".
std::string to_string(const journal_damage& x);

/// The bytes in ranges.
uint64_t total_length(const std::vector<journal_damage>& ranges);

/// Ranges as one line: the first `limit` of them, then how many more.
std::string describe_damage(const std::vector<journal_damage>& ranges, size_t limit = 5);

/// A whole frame: where it starts and its payload.
struct journal_frame_view {
  uint64_t offset = 0;
  std::string_view payload;
};

/// What a scan of a journal's bytes found. Frames, damaged ranges and the torn tail are in file order
/// and together with the magic cover every byte.
struct journal_frame_scan {
  std::vector<journal_frame_view> frames;
  std::vector<journal_damage> damaged;     // each followed by a whole frame
  std::optional<journal_damage> torn_tail; // no whole frame after it
  uint64_t checksummed_bytes = 0;          // the scan's work, which stays linear in the size
};

/// Scans the bytes of a journal that begin with the magic (the caller checks it). A frame is whole when
/// its length fits in what remains (and under 256 MB) and its checksum matches; decoding the record is
/// the caller's part. Past a frame that is not whole, the scan resyncs: it tries each later offset whose
/// payload would begin with a record's first byte (found by memchr), filtering by length and the next
/// two bytes (looks_like_journal_record) before computing a checksum, and from then on checksums ranges
/// through a crc32c_index, so its work stays near linear in the size whatever the bytes.
journal_frame_scan scan_journal_frames(std::string_view bytes);

} // namespace g6
