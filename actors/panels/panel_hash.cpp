#include "actors/panels/panel_hash.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace g6 {

std::string canonical_json(const nlohmann::json& value) {
  // Compact dump; std::map-backed objects iterate in sorted key order. Invalid UTF-8 is replaced
  // rather than thrown on: a hash must always be computable.
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("sha256 failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string result;
  result.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    result.push_back(hex[digest[i] >> 4]);
    result.push_back(hex[digest[i] & 0xf]);
  }
  return result;
}

std::string data_sha256(const nlohmann::json& data) {
  return sha256_hex(canonical_json(data));
}

std::string short_hash(const nlohmann::json& data) {
  return data_sha256(data).substr(0, 12);
}

bool is_sha256_hex(std::string_view text) {
  if (text.size() != 64)
    return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return false;
  return true;
}

} // namespace g6
