// embedded.hpp — files compiled into the binary: those shipped in config/ (schema.json, g6.json,
// calendars/*.json) and the web app (web/*, sse/web_assets.hpp). cmake/embed_files.cmake writes the tables.
#pragma once

#include <span>
#include <string_view>

namespace g6 {

/// One embedded file: its path relative to its folder and its bytes.
struct embedded_entry {
  std::string_view name;
  std::string_view content;
};

/// Every file shipped in config/, sorted by name.
std::span<const embedded_entry> embedded_config_files();

/// The content of a shipped file by its path relative to config/ (e.g. "calendars/nse_holidays.json"),
/// or an empty view when there is no such file.
std::string_view embedded_file(std::string_view name);

} // namespace g6
