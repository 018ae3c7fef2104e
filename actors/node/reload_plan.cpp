#include "actors/node/reload_plan.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "config/loader.hpp"

namespace g6 {

namespace {

using json = nlohmann::ordered_json;

/// The settings as their config document (the one `g6 config show` prints): every key, by its name.
json document_of(const settings& s) {
  return json::parse(settings_to_json(s));
}

/// The dotted keys whose values differ between two documents, in the order of `a` then keys only `b`
/// has. Arrays are compared whole.
void differing_keys(const json& a, const json& b, const std::string& prefix, std::vector<std::string>& out) {
  if (!a.is_object() || !b.is_object()) {
    if (a != b)
      out.push_back(prefix);
    return;
  }
  auto key_of = [&](const std::string& key) { return prefix.empty() ? key : prefix + "." + key; };
  for (auto& [key, value] : a.items()) {
    if (b.contains(key))
      differing_keys(value, b.at(key), key_of(key), out);
    else
      out.push_back(key_of(key));
  }
  for (auto& [key, value] : b.items())
    if (!a.contains(key))
      out.push_back(key_of(key));
}

bool starts_with_section(const std::string& key, std::string_view section) {
  return key == section || (key.size() > section.size() && key.starts_with(section) && key[section.size()] == '.');
}

/// Whether a changed key is applied live on a node of `role`.
bool applies_live(const std::string& key, node_role role) {
  if (key == "logging.level")
    return true;
  if (starts_with_section(key, "index_params"))
    return role == node_role::all;
  if (starts_with_section(key, "storage.csv") || starts_with_section(key, "storage.influx"))
    return role != node_role::collector;
  return false;
}

std::map<std::string, const index_settings*> enabled_by_name(const settings& s) {
  std::map<std::string, const index_settings*> result;
  for (auto& index : s.indices)
    if (index.enable)
      result[index.name] = &index;
  return result;
}

sink_change sink_change_of(bool was_active, bool is_active, const json& before, const json& after) {
  if (was_active != is_active)
    return is_active ? sink_change::start : sink_change::stop;
  return is_active && before != after ? sink_change::restart : sink_change::none;
}

void plan_indices(reload_plan& plan, const settings& running, const settings& next, const json& before,
                  const json& after) {
  auto was = enabled_by_name(running);
  auto now = enabled_by_name(next);
  for (auto& index : next.indices) {
    if (!index.enable)
      continue;
    auto previous = was.find(index.name);
    if (previous == was.end())
      plan.added.push_back(index);
    else if (before["index_params"][index.name] != after["index_params"][index.name])
      plan.replaced.push_back(index);
  }
  for (auto& index : running.indices)
    if (index.enable && !now.count(index.name))
      plan.removed.push_back(index.name);
}

} // namespace

std::string_view to_string(sink_change x) {
  switch (x) {
    case sink_change::none:
      return "none";
    case sink_change::start:
      return "start";
    case sink_change::stop:
      return "stop";
    case sink_change::restart:
      return "restart";
  }
  return "unknown";
}

reload_plan plan_reload(const settings& running, const settings& next, node_role role) {
  auto before = document_of(running);
  auto after = document_of(next);
  reload_plan plan;
  plan.applied = running;
  std::vector<std::string> changed;
  differing_keys(before, after, "", changed);
  for (auto& key : changed)
    if (!applies_live(key, role))
      plan.needs_restart.push_back(key);
  if (next.logging.level != running.logging.level) {
    plan.log_level = next.logging.level;
    plan.applied.logging = next.logging;
  }
  if (role == node_role::all) {
    plan_indices(plan, running, next, before, after);
    plan.applied.indices = next.indices;
  }
  if (role != node_role::collector) {
    auto& storage_before = before["storage"];
    auto& storage_after = after["storage"];
    plan.csv = sink_change_of(running.storage.csv.active(), next.storage.csv.active(), storage_before["csv"],
                              storage_after["csv"]);
    plan.influx = sink_change_of(running.storage.influx.active(), next.storage.influx.active(),
                                 storage_before["influx"], storage_after["influx"]);
    plan.applied.storage.csv = next.storage.csv;
    plan.applied.storage.influx = next.storage.influx;
  }
  for (auto& index : plan.applied.indices)
    if (index.enable)
      plan.indices.push_back(index.name);
  return plan;
}

std::vector<std::string> restart_notices(const std::vector<std::string>& keys) {
  std::vector<std::pair<std::string, std::string>> sections; // section -> its keys, in first-seen order
  for (auto& key : keys) {
    auto section = key.substr(0, key.find('.'));
    auto i = std::find_if(sections.begin(), sections.end(), [&](auto& s) { return s.first == section; });
    if (i == sections.end())
      sections.emplace_back(section, key);
    else
      i->second += ", " + key;
  }
  std::vector<std::string> lines;
  for (auto& [section, listed] : sections)
    lines.push_back(listed + " changed; takes effect at the next restart");
  return lines;
}

} // namespace g6
