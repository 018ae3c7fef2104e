// journal_fuzzer.cpp — libFuzzer target: any bytes as a capture journal read by parse_journal (the frame
// scan with its resync past damage, and record decoding), as `g6 journal inspect`, a replay and retention
// read a day file. Input that does not begin with the magic gets it, so the fuzzer spends its time past
// it. Whole frames, damaged ranges and the torn tail must cover the bytes after the magic in order, each
// once; the scan's checksum work must stay linear in the size. Never a crash, leak or out-of-bounds read.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "actors/journal/journal_file.hpp"

using namespace g6;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input{reinterpret_cast<const char*>(data), size};
  std::string bytes =
    input.starts_with(journal_magic) ? std::string{input} : std::string{journal_magic} + std::string{input};

  auto scan = scan_journal_frames(bytes);
  uint64_t at = journal_magic.size();
  size_t frame = 0, damaged = 0;
  // Walks the pieces in file order: each must begin where the previous ended.
  while (frame < scan.frames.size() || damaged < scan.damaged.size()) {
    bool frame_next = damaged == scan.damaged.size()
                      || (frame < scan.frames.size() && scan.frames[frame].offset < scan.damaged[damaged].offset);
    if (frame_next) {
      auto& f = scan.frames[frame++];
      if (f.offset != at || f.payload.data() != bytes.data() + f.offset + 8)
        std::abort();
      at += journal_frame_bytes(f.payload.size());
    } else {
      auto& d = scan.damaged[damaged++];
      // A damaged range is never empty and is always followed by a whole frame.
      if (d.offset != at || d.length == 0 || frame == scan.frames.size())
        std::abort();
      at += d.length;
    }
  }
  if (scan.torn_tail && (scan.torn_tail->offset != at || scan.torn_tail->length == 0))
    std::abort();
  if ((scan.torn_tail ? at + scan.torn_tail->length : at) != bytes.size())
    std::abort();
  if (scan.checksummed_bytes > (2 + 2 * crc32c_index::stride) * bytes.size())
    std::abort();

  auto parsed = parse_journal(bytes);
  if (!parsed)
    std::abort();
  auto& contents = parsed;
  // Each whole frame is a record or, when it does not decode, one more damaged range.
  if (contents->records.size() + contents->damaged.size() != scan.frames.size() + scan.damaged.size())
    std::abort();
  if (contents->valid_bytes + contents->torn_bytes != bytes.size())
    std::abort();
  summarise(*contents);
  return 0;
}
