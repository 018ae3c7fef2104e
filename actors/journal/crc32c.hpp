// crc32c.hpp — CRC-32C (Castagnoli), the checksum of journal frames: of whole buffers, extended over more
// bytes, and of any byte range of one buffer in time independent of the range's length (crc32c_index), so
// a reader resyncing after damage can try a frame at every offset without checksumming the same bytes
// again and again. Pure code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace g6 {

/// CRC-32C of bytes.
uint32_t crc32c(std::string_view bytes);

/// CRC-32C of the bytes `crc` is the checksum of, followed by `more`.
uint32_t crc32c_extend(uint32_t crc, std::string_view more);

/// What the checksum `crc` of some bytes A contributes to the checksum of A followed by `length` more:
/// crc32c(A + B) == crc32c_shift(crc32c(A), B.size()) ^ crc32c(B), as the CRC is linear (zlib's
/// crc32_combine rests on the same identity). Costs O(log length).
uint32_t crc32c_shift(uint32_t crc, uint64_t length);

/// Checksums of the prefixes of a buffer that end at multiples of `stride` bytes, computed as far as the
/// ranges asked for need them, and from them the checksum of any range: at most 2 × stride bytes beyond
/// those prefixes are checksummed, plus a shift by the range's length.
class crc32c_index {
public:
  static constexpr size_t stride = 64;

  explicit crc32c_index(std::string_view bytes);

  /// CRC-32C of bytes[begin, end).
  uint32_t range(size_t begin, size_t end);

  /// Bytes checksummed so far: prefixes and the rest of ranges.
  uint64_t checksummed_bytes() const { return checksummed_; }

private:
  /// CRC-32C of bytes[0, end).
  uint32_t prefix(size_t end);

  std::string_view bytes_;
  std::vector<uint32_t> checkpoints_; // checkpoints_[k]: CRC-32C of bytes[0, k × stride)
  uint64_t checksummed_ = 0;
};

} // namespace g6
