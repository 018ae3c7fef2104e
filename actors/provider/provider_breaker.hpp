// provider_breaker.hpp — the circuit breaker actor in front of a provider. It speaks provider_actor, so
// collectors cannot tell it from the provider: while closed it forwards each request to the provider
// currently registered under a label (which survives restarts), records the outcome, and while open it
// fails requests at once instead of hammering a provider that is down. State changes are events.
#pragma once

#include <caf/fwd.hpp>
#include <caf/timespan.hpp>

#include <functional>
#include <string>

#include "messages/actors.hpp"
#include "supervision/circuit_breaker.hpp"

namespace g6 {

struct provider_breaker_options {
  node_actor node;                 // where the provider is looked up by label
  std::string provider_label;      // e.g. "provider.synthetic"
  breaker_config breaker;
  caf::timespan request_timeout = std::chrono::seconds(10);
  std::function<void(const event_record&)> on_event;
};

provider_actor spawn_provider_breaker(caf::actor_system& sys, provider_breaker_options options);

} // namespace g6
