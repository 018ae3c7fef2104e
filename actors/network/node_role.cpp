#include "actors/network/node_role.hpp"

namespace g6 {

std::string_view to_string(node_role x) {
  switch (x) {
    case node_role::all: return "all";
    case node_role::hub: return "hub";
    case node_role::collector: return "collector";
  }
  return "unknown";
}

std::optional<node_role> parse_node_role(std::string_view text) {
  for (auto role : all_node_roles)
    if (to_string(role) == text)
      return role;
  return std::nullopt;
}

std::string node_role_words() {
  std::string words;
  for (size_t i = 0; i < all_node_roles.size(); ++i) {
    if (i > 0)
      words += i + 1 == all_node_roles.size() ? " or " : ", ";
    words += to_string(all_node_roles[i]);
  }
  return words;
}

} // namespace g6
