// panel_file.hpp — reads one file of a panels directory (an envelope or the manifest) as JSON, whatever
// was put in its place: only a regular file, never a symlink, FIFO, device or directory (which could
// block the reader or never end), at most panel_file_max_bytes, without NUL bytes and nested at most
// panel_file_max_depth. Every reader of the directory goes through it: `g6 panels verify`, the integrity
// monitor, `g6 summary` and `g6 status`.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "config/untrusted_input.hpp"

namespace g6 {

/// Panels are a few hundred KB at most; the bound leaves room and stops /dev/zero-like inputs.
inline constexpr size_t panel_file_max_bytes = size_t{16} << 20;

/// Panel data nests about 6 levels deep.
inline constexpr size_t panel_file_max_depth = 64;

/// Why a panel file could not be used: the file was refused, its text is unfit for a parser, or (neither
/// set) it is not JSON.
struct panel_file_error {
  std::optional<file_refusal> refused;
  std::optional<json_text_fault> unfit;
  std::string detail; // names the file and what is wrong

  bool missing() const { return refused == file_refusal::missing; }
  /// The word for reports: the refusal's or the fault's, or "json".
  std::string_view code() const {
    return refused ? to_string(*refused) : unfit ? to_string(*unfit) : std::string_view{"json"};
  }
};

expected<nlohmann::json, panel_file_error> read_panel_file(const std::filesystem::path& file);

/// The JSON in the bytes of a panel file named `name` (for messages), under the same NUL and depth bounds.
expected<nlohmann::json, panel_file_error> parse_panel_text(std::string_view text, const std::string& name);

} // namespace g6
