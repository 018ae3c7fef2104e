// embedded.hpp — files shipped in config/ (schema.json, g6.json, calendars/*.json) compiled into the binary.
#pragma once

#include <string_view>

namespace g6 {

/// The content of a shipped file by its path relative to config/ (e.g. "calendars/nse_holidays.json"),
/// or an empty view when there is no such file.
std::string_view embedded_file(std::string_view name);

} // namespace g6
