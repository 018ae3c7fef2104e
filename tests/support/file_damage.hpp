// file_damage.hpp — for tests of damaged files: flips bytes in place, as a bad disk block or a stray
// write leaves them, and names the byte ranges such damage is aimed at.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>

namespace g6::testing {

/// [begin, end) in a file.
struct byte_range {
  uint64_t begin = 0;
  uint64_t end = 0;
};

/// Changes every byte of [from, to) of `file` to a different value drawn from `random`.
inline void damage_bytes(const std::filesystem::path& file, uint64_t from, uint64_t to, std::mt19937_64& random) {
  std::fstream f{file, std::ios::binary | std::ios::in | std::ios::out};
  for (auto at = from; at < to; ++at) {
    f.seekg(static_cast<std::streamoff>(at));
    auto old = static_cast<uint8_t>(f.get());
    f.seekp(static_cast<std::streamoff>(at));
    f.put(static_cast<char>(old ^ static_cast<uint8_t>(1 + random() % 255)));
  }
}

} // namespace g6::testing
