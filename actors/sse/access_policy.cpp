#include "actors/sse/access_policy.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace g6::sse {

unsigned status_of(rejection r) {
  switch (r) {
    case rejection::bad_request:
      return 400;
    case rejection::unauthorized:
      return 401;
    case rejection::forbidden:
    case rejection::ip:
    case rejection::user_agent:
    case rejection::origin:
      return 403;
    case rejection::not_found:
      return 404;
    case rejection::method:
      return 405;
    case rejection::timeout:
      return 408;
    case rejection::target_too_long:
      return 414;
    case rejection::rate:
      return 429;
    case rejection::header_too_large:
      return 431;
    case rejection::capacity:
    case rejection::ip_capacity:
      return 503;
  }
  return 500;
}

std::string_view to_string(rejection r) {
  switch (r) {
    case rejection::bad_request:
      return "bad_request";
    case rejection::unauthorized:
      return "unauthorized";
    case rejection::forbidden:
      return "forbidden";
    case rejection::ip:
      return "ip";
    case rejection::user_agent:
      return "user_agent";
    case rejection::origin:
      return "origin";
    case rejection::not_found:
      return "not_found";
    case rejection::method:
      return "method";
    case rejection::timeout:
      return "timeout";
    case rejection::target_too_long:
      return "target_too_long";
    case rejection::rate:
      return "rate";
    case rejection::header_too_large:
      return "header_too_large";
    case rejection::capacity:
      return "capacity";
    case rejection::ip_capacity:
      return "ip_capacity";
  }
  return "unknown";
}

std::vector<rejection> all_rejections() {
  std::vector<rejection> all;
  for (int r = 0; r <= static_cast<int>(rejection::ip_capacity); ++r)
    all.push_back(static_cast<rejection>(r));
  return all;
}

namespace {

namespace ip = boost::asio::ip;

/// The address itself, or the IPv4 address inside an IPv4-mapped IPv6 one.
ip::address unmapped(const ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  return address;
}

} // namespace

bool cidr_block::contains(const boost::asio::ip::address& address) const {
  auto peer = unmapped(address);
  // The peer's own network of the block's prefix length is the block exactly when the peer is in it.
  if (auto* v4 = std::get_if<ip::network_v4>(&network))
    return peer.is_v4() && ip::make_network_v4(peer.to_v4(), v4->prefix_length()).canonical() == *v4;
  auto& v6 = std::get<ip::network_v6>(network);
  return peer.is_v6() && ip::make_network_v6(peer.to_v6(), v6.prefix_length()).canonical() == v6;
}

expected<cidr_block, std::string> parse_cidr(std::string_view text) {
  auto slash = text.find('/');
  boost::system::error_code ec;
  auto given = ip::make_address(std::string{text.substr(0, slash)}, ec);
  if (ec)
    return unexpected{"'" + std::string{text} + "' is not an IPv4 or IPv6 address or CIDR block"};
  auto address = unmapped(given);
  unsigned width = address.is_v4() ? 32 : 128;
  unsigned prefix = width;
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    auto [end, perr] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (address.is_v4() && given.is_v6() && prefix >= 96)
      prefix -= 96;
    if (digits.empty() || perr != std::errc{} || end != digits.data() + digits.size() || prefix > width)
      return unexpected{"'" + std::string{text} + "' has a bad prefix length (0.." + std::to_string(width) + ")"};
  }
  auto length = static_cast<unsigned short>(prefix);
  // Canonical (host bits cleared), so contains() compares networks as they are.
  if (address.is_v4())
    return cidr_block{ip::make_network_v4(address.to_v4(), length).canonical()};
  return cidr_block{ip::make_network_v6(address.to_v6(), length).canonical()};
}

bool tokens_equal(std::string_view given, std::string_view expected) {
  // Walk the expected token whatever was given, so the time says nothing about where they differ.
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (size_t i = 0; i < expected.size(); ++i) {
    auto g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
    diff |= static_cast<unsigned char>(g ^ static_cast<unsigned char>(expected[i]));
  }
  return diff == 0;
}

rate_limiter::rate_limiter(double rate, double burst) : rate_(rate), burst_(std::max(1.0, burst)) {}

std::optional<unsigned> rate_limiter::take(const std::string& key, int64_t now_ms) {
  if (buckets_.size() > 65536)
    forget_full(now_ms);
  auto [it, fresh] = buckets_.try_emplace(key, bucket{burst_, now_ms});
  auto& b = it->second;
  if (!fresh && now_ms > b.updated) {
    b.tokens = std::min(burst_, b.tokens + rate_ * static_cast<double>(now_ms - b.updated) / 1000.0);
    b.updated = now_ms;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  auto wait = rate_ > 0 ? std::ceil((1.0 - b.tokens) / rate_) : 60.0;
  return static_cast<unsigned>(std::clamp(wait, 1.0, 3600.0));
}

void rate_limiter::forget_full(int64_t now_ms) {
  // A bucket that has refilled is the same as no bucket: dropping it bounds the memory an address
  // scan can take.
  std::erase_if(buckets_, [&](auto& entry) {
    auto& b = entry.second;
    return b.tokens + rate_ * static_cast<double>(now_ms - b.updated) / 1000.0 >= burst_;
  });
}

access_policy::access_policy(access_settings settings, std::vector<cidr_block> blocks)
  : settings_(std::move(settings)), blocks_(std::move(blocks)),
    limiter_(settings_.requests_per_second, settings_.request_burst) {}

expected<access_policy, std::string> access_policy::make(access_settings settings) {
  std::vector<cidr_block> blocks;
  for (auto& text : settings.allow_ips) {
    auto parsed = parse_cidr(text);
    if (!parsed)
      return unexpected{"sse.allow_ips: " + parsed.error()};
    blocks.push_back(*parsed);
  }
  return access_policy{std::move(settings), std::move(blocks)};
}

std::optional<rejection> access_policy::check(const request_facts& request, int64_t now_ms) {
  if (!blocks_.empty()
      && std::none_of(blocks_.begin(), blocks_.end(), [&](auto& b) { return b.contains(request.peer); }))
    return rejection::ip;
  if (auto wait = limiter_.take(request.peer.to_string(), now_ms)) {
    retry_after_ = *wait;
    return rejection::rate;
  }
  auto& agents = settings_.allow_user_agents;
  if (!agents.empty() && std::none_of(agents.begin(), agents.end(), [&](auto& prefix) {
        return request.user_agent.substr(0, prefix.size()) == prefix;
      }))
    return rejection::user_agent;
  if (!request.origin.empty() && !settings_.cors_origins.empty() && !cors_origin(request.origin))
    return rejection::origin;
  if (request.needs_token && !settings_.token.empty() && !request.has_session) {
    std::string_view given;
    constexpr std::string_view bearer = "Bearer ";
    if (request.authorization.size() > bearer.size()
        && std::equal(bearer.begin(), bearer.end(), request.authorization.begin(),
                      [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
      given = request.authorization.substr(bearer.size());
    else if (!request.api_key.empty())
      given = request.api_key;
    else
      return rejection::unauthorized;
    if (!tokens_equal(given, settings_.token))
      return rejection::forbidden;
  }
  return std::nullopt;
}

std::optional<std::string> access_policy::cors_origin(std::string_view origin) const {
  for (auto& allowed : settings_.cors_origins)
    if (allowed == origin || allowed == "*")
      return std::string{origin};
  return std::nullopt;
}

} // namespace g6::sse
