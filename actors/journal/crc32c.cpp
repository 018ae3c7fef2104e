#include "actors/journal/crc32c.hpp"

#include <array>

namespace g6 {

namespace {

// Reflected bit order: bit 31 holds the coefficient of x^0.
constexpr uint32_t polynomial = 0x82F63B78u;
constexpr uint32_t x_to_the_0 = 1u << 31;

constexpr std::array<uint32_t, 256> byte_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k)
      c = (c & 1) ? polynomial ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

/// a × b modulo the polynomial.
constexpr uint32_t multiply(uint32_t a, uint32_t b) {
  uint32_t product = 0;
  for (uint32_t m = x_to_the_0; m != 0; m >>= 1) {
    if (a & m)
      product ^= b;
    b = (b & 1) ? (b >> 1) ^ polynomial : b >> 1;
  }
  return product;
}

/// powers[k] = x^(2^k) modulo the polynomial.
constexpr std::array<uint32_t, 64> power_table() {
  std::array<uint32_t, 64> powers{};
  powers[0] = x_to_the_0 >> 1;
  for (size_t k = 1; k < powers.size(); ++k)
    powers[k] = multiply(powers[k - 1], powers[k - 1]);
  return powers;
}

/// x^(8 × bytes) modulo the polynomial: the factor that moves a checksum past `bytes` bytes.
uint32_t x_to_the_bits_of(uint64_t bytes) {
  static constexpr auto powers = power_table();
  uint32_t result = x_to_the_0;
  for (size_t k = 3; bytes != 0 && k < powers.size(); bytes >>= 1, ++k)
    if (bytes & 1)
      result = multiply(powers[k], result);
  return result;
}

} // namespace

uint32_t crc32c_extend(uint32_t crc, std::string_view more) {
  static constexpr auto table = byte_table();
  uint32_t c = crc ^ 0xFFFFFFFFu;
  for (unsigned char b : more)
    c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

uint32_t crc32c(std::string_view bytes) {
  return crc32c_extend(0, bytes);
}

uint32_t crc32c_shift(uint32_t crc, uint64_t length) {
  return multiply(x_to_the_bits_of(length), crc);
}

crc32c_index::crc32c_index(std::string_view bytes) : bytes_(bytes), checkpoints_{0} {}

uint32_t crc32c_index::prefix(size_t end) {
  auto k = end / stride;
  while (checkpoints_.size() <= k) {
    auto from = (checkpoints_.size() - 1) * stride;
    checkpoints_.push_back(crc32c_extend(checkpoints_.back(), bytes_.substr(from, stride)));
    checksummed_ += stride;
  }
  auto rest = bytes_.substr(k * stride, end - k * stride);
  checksummed_ += rest.size();
  return crc32c_extend(checkpoints_[k], rest);
}

uint32_t crc32c_index::range(size_t begin, size_t end) {
  return prefix(end) ^ crc32c_shift(prefix(begin), end - begin);
}

} // namespace g6
