// failover_chain.hpp — the providers a request may go to, in order (providers.primary, then
// providers.failover), each behind its own circuit breaker: which provider to call next for a request,
// the outcome of each call, and which provider is serving. Pure: callers pass the time. What changes
// comes out as events: breaker_open / breaker_half_open / breaker_closed of one provider, and
// provider_failover / provider_restored when the provider answering moves down or back up the chain.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "messages/market.hpp"
#include "supervision/circuit_breaker.hpp"

namespace g6 {

/// One provider of the chain as its breaker sees it: totals since the chain started.
struct chain_member {
  std::string provider; // registry label: provider.kite, provider.kite.<app>, ...
  circuit_breaker breaker;
  uint64_t forwarded = 0; // calls its breaker let through
  uint64_t rejected = 0;  // requests its breaker refused (they went on down the chain, or failed)
  uint64_t failures = 0;  // calls that failed
};

class failover_chain {
public:
  using time_point = std::chrono::steady_clock::time_point;

  /// The providers in the order they are tried; the first serves until it fails.
  failover_chain(const std::vector<std::string>& providers, const breaker_config& config);

  /// The provider to call next for a request: the first after `tried` (from the primary when nullopt)
  /// whose breaker lets a call through. Each provider skipped counts a rejected request. nullopt when
  /// no provider is left.
  std::optional<size_t> next(std::optional<size_t> tried, time_point now);

  /// A call next() let through failed.
  void record_failure(size_t member, time_point now);

  /// A call next() let through succeeded; `after_failure`: a provider before it failed this request.
  /// Serving moves back up the chain to a provider whose breaker is closed (the trials of a half-open
  /// one do not count), and down the chain when the serving provider failed this request or its
  /// breaker is not closed (a request merely sent on while the serving provider was half-open and
  /// answered late does not count).
  void record_success(size_t member, bool after_failure, time_point now);

  const std::vector<chain_member>& members() const { return members_; }
  const std::string& serving() const { return members_[serving_].provider; }

  /// The events since the last call (without a timestamp: the caller stamps them), oldest first.
  std::vector<event_record> take_events();

private:
  void collect_transitions(chain_member& m);

  std::vector<chain_member> members_;
  size_t serving_ = 0;
  std::vector<event_record> events_;
};

} // namespace g6
