#include "actors/journal/crc32c.hpp"

#include <boost/crc.hpp>

#include <array>

namespace g6 {

namespace {

// Reflected bit order: bit 31 holds the coefficient of x^0.
constexpr uint32_t polynomial = 0x82F63B78u;
constexpr uint32_t x_to_the_0 = 1u << 31;

/// CRC-32C as Boost.CRC computes it: polynomial 0x1EDC6F41, reflected, initial and final value all ones.
using crc32c_engine = boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFFu, 0xFFFFFFFFu, true, true>;

/// The bits of x in reverse order.
constexpr uint32_t reversed(uint32_t x) {
  uint32_t r = 0;
  for (int i = 0; i < 32; ++i, x >>= 1)
    r = (r << 1) | (x & 1);
  return r;
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
  // Resumes from the remainder `crc` ended with: the final xor undone, and given unreflected, the form
  // Boost's constructor takes.
  crc32c_engine engine{reversed(crc ^ 0xFFFFFFFFu)};
  engine.process_bytes(more.data(), more.size());
  return engine.checksum();
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
