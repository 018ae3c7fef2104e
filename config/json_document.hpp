// json_document.hpp — internal to the loader: the config as a JSON document and the JSON pointer
// (RFC 6901) helpers its stages (environment overrides, schema messages) share.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace g6::config_detail {

/// Documents keep the file's key order: indices start in config order, and problems are listed in it.
using document = nlohmann::ordered_json;

/// A location in a document: object keys and array indices, unescaped.
using tokens = std::vector<std::string>;

/// {"index_params", "NIFTY"} -> "/index_params/NIFTY", with "~" and "/" escaped.
std::string to_pointer(const tokens& path);

/// "/providers/synthetic/seed" -> {"providers", "synthetic", "seed"}; for pointers without escapes.
tokens split_pointer(std::string_view pointer);

/// "/collection/interval_seconds" -> "collection.interval_seconds", how the docs name a key.
std::string dotted(std::string_view pointer);

/// The value at a path, or nullptr.
const document* value_at(const document& root, const tokens& path);

/// Text as a quoted JSON string, as messages show a value the user wrote.
std::string json_string(std::string_view text);

/// "a, b, c".
std::string join(const std::vector<std::string>& items);

} // namespace g6::config_detail
