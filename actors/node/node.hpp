// node.hpp — the node actor: the component registry (label -> current handle, updated by supervisors on
// every restart, dropped when a reload removes the component), the sink for events (logged, then
// stored), and the status of everything it knows.
#pragma once

#include <caf/fwd.hpp>

#include <string>

#include "messages/actors.hpp"

namespace g6 {

/// Spawns the node `name` (its status says which node answered). Events are logged at once and stored
/// through the component registered as "storage".
node_actor spawn_node(caf::actor_system& sys, std::string name);

} // namespace g6
