// hub_link.hpp — a collector node's link to its hub (see hub_link_actor). It stands in for storage on
// the collector: every stored item is journaled in the outbox and acknowledged at once, so collecting
// never waits for the network; the outbox is sent to the hub one item at a time, in order, and an item
// leaves the outbox only when the hub's storage acknowledged it. A lost connection is retried with
// exponential, jittered backoff; the hub's storage is idempotent, so an item re-sent after a lost
// acknowledgement is not stored twice. A refusal by the hub (protocol, secret, index claimed elsewhere)
// ends the run: retrying could not help.
#pragma once

#include <caf/fwd.hpp>
#include <caf/timespan.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "actors/network/peer_protocol.hpp"
#include "messages/actors.hpp"

namespace g6 {

struct hub_link_options {
  host_port hub;
  std::string node_name;
  std::string version;
  std::string secret;
  std::vector<std::string> indices; // claimed at the hub
  node_actor node;
  std::filesystem::path outbox_dir;
  size_t memory_items = 64;
  // Reconnects back off (supervision/backoff.hpp) from initial, doubling up to max, jittered by this seed.
  caf::timespan reconnect_initial = std::chrono::milliseconds(100);
  caf::timespan reconnect_max = std::chrono::seconds(2);
  uint64_t jitter_seed = 1;
  /// The hub refused this node (the reason); called once.
  std::function<void(const std::string&)> on_refused;
};

hub_link_actor spawn_hub_link(caf::actor_system& sys, hub_link_options options);

} // namespace g6
