// loader.hpp — turns a config file (or the built-in config/g6.json) plus G6_* environment overrides into
// typed g6::settings. The document is checked against config/schema.json and then for what a schema
// cannot say (iv_min < iv_max, an enabled index has expiry rules, ...); every problem is reported, each
// with the JSON pointer or environment variable it is about, the bad value and what was expected.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/settings.hpp"

namespace g6 {

/// One thing wrong with a configuration.
struct config_problem {
  /// A JSON pointer (/index_params/NIFTY/strikes_itm), an environment variable (G6_SEED), "line L,
  /// column C" for a syntax error, or the file's path when the file as a whole is the problem.
  std::string where;
  std::string message;
  friend bool operator==(const config_problem&, const config_problem&) = default;
};

/// Looks up an environment variable; injectable so tests need not touch the process environment.
using environment = std::function<std::optional<std::string>(std::string_view name)>;

/// The process environment (getenv).
environment process_environment();

/// G6_CONFIG: the config file to load instead of the built-in one, when set and non-empty.
std::optional<std::string> config_path_from_env(const environment& env);

/// A config file is small: a larger one is refused before it is read.
inline constexpr size_t config_max_bytes = size_t{1} << 20;

/// Objects and arrays nest at most this deep in a config (the schema goes 4 levels deep); a deeper document is
/// refused before it is parsed.
inline constexpr size_t config_max_depth = 64;

/// Members of one object or array in a config (the longest list the schema has in mind is an address
/// allow-list); a config with more is refused before it is parsed.
inline constexpr size_t config_max_members = 10000;

/// Either settings or the problems that prevented them (never both empty).
struct load_result {
  std::optional<settings> value;
  std::vector<config_problem> problems;
  /// The input is not a config at all: not a regular file, larger than config_max_bytes, unreadable,
  /// a NUL byte, nested deeper than config_max_depth or broader than config_max_members.
  bool refused = false;
  /// Accepted, but worth saying: keys of the original platform's config that mean nothing here.
  std::vector<config_problem> warnings;
};

/// Loads a config file, applying G6_* overrides from env.
load_result load_settings(const std::filesystem::path& file, const environment& env);

/// Loads a config given as JSON text.
load_result load_settings_json(std::string_view text, const environment& env);

/// Loads the built-in config/g6.json.
load_result load_default_settings(const environment& env);

/// "SOURCE: WHERE: MESSAGE", or "SOURCE: MESSAGE" when the problem is about SOURCE as a whole.
std::string format_problem(std::string_view source, const config_problem& p);

/// Settings as a complete config document (every key, index_params in order), pretty-printed; loading
/// it gives the same settings back.
std::string settings_to_json(const settings& s);

/// The config a command runs with and where it came from (the file, or "<built-in g6.json>").
struct command_config {
  settings value;
  std::string source;
};

/// Every command's way to its config: `config_option` (--config) when given, else G6_CONFIG, else the
/// built-in g6.json, with G6_* overrides from env. Problems go to err as "SOURCE: WHERE: MESSAGE" and give
/// nullopt; warnings go to err as "warning: ..." when `warn`.
std::optional<command_config> load_command_config(const std::string& config_option, const environment& env,
                                                  std::ostream& err, bool warn = true);

/// `g6 config validate FILE`: prints "FILE: ok" on out and returns 0, or every problem on err and
/// returns 1, or 2 when the file was refused (load_result::refused).
int validate_config_command(const std::filesystem::path& file, const environment& env, std::ostream& out,
                            std::ostream& err);

/// `g6 config show [FILE]`: prints the effective settings (FILE or the built-in config, after
/// environment overrides) as JSON on out and returns 0, or the problems on err and returns 1.
int show_config_command(const std::optional<std::filesystem::path>& file, const environment& env, std::ostream& out,
                        std::ostream& err);

} // namespace g6
