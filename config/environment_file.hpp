// environment_file.hpp — a systemd EnvironmentFile= (/etc/g6/kite.env) read the way systemd reads it:
// KEY=VALUE lines, '#' and ';' comment lines, blank lines, a value in single or double quotes taken
// without them. `g6 doctor --env-file` uses it to check an installation with the environment
// g6.service runs in. Pure code.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "config/loader.hpp"
#include "messages/expected.hpp"

namespace g6 {

/// The variables of an environment file's text; the error names the line and what is wrong with it.
expected<std::map<std::string, std::string>, std::string> parse_environment_file(std::string_view text);

/// The file's variables (a regular file of at most 64 KiB); the error names the file.
expected<std::map<std::string, std::string>, std::string> read_environment_file(const std::filesystem::path& file);

/// `variables` in front of `base`: what a process started with that EnvironmentFile= would see.
environment overlay_environment(std::map<std::string, std::string> variables, environment base);

} // namespace g6
