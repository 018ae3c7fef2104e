// panel_hash.hpp — the canonical form of a panel's data and its hashes. Canonical JSON is the compact
// serialisation with object keys sorted (nlohmann's default order) and no whitespace, UTF-8 as is, so
// any reader (Python's json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)) gets the
// same bytes and the same sha256.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace g6 {

std::string canonical_json(const nlohmann::json& value);

/// Lower-case hex sha256 of bytes (64 characters).
std::string sha256_hex(std::string_view bytes);

/// sha256 of the canonical JSON of a panel's data (the manifest's hash).
std::string data_sha256(const nlohmann::json& data);

/// The envelope's short hash: the first 12 hex digits of data_sha256.
std::string short_hash(const nlohmann::json& data);

/// True for exactly 64 lower-case hex digits.
bool is_sha256_hex(std::string_view text);

} // namespace g6
