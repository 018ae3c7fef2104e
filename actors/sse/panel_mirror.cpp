#include "actors/sse/panel_mirror.hpp"

#include "actors/panels/panel_hash.hpp"

namespace g6::sse {

std::optional<std::string> panel_mirror::apply_snapshot(const nlohmann::json& body) {
  if (!body.is_object() || !body.contains("panels") || !body["panels"].is_object())
    return "snapshot without panels";
  std::map<std::string, nlohmann::json> panels;
  std::map<std::string, std::string> hashes;
  for (auto& [name, data] : body["panels"].items()) {
    auto hash = data_sha256(data);
    auto claimed = body.contains("hashes") ? body["hashes"].value(name, std::string{}) : std::string{};
    if (hash != claimed)
      return "panel " + name + ": hash " + hash.substr(0, 12) + " does not match the snapshot's "
             + claimed.substr(0, 12);
    panels[name] = data;
    hashes[name] = hash;
  }
  panels_ = std::move(panels);
  hashes_ = std::move(hashes);
  last_id_ = body.value("id", uint64_t{0});
  needs_resync_ = false;
  return std::nullopt;
}

std::optional<std::string> panel_mirror::apply(const parsed_event& event) {
  if (event.type != "panel_full" && event.type != "panel_diff" && event.type != "truncated")
    return std::nullopt;
  auto body = nlohmann::json::parse(event.data, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return event.type + " data is not a JSON object";
  if (event.type == "truncated") {
    needs_resync_ = true;
    last_id_ = body.value("id", last_id_);
    return std::nullopt;
  }
  if (event.type == "panel_full")
    return apply_snapshot(body);
  if (!body.contains("changed") || !body["changed"].is_object())
    return "panel_diff without changed";
  // Check every base before changing anything, so a failed diff leaves the copy as it was.
  auto panels = panels_;
  auto hashes = hashes_;
  for (auto& [name, change] : body["changed"].items()) {
    if (!change.is_object())
      return "panel_diff: change of " + name + " is not an object";
    auto base = change.value("base", nlohmann::json{});
    if (!base.is_null()) {
      auto have = hashes.find(name);
      if (have == hashes.end() || have->second != base.get<std::string>())
        return "panel " + name + ": base " + base.get<std::string>().substr(0, 12) + " is not the panel held";
    }
    if (change.contains("patch"))
      panels[name].merge_patch(change["patch"]);
    else if (change.contains("data"))
      panels[name] = change["data"];
    else
      return "panel_diff: change of " + name + " has neither patch nor data";
    auto hash = data_sha256(panels[name]);
    if (hash != change.value("hash", std::string{}))
      return "panel " + name + ": patched hash " + hash.substr(0, 12) + " is not the event's";
    hashes[name] = hash;
  }
  if (body.contains("removed") && body["removed"].is_array())
    for (auto& name : body["removed"])
      if (name.is_string()) {
        panels.erase(name.get<std::string>());
        hashes.erase(name.get<std::string>());
      }
  panels_ = std::move(panels);
  hashes_ = std::move(hashes);
  last_id_ = body.value("id", last_id_);
  return std::nullopt;
}

} // namespace g6::sse
