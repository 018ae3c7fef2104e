// panel_file.cpp — bounded reading of panel files (see panel_file.hpp).
#include "actors/panels/panel_file.hpp"

namespace g6 {

expected<nlohmann::json, panel_file_error> read_panel_file(const std::filesystem::path& file) {
  auto read = read_regular_file(file, {panel_file_max_bytes, false});
  if (!read)
    return unexpected{panel_file_error{read.error().reason, std::nullopt, file.string() + ": " + read.error().message}};
  return parse_panel_text(*read, file.string());
}

expected<nlohmann::json, panel_file_error> parse_panel_text(std::string_view text, const std::string& name) {
  if (auto fit = check_json_text(text, {panel_file_max_depth}); !fit)
    return unexpected{panel_file_error{std::nullopt, fit.error().fault, name + ": " + fit.error().message}};
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded())
    return unexpected{panel_file_error{std::nullopt, std::nullopt, name + ": not valid JSON"}};
  return parsed;
}

} // namespace g6
