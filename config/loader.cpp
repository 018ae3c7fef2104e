// loader.cpp — config file + G6_* environment → validated g6::settings (see loader.hpp). Stages: read,
// parse (syntax errors, duplicate keys), environment overrides (env_overrides.cpp), JSON Schema
// (schema_messages.cpp), conversion to g6::settings (settings_json.cpp), the checks a schema cannot
// express.
#include "config/loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <ostream>
#include <set>

#include "config/embedded.hpp"
#include "config/env_overrides.hpp"
#include "config/json_document.hpp"
#include "config/provider_chain.hpp"
#include "config/schema_messages.hpp"
#include "config/seed_config.hpp"
#include "config/settings_json.hpp"
#include "config/untrusted_input.hpp"

namespace g6 {

using config_detail::adopt_seed_shape;
using config_detail::apply_overrides;
using config_detail::check_schema;
using config_detail::document;
using config_detail::dotted;
using config_detail::json_string;
using config_detail::read_overrides;
using config_detail::to_pointer;
using config_detail::to_settings;
using config_detail::tokens;
using config_detail::variable_value;

namespace {

constexpr std::string_view builtin_source = "<built-in g6.json>";

/// The file's bytes, or why it is not read as a config: it must be a regular file (a symlink to one is
/// fine) of at most config_max_bytes.
expected<std::string, config_problem> read_file(const std::filesystem::path& file) {
  auto read = read_regular_file(file, {config_max_bytes, true});
  if (!read)
    return unexpected{config_problem{file.string(), std::move(read).error().message}};
  return std::move(*read);
}

/// Records keys given twice in one object: the parser would keep one value and drop the other silently.
class duplicate_key_finder {
public:
  explicit duplicate_key_finder(std::vector<tokens>& found) : found_(found) {}

  bool operator()(int, document::parse_event_t event, document& parsed) {
    using ev = document::parse_event_t;
    switch (event) {
      case ev::object_start:
      case ev::array_start:
        frames_.push_back({event == ev::array_start, 0, {}, {}});
        break;
      case ev::key: {
        auto& top = frames_.back();
        top.key = parsed.get<std::string>();
        if (!top.keys.insert(top.key).second)
          found_.push_back(current_path());
        break;
      }
      case ev::object_end:
      case ev::array_end:
        frames_.pop_back();
        element_done();
        break;
      case ev::value:
        element_done();
        break;
    }
    return true;
  }

private:
  struct frame {
    bool array;
    size_t index; // of the array element being parsed
    std::string key;
    std::set<std::string> keys;
  };

  void element_done() {
    if (!frames_.empty() && frames_.back().array)
      ++frames_.back().index;
  }

  tokens current_path() const {
    tokens path;
    for (auto& f : frames_)
      path.push_back(f.array ? std::to_string(f.index) : f.key);
    return path;
  }

  std::vector<tokens>& found_;
  std::vector<frame> frames_;
};

/// "line L, column C" of the byte a parse error names (1-based, as nlohmann counts it).
std::string text_position(std::string_view text, size_t byte) {
  auto before = text.substr(0, byte == 0 ? 0 : byte - 1);
  auto line = 1 + std::count(before.begin(), before.end(), '\n');
  auto newline = before.rfind('\n');
  auto column = newline == std::string_view::npos ? before.size() + 1 : before.size() - newline;
  return fmt::format("line {}, column {}", line, column);
}

std::optional<document> parse(std::string_view text, std::vector<config_problem>& problems, bool& refused) {
  // The parser and every later stage recurse into the document and look keys up one by one: its depth
  // and breadth are bounded before they see it. A NUL byte would end the text early for some readers
  // and hide what follows it.
  if (auto fit = check_json_text(text, {config_max_depth, config_max_members}); !fit) {
    problems.push_back({text_position(text, fit.error().offset + 1), fit.error().message});
    refused = true;
    return std::nullopt;
  }
  std::vector<tokens> duplicates;
  try {
    auto doc = document::parse(text, duplicate_key_finder{duplicates});
    for (auto& path : duplicates)
      problems.push_back({to_pointer(path), "key given twice in the same object"});
    return doc;
  } catch (const nlohmann::json::parse_error& e) {
    // what() is "[json.exception.parse_error.101] parse error at line L, column C: <reason>".
    std::string_view what = e.what();
    auto reason = what.find(": ", what.find("column"));
    problems.push_back(
      {text_position(text, e.byte), std::string{reason == std::string_view::npos ? what : what.substr(reason + 2)}});
    return std::nullopt;
  } catch (const nlohmann::json::out_of_range& e) {
    // A number beyond a double (1e999): what() is "[json.exception.out_of_range.406] number overflow
    // parsing '1e999'"; every number must be finite.
    std::string_view what = e.what();
    auto detail = what.find("] ");
    problems.push_back({"", std::string{detail == std::string_view::npos ? what : what.substr(detail + 2)}
                              + " (numbers must be finite)"});
    return std::nullopt;
  }
}

/// What the schema cannot say: relations between keys (which underlyings a provider knows is
/// check_providers').
void check_meaning(const settings& s, std::vector<config_problem>& problems) {
  bool any_enabled = std::any_of(s.indices.begin(), s.indices.end(), [](auto& index) { return index.enable; });
  if (!any_enabled)
    problems.push_back({"/index_params", "no index is enabled"});
  if (!(s.greeks.iv_min < s.greeks.iv_max))
    problems.push_back(
      {"/greeks/iv_min", fmt::format("{} is not less than iv_max ({})", s.greeks.iv_min, s.greeks.iv_max)});
  if (s.providers.breaker.min_calls > s.providers.breaker.window)
    problems.push_back(
      {"/providers/breaker/min_calls",
       fmt::format("{} is greater than window ({})", s.providers.breaker.min_calls, s.providers.breaker.window)});
  for (auto& p : check_providers(s))
    problems.push_back(std::move(p));
  if (s.supervision.backoff_initial_ms > s.supervision.backoff_max_ms)
    problems.push_back(
      {"/supervision/backoff_initial_ms", fmt::format("{} is greater than backoff_max_ms ({})",
                                                      s.supervision.backoff_initial_ms, s.supervision.backoff_max_ms)});
  for (size_t i = 0; i < s.faults.collector_crashes.size(); ++i) {
    auto& name = s.faults.collector_crashes[i].index;
    if (std::none_of(s.indices.begin(), s.indices.end(), [&](auto& x) { return x.name == name; }))
      problems.push_back(
        {fmt::format("/faults/collector_crashes/{}/index", i), json_string(name) + " is not in index_params"});
  }
}

} // namespace

environment process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    if (const char* value = std::getenv(std::string{name}.c_str()))
      return std::string{value};
    return std::nullopt;
  };
}

std::optional<std::string> config_path_from_env(const environment& env) {
  return variable_value(env, "G6_CONFIG");
}

load_result load_settings_json(std::string_view text, const environment& env) {
  load_result result;
  auto& problems = result.problems;
  auto doc = parse(text, problems, result.refused);
  auto overrides = read_overrides(env, problems);
  if (!doc)
    return result;
  result.warnings = adopt_seed_shape(*doc, problems);
  auto applied = apply_overrides(*doc, overrides, problems);
  for (auto& p : check_schema(*doc)) {
    // A bad value that came from the environment is reported against its variable.
    if (auto i = applied.find(p.where); i != applied.end()) {
      p.message += " (" + dotted(p.where) + ")";
      p.where = i->second;
    }
    problems.push_back(std::move(p));
  }
  if (!problems.empty())
    return result;
  auto s = to_settings(*doc);
  check_meaning(s, problems);
  if (problems.empty())
    result.value = std::move(s);
  return result;
}

load_result load_settings(const std::filesystem::path& file, const environment& env) {
  auto text = read_file(file);
  if (!text) {
    load_result result;
    result.problems.push_back(std::move(text).error());
    result.refused = true;
    // Malformed variables are reported even without a file to apply them to.
    read_overrides(env, result.problems);
    return result;
  }
  return load_settings_json(*text, env);
}

load_result load_default_settings(const environment& env) {
  return load_settings_json(embedded_file("g6.json"), env);
}

std::string format_problem(std::string_view source, const config_problem& p) {
  if (p.where.empty() || p.where == source)
    return fmt::format("{}: {}", source, p.message);
  return fmt::format("{}: {}: {}", source, p.where, p.message);
}

int validate_config_command(const std::filesystem::path& file, const environment& env, std::ostream& out,
                            std::ostream& err) {
  auto loaded = load_settings(file, env);
  if (!loaded.value) {
    for (auto& p : loaded.problems)
      err << format_problem(file.string(), p) << '\n';
    return loaded.refused ? 2 : 1;
  }
  for (auto& w : loaded.warnings)
    err << "warning: " << format_problem(file.string(), w) << '\n';
  out << file.string() << ": ok\n";
  return 0;
}

std::optional<command_config> load_command_config(const std::string& config_option, const environment& env,
                                                  std::ostream& err, bool warn) {
  auto chosen = config_option.empty() ? config_path_from_env(env) : std::optional<std::string>{config_option};
  auto loaded = chosen ? load_settings(*chosen, env) : load_default_settings(env);
  auto source = chosen.value_or(std::string{builtin_source});
  for (auto& p : loaded.problems)
    err << format_problem(source, p) << '\n';
  if (!loaded.value)
    return std::nullopt;
  if (warn)
    for (auto& w : loaded.warnings)
      err << "warning: " << format_problem(source, w) << '\n';
  return command_config{std::move(*loaded.value), std::move(source)};
}

int show_config_command(const std::optional<std::filesystem::path>& file, const environment& env, std::ostream& out,
                        std::ostream& err) {
  auto loaded = load_command_config(file ? file->string() : std::string{}, env, err, false);
  if (!loaded)
    return 1;
  out << settings_to_json(loaded->value) << '\n';
  return 0;
}

} // namespace g6
