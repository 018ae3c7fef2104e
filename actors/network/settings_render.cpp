#include "actors/network/settings_render.hpp"

#include <caf/config_value.hpp>
#include <caf/deep_to_string.hpp>

namespace g6 {

namespace {

nlohmann::json value_to_json(const caf::config_value& v) {
  if (auto* x = caf::get_if<caf::config_value::integer>(&v))
    return *x;
  if (auto* x = caf::get_if<caf::config_value::boolean>(&v))
    return *x;
  if (auto* x = caf::get_if<caf::config_value::real>(&v))
    return *x;
  if (auto* x = caf::get_if<caf::config_value::string>(&v))
    return *x;
  if (auto* x = caf::get_if<caf::config_value::list>(&v)) {
    auto out = nlohmann::json::array();
    for (auto& e : *x)
      out.push_back(value_to_json(e));
    return out;
  }
  if (auto* x = caf::get_if<caf::config_value::dictionary>(&v))
    return settings_to_json(*x);
  return caf::to_string(v);
}

std::string scalar_text(const caf::config_value& v) {
  if (auto* x = caf::get_if<caf::config_value::string>(&v))
    return *x;
  if (auto* x = caf::get_if<caf::config_value::list>(&v)) {
    std::string out;
    for (auto& e : *x)
      out += (out.empty() ? "" : ", ") + scalar_text(e);
    return out;
  }
  return value_to_json(v).dump();
}

void append_text(std::string& out, const caf::settings& s, size_t depth) {
  std::string indent(depth * 2, ' ');
  for (auto& [key, value] : s) {
    if (auto* d = caf::get_if<caf::config_value::dictionary>(&value)) {
      out += indent + key + ":\n";
      append_text(out, *d, depth + 1);
    } else {
      out += indent + key + ": " + scalar_text(value) + "\n";
    }
  }
}

} // namespace

nlohmann::json settings_to_json(const caf::settings& s) {
  auto out = nlohmann::json::object();
  for (auto& [key, value] : s)
    out[key] = value_to_json(value);
  return out;
}

std::string settings_to_text(const caf::settings& s) {
  std::string out;
  append_text(out, s, 0);
  return out;
}

} // namespace g6
