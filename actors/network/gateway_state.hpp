// gateway_state.hpp — internal to the gateway: its state, shared by the peer side (gateway.cpp) and the
// console commands (console_service.cpp).
#pragma once

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "actors/network/gateway.hpp"
#include "actors/network/peer_protocol.hpp"
#include "messages/events.hpp"

namespace g6 {

/// A collector node the hub has heard from.
struct peer_record {
  std::string name;
  std::string version;
  caf::actor link; // the collector's hub link: monitored, the only sender whose items are accepted
  caf::actor node; // the collector's node actor: status, clock
  std::vector<std::string> indices;
  bool connected = false;
  epoch_ms connected_at = 0;
  epoch_ms lost_at = 0;
  std::string lost_reason;
  uint64_t batches = 0;
  epoch_ms last_batch_ts = 0;
};

struct gateway_state {
  gateway_options options;
  index_claims claims;
  std::map<std::string, peer_record> peers; // by node name
  std::set<std::string> stale;              // indices whose collector node is gone
  uint64_t refused = 0;
  uint64_t console_commands = 0;
  event_emitter events; // as gateway, to the node
  static inline const char* name = "gateway";
};

using gateway_pointer = gateway_actor::stateful_pointer<gateway_state>;

/// Runs a console command (already checked for the secret) and delivers its text.
caf::typed_response_promise<std::string> run_console_command(gateway_pointer self,
                                                             const std::vector<std::string>& words);

} // namespace g6
