// peer_protocol.hpp — what two g6 nodes agree on before a collector may send a hub anything: the
// protocol version, the shared secret, and which indices each collector owns. Pure code (the hello
// carries a CAF handle, but nothing here acts on it).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/expected.hpp"
#include "messages/peer_hello.hpp"

namespace g6 {

/// Bumped whenever a message that crosses nodes changes; peers with another number are refused.
/// 3: the hello became one peer_hello message (it was six positional values).
/// 4: a cycle batch carries its fitted volatility smiles, and the overview row the figures read off them.
constexpr uint32_t peer_protocol_version = 4;

/// The refusal of a peer that speaks another protocol, naming both numbers and releases.
std::string incompatible_peer(std::string_view node, std::string_view version, uint32_t protocol,
                              std::string_view local_version);

/// Why a hub refuses this peer (protocol, secret), or nothing when it may proceed to claim indices.
std::optional<std::string> handshake_refusal(const peer_hello& hello, std::string_view local_version,
                                             std::string_view secret);

/// Whether the secret a console or peer presented is acceptable: anything when the node has none.
bool secret_matches(std::string_view expected, std::string_view presented);

/// Whether `host` names only this machine (127.0.0.0/8, ::1, localhost).
bool is_loopback(std::string_view host);

/// Why a node must not listen on `host` with this secret (non-loopback needs one), or nothing.
std::optional<std::string> listen_refusal(std::string_view host, std::string_view secret);

struct host_port {
  std::string host;
  uint16_t port = 0;
};

/// "HOST:PORT" (IPv6 as "[::1]:PORT"); port 0 is allowed (any free port) when `allow_any_port`.
std::optional<host_port> parse_host_port(std::string_view text, bool allow_any_port = false);

/// The hub's record of which connected collector owns each index: a second claim is refused.
class index_claims {
public:
  /// Claims all `indices` for `node`, or none when one is owned by another node (the reason).
  expected<void, std::string> claim(const std::string& node, const std::vector<std::string>& indices);
  /// Releases everything `node` owned and returns those indices.
  std::vector<std::string> release(const std::string& node);
  /// The owner of `index`, if any.
  std::optional<std::string> owner(const std::string& index) const;
  const std::map<std::string, std::string>& owners() const { return owners_; }

private:
  std::map<std::string, std::string> owners_; // index -> node
};

} // namespace g6
