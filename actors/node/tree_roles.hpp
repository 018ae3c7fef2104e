// tree_roles.hpp — which parts of the actor tree a node runs, by role: `all` runs everything in one
// process; a `hub` stores and serves (storage, observability: metrics, panels, integrity); a `collector`
// collects (analytics, providers, collectors, clock) and sends its batches to the hub through the hub
// link, which it runs as its "storage".
#pragma once

#include <vector>

#include "actors/network/node_role.hpp"
#include "supervision/supervisor.hpp"

namespace g6 {

/// The root's children, one per part, before the role picks among them.
struct tree_groups {
  child_spec storage;
  child_spec analytics;
  child_spec providers;
  child_spec observability;
  child_spec collectors;
  child_spec clock;
};

/// The root's children for `role`, in start order (dependency order; shutdown runs in reverse, so the
/// clock stops first and storage last).
std::vector<child_spec> children_for_role(node_role role, tree_groups groups);

} // namespace g6
