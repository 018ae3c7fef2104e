// network_node.hpp — puts a node on the network: the middleman's heartbeat and connection timeout (so a
// dead or hung peer is noticed within about the timeout), the gateway published on the listening
// address, and the node file a local console reads to find it.
#pragma once

#include <caf/fwd.hpp>

#include <filesystem>
#include <string>

#include "actors/network/gateway.hpp"
#include "actors/network/peer_protocol.hpp"
#include "config/settings.hpp"
#include "messages/expected.hpp"

namespace g6 {

/// Loads the middleman with the heartbeat and connection timeout of `nodes`, and the peer error
/// category. Call before constructing the actor system.
void configure_network(caf::actor_system_config& cfg, const node_settings& nodes);

struct listening_node {
  gateway_actor gateway;
  uint16_t port = 0;
};

/// Spawns the gateway, registers it with the node as "gateway", publishes it on `listen` and writes
/// `<data_dir>/node.json` (a warning when it cannot); the reason when listening fails (a non-loopback
/// address without a secret is refused before anything is opened).
expected<listening_node, std::string> open_gateway(caf::actor_system& sys, gateway_options options,
                                                   const host_port& listen, const std::filesystem::path& data_dir);

} // namespace g6
