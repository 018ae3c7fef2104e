// peer_hello.hpp — what a collector says about itself when it connects to a hub: one typed message
// instead of six positional values, so adding or reordering a field is a compile error at both ends
// and a bump of peer_protocol_version (actors/network/peer_protocol.hpp), not a silent mismatch.
#pragma once

#include <caf/actor.hpp>
#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace g6 {

struct peer_hello {
  uint32_t protocol = 0;
  std::string version; // the g6 release, for the error message
  std::string node;    // the collector's name, unique among the hub's peers
  std::string secret;
  std::vector<std::string> indices; // the indices it collects and claims
  caf::actor node_handle;           // its node actor, for status and steering from the hub
};

/// Field order is the wire format: append, never reorder (and bump peer_protocol_version).
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, peer_hello& x) {
  return f(caf::meta::type_name("peer_hello"), x.protocol, x.version, x.node, x.secret, x.indices, x.node_handle);
}

} // namespace g6
