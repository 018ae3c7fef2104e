// access_policy.hpp — who may use the live stream: the token (Authorization: Bearer or X-API-Key,
// compared in constant time), the IP allow list (IPv4 and IPv6 CIDR blocks), the User-Agent allow list,
// the CORS origin allow list and a token bucket per client IP. Each refusal has a reason, an HTTP status
// and a metric label. Pure code: the server asks, this answers.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "messages/expected.hpp"

namespace g6::sse {

enum class rejection : uint8_t {
  bad_request,      // 400 unparseable request
  unauthorized,     // 401 no token
  forbidden,        // 403 wrong token
  ip,               // 403 address not in the allow list
  user_agent,       // 403 User-Agent not in the allow list
  origin,           // 403 Origin not in the CORS allow list
  not_found,        // 404
  method,           // 405 not GET (or OPTIONS)
  timeout,          // 408 request not complete in time (slowloris)
  target_too_long,  // 414 request target over the limit
  rate,             // 429 token bucket empty
  header_too_large, // 431 header over the limit
  capacity,         // 503 all client slots taken
  ip_capacity,      // 503 this address has all its slots
};

/// The HTTP status of a refusal.
unsigned status_of(rejection r);
/// The metric label of a refusal ("unauthorized", "rate", ...).
std::string_view to_string(rejection r);
/// Every reason, for metrics that start every series at zero.
std::vector<rejection> all_rejections();

/// An IPv4 or IPv6 network. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d), as a block or as a peer, are
/// IPv4: a client reaching a dual-stack socket over IPv4 matches the IPv4 blocks.
struct cidr_block {
  std::variant<boost::asio::ip::network_v4, boost::asio::ip::network_v6> network;

  bool contains(const boost::asio::ip::address& address) const;
};

/// "10.0.0.0/8", "::1/128", or a single address (/32 or /128). An IPv4-mapped block may count its prefix
/// in IPv6 bits (::ffff:10.0.0.0/104 is 10.0.0.0/8). Error: why it is not a block.
expected<cidr_block, std::string> parse_cidr(std::string_view text);

/// Equal tokens, in time that depends only on the length of `expected`.
bool tokens_equal(std::string_view given, std::string_view expected);

/// A token bucket per key (client address): `rate` tokens a second up to `burst`.
class rate_limiter {
public:
  rate_limiter(double rate, double burst);
  /// Takes a token for `key` at `now_ms`; when none is left, the seconds until one is (at least 1).
  std::optional<unsigned> take(const std::string& key, int64_t now_ms);
  size_t tracked() const { return buckets_.size(); }

private:
  struct bucket {
    double tokens;
    int64_t updated;
  };
  void forget_full(int64_t now_ms);

  double rate_;
  double burst_;
  std::unordered_map<std::string, bucket> buckets_;
};

struct access_settings {
  std::string token;                          // empty: no token needed
  std::vector<std::string> allow_ips;         // CIDR blocks; empty: everyone
  std::vector<std::string> allow_user_agents; // prefixes; empty: any
  std::vector<std::string> cors_origins;      // exact origins; empty: no CORS headers
  double requests_per_second = 10;            // per client address
  double request_burst = 20;
};

/// The parts of a request the policy looks at.
struct request_facts {
  boost::asio::ip::address peer;
  std::string_view user_agent;
  std::string_view origin;        // empty when absent
  std::string_view authorization; // the Authorization header
  std::string_view api_key;       // the X-API-Key header
  bool has_session = false;       // a valid session cookie (browser_sessions): counts as the token
  bool needs_token = true;        // /events, /resync, /api/*, /login; /health, /version and the page do not
};

class access_policy {
public:
  /// Error: the first setting that does not parse, named.
  static expected<access_policy, std::string> make(access_settings settings);

  /// The first reason to refuse, in the order: address, rate, User-Agent, origin, token.
  std::optional<rejection> check(const request_facts& request, int64_t now_ms);
  /// Seconds a rate-limited client should wait (the last refusal's Retry-After).
  unsigned retry_after() const { return retry_after_; }
  /// The Access-Control-Allow-Origin value for this origin, if it is allowed.
  std::optional<std::string> cors_origin(std::string_view origin) const;
  /// Whether a token is configured (the web app then needs a login).
  bool token_required() const { return !settings_.token.empty(); }

private:
  access_policy(access_settings settings, std::vector<cidr_block> blocks);

  access_settings settings_;
  std::vector<cidr_block> blocks_;
  rate_limiter limiter_;
  unsigned retry_after_ = 1;
};

} // namespace g6::sse
