#include "actors/node/tree_roles.hpp"

namespace g6 {

std::vector<child_spec> children_for_role(node_role role, tree_groups g) {
  switch (role) {
    case node_role::hub:
      return {std::move(g.storage), std::move(g.observability)};
    case node_role::collector:
      return {std::move(g.storage), std::move(g.analytics), std::move(g.providers), std::move(g.collectors),
              std::move(g.clock)};
    case node_role::all:
      break;
  }
  return {std::move(g.storage),       std::move(g.analytics),  std::move(g.providers),
          std::move(g.observability), std::move(g.collectors), std::move(g.clock)};
}

} // namespace g6
