// panel_file.cpp — bounded reading of panel files (see panel_file.hpp).
#include "actors/panels/panel_file.hpp"

#include "config/untrusted_input.hpp"

namespace g6 {

std::variant<nlohmann::json, panel_file_error> read_panel_file(const std::filesystem::path& file) {
  auto read = read_regular_file(file, {panel_file_max_bytes, false});
  if (auto* refusal = std::get_if<read_refusal>(&read))
    return panel_file_error{refusal->code, file.string() + ": " + refusal->message};
  return parse_panel_text(std::get<std::string>(read), file.string());
}

std::variant<nlohmann::json, panel_file_error> parse_panel_text(std::string_view text, const std::string& name) {
  if (auto unfit = check_json_text(text, {panel_file_max_depth}))
    return panel_file_error{unfit->code, name + ": " + unfit->message};
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded())
    return panel_file_error{"json", name + ": not valid JSON"};
  return parsed;
}

} // namespace g6
