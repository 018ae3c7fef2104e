// provider_breaker.hpp — the circuit breakers in front of the providers. It speaks provider_actor, so
// collectors cannot tell it from a provider: each request goes to the first provider of the chain
// (providers.primary, then providers.failover) whose breaker lets it through, looked up by its registry
// label (which survives restarts); when that call fails and the request's deadline leaves time, the next
// provider is tried for the same request. Each provider has its own breaker (failover_chain.hpp); while
// every breaker is open, requests fail at once instead of hammering providers that are down. Breaker
// changes and changes of the provider serving are events; status shows each breaker and who serves.
#pragma once

#include <caf/fwd.hpp>
#include <caf/timespan.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "messages/components.hpp"
#include "supervision/circuit_breaker.hpp"

namespace g6 {

struct provider_breaker_options {
  node_actor node;                                          // where the providers are looked up
  std::vector<component<provider_actor>> providers;         // in the order tried (components::chain_provider)
  breaker_config breaker;                                   // each provider's breaker
  caf::timespan request_timeout = std::chrono::seconds(10); // a request's deadline, across the chain
  std::function<void(const event_record&)> on_event;
  /// The breakers' clock (open periods, request deadlines): tests move it on instead of sleeping.
  std::function<std::chrono::steady_clock::time_point()> now = [] { return std::chrono::steady_clock::now(); };
};

provider_actor spawn_provider_breaker(caf::actor_system& sys, provider_breaker_options options);

} // namespace g6
