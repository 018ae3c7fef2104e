// panel_file.hpp — reads one file of a panels directory (an envelope or the manifest) as JSON, whatever
// was put in its place: only a regular file, never a symlink, FIFO, device or directory (which could
// block the reader or never end), at most panel_file_max_bytes, without NUL bytes and nested at most
// panel_file_max_depth. Every reader of the directory goes through it: `g6 panels verify`, the integrity
// monitor, `g6 summary` and `g6 status`.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>

namespace g6 {

/// Panels are a few hundred KB at most; the bound leaves room and stops /dev/zero-like inputs.
inline constexpr size_t panel_file_max_bytes = size_t{16} << 20;

/// Panel data nests about 6 levels deep.
inline constexpr size_t panel_file_max_depth = 64;

/// Why a panel file could not be used.
struct panel_file_error {
  /// missing, symlink, not_regular, too_large, io, nul_byte, too_deep, json.
  std::string code;
  std::string detail; // names the file and what is wrong
};

std::variant<nlohmann::json, panel_file_error> read_panel_file(const std::filesystem::path& file);

/// The JSON in the bytes of a panel file named `name` (for messages), under the same NUL and depth bounds.
std::variant<nlohmann::json, panel_file_error> parse_panel_text(std::string_view text, const std::string& name);

} // namespace g6
