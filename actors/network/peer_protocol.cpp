#include "actors/network/peer_protocol.hpp"

#include <fmt/format.h>

#include <charconv>

namespace g6 {

std::string incompatible_peer(std::string_view node, std::string_view version, uint32_t protocol,
                              std::string_view local_version) {
  return fmt::format("incompatible peer: node '{}' (g6 {}) speaks peer protocol {}, this node (g6 {}) "
                     "speaks {}; run the same g6 release on both",
                     node, version, protocol, local_version, peer_protocol_version);
}

std::optional<std::string> handshake_refusal(const peer_hello& hello, std::string_view local_version,
                                             std::string_view secret) {
  if (hello.protocol != peer_protocol_version)
    return incompatible_peer(hello.node, hello.version, hello.protocol, local_version);
  if (!secret_matches(secret, hello.secret))
    return fmt::format("node '{}' presented a wrong shared secret (nodes.secret / G6_NODE_SECRET)", hello.node);
  if (hello.node.empty())
    return std::string{"a peer must have a node name"};
  return std::nullopt;
}

bool secret_matches(std::string_view expected, std::string_view presented) {
  if (expected.empty())
    return true;
  // Constant time in the length of the expected secret: no early exit on the first differing byte.
  unsigned char diff = expected.size() == presented.size() ? 0 : 1;
  for (size_t i = 0; i < expected.size(); ++i)
    diff |= static_cast<unsigned char>(expected[i] ^ (i < presented.size() ? presented[i] : 0));
  return diff == 0;
}

bool is_loopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.substr(0, 4) == "127.";
}

std::optional<std::string> listen_refusal(std::string_view host, std::string_view secret) {
  if (!is_loopback(host) && secret.empty())
    return fmt::format("listening on {} (not loopback) needs a shared secret: set nodes.secret or "
                       "G6_NODE_SECRET",
                       host);
  return std::nullopt;
}

std::optional<host_port> parse_host_port(std::string_view text, bool allow_any_port) {
  std::string_view host, port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find("]:");
    if (close == std::string_view::npos)
      return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos)
      return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (host.empty() || port.empty() || ec != std::errc{} || end != port.data() + port.size() || value > 65535
      || (value == 0 && !allow_any_port))
    return std::nullopt;
  return host_port{std::string{host}, static_cast<uint16_t>(value)};
}

expected<void, std::string> index_claims::claim(const std::string& node, const std::vector<std::string>& indices) {
  for (auto& index : indices)
    if (auto i = owners_.find(index); i != owners_.end() && i->second != node)
      return unexpected{
        fmt::format("index {} is already collected by node '{}'; node '{}' refused", index, i->second, node)};
  for (auto& index : indices)
    owners_[index] = node;
  return {};
}

std::vector<std::string> index_claims::release(const std::string& node) {
  std::vector<std::string> released;
  for (auto i = owners_.begin(); i != owners_.end();) {
    if (i->second == node) {
      released.push_back(i->first);
      i = owners_.erase(i);
    } else {
      ++i;
    }
  }
  return released;
}

std::optional<std::string> index_claims::owner(const std::string& index) const {
  auto i = owners_.find(index);
  return i == owners_.end() ? std::nullopt : std::optional<std::string>{i->second};
}

} // namespace g6
