// node_role.hpp — what a node is for: `all` runs everything in one process, a `hub` stores and serves,
// a `collector` collects and sends its batches to a hub. A type rather than a string, so that a misspelt
// role in a comparison is a compile error; its text is what `g6 run --role` takes, the logs and the
// console show, and the node file holds. Pure code.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace g6 {

enum class node_role : uint8_t { all, hub, collector };

inline constexpr std::array<node_role, 3> all_node_roles{node_role::all, node_role::hub, node_role::collector};

/// "all", "hub", "collector".
std::string_view to_string(node_role x);
/// The role a text names; nullopt for any other text.
std::optional<node_role> parse_node_role(std::string_view text);
/// "all, hub or collector", for messages that refuse another word.
std::string node_role_words();

} // namespace g6
