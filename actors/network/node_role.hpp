// node_role.hpp — what a node is for: `all` runs everything in one process, a `hub` stores and serves,
// a `collector` collects and sends its batches to a hub. A type rather than a string, so that a misspelt
// role in a comparison is a compile error; its word is what `g6 run --role` takes, the logs and the
// console show, and the node file holds. Pure code.
#pragma once

#include <cstdint>
#include <string>

#include "messages/enum_names.hpp"

namespace g6 {

enum class node_role : uint8_t { all, hub, collector };

inline constexpr enum_names<node_role, 3> node_role_names{
  {{node_role::all, "all"}, {node_role::hub, "hub"}, {node_role::collector, "collector"}}};

constexpr std::string_view to_string(node_role x) {
  return name_of(node_role_names, x);
}
constexpr std::optional<node_role> parse_node_role(std::string_view text) {
  return value_named(node_role_names, text);
}

/// "all, hub or collector", for messages that refuse another word.
std::string node_role_words();

} // namespace g6
