// gateway.hpp — the actor every node publishes on its listening port (see gateway_actor). On a hub it
// checks each collector's hello (protocol, secret, index claims), monitors the collector and, when the
// connection is lost (dead process, or silent past the connection timeout: a hung one), marks its
// indices stale in the panels, metrics and events; it stores what collectors send through the hub's
// storage. On every node it answers console commands.
#pragma once

#include <caf/fwd.hpp>

#include <string>

#include "actors/network/node_role.hpp"
#include "messages/actors.hpp"

namespace g6 {

struct gateway_options {
  node_role role = node_role::all;
  std::string node_name = "node";
  std::string version;
  std::string secret;
  node_actor node;
};

gateway_actor spawn_gateway(caf::actor_system& sys, gateway_options options);

/// A refusal by a peer (incompatible protocol, wrong secret, index owned elsewhere): retrying is
/// pointless. Registered as `add_error_category(caf::atom("peer"), render_peer_error)`.
caf::error make_peer_refusal(std::string reason);
bool is_peer_refusal(const caf::error& err);
/// A command or request that failed (unknown index, component not running): same category, the
/// reason is all the rendered error says.
caf::error make_console_error(std::string reason);
std::string render_peer_error(uint8_t code, caf::atom_value category, const caf::message& ctx);

} // namespace g6
