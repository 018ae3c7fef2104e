#include "actors/sse/merge_patch.hpp"

namespace g6::sse {

namespace {

nlohmann::json diff(const nlohmann::json& from, const nlohmann::json& to) {
  if (!from.is_object() || !to.is_object())
    return to;
  auto patch = nlohmann::json::object();
  for (auto& [key, value] : from.items())
    if (!to.contains(key))
      patch[key] = nullptr;
  for (auto& [key, value] : to.items()) {
    auto old = from.find(key);
    if (old == from.end())
      patch[key] = value;
    else if (*old != value)
      patch[key] = diff(*old, value);
  }
  return patch;
}

} // namespace

std::optional<nlohmann::json> create_merge_patch(const nlohmann::json& from, const nlohmann::json& to) {
  auto patch = diff(from, to);
  auto applied = from;
  applied.merge_patch(patch);
  if (applied != to)
    return std::nullopt;
  return patch;
}

} // namespace g6::sse
