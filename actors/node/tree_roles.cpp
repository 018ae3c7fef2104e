#include "actors/node/tree_roles.hpp"

namespace g6 {

bool is_node_role(const std::string& role) {
  return role == "all" || role == "hub" || role == "collector";
}

std::vector<child_spec> children_for_role(const std::string& role, tree_groups g) {
  if (role == "hub")
    return {std::move(g.storage), std::move(g.observability)};
  if (role == "collector")
    return {std::move(g.storage), std::move(g.analytics), std::move(g.providers), std::move(g.collectors),
            std::move(g.clock)};
  return {std::move(g.storage), std::move(g.analytics), std::move(g.providers), std::move(g.observability),
          std::move(g.collectors), std::move(g.clock)};
}

} // namespace g6
