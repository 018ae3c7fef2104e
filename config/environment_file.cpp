#include "config/environment_file.hpp"

#include <fmt/format.h>

#include <cctype>
#include <variant>

#include "config/untrusted_input.hpp"

namespace g6 {

namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

bool is_variable_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front())))
    return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      return false;
  return true;
}

} // namespace

expected<std::map<std::string, std::string>, std::string> parse_environment_file(std::string_view text) {
  std::map<std::string, std::string> variables;
  size_t line_number = 0;
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = trimmed(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    if (line.empty() || line.front() == '#' || line.front() == ';')
      continue;
    auto equals = line.find('=');
    if (equals == std::string_view::npos)
      return unexpected{fmt::format("line {}: not KEY=VALUE", line_number)};
    auto name = trimmed(line.substr(0, equals));
    if (!is_variable_name(name))
      return unexpected{fmt::format("line {}: '{}' is not a variable name", line_number, name)};
    auto value = trimmed(line.substr(equals + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    variables[std::string{name}] = std::string{value};
  }
  return variables;
}

expected<std::map<std::string, std::string>, std::string> read_environment_file(const std::filesystem::path& file) {
  auto read = read_regular_file(file, read_limits{.max_bytes = 64 * 1024, .follow_symlinks = true});
  if (!read)
    return unexpected{fmt::format("{}: {}", file.string(), read.error().message)};
  auto parsed = parse_environment_file(*read);
  if (!parsed)
    return unexpected{fmt::format("{}: {}", file.string(), parsed.error())};
  return parsed;
}

environment overlay_environment(std::map<std::string, std::string> variables, environment base) {
  return
    [variables = std::move(variables), base = std::move(base)](std::string_view name) -> std::optional<std::string> {
      if (auto found = variables.find(std::string{name}); found != variables.end())
        return found->second;
      return base(name);
    };
}

} // namespace g6
