// kite_provider.hpp — Kite Connect behind the provider protocol. One detached actor owns the HTTP
// connection, so every collector's calls share its rate limits: quote requests (and index levels)
// arriving within merge_window_ms go out merged, at most 500 instruments a call, one call per token of
// the quote bucket; answers are routed back to each requester. Failures are typed (kite_error.hpp):
// auth_required stops all calls until a new token appears, 429 slows the bucket, transient errors are
// retried with jittered exponential backoff within the request's deadline, InputException drops the
// instruments of the call (reported missing). Every call is counted in status by endpoint and
// outcome (requests.<endpoint>.<outcome>); every failure is an event. Each configured app (providers.kite,
// providers.kite_apps.<app>) runs as its own provider, "provider.kite" or "provider.kite.<app>".
#pragma once

#include <caf/fwd.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "actors/clock/market_clock.hpp"
#include "actors/provider/kite/kite_credentials.hpp"
#include "config/settings.hpp"
#include "messages/actors.hpp"

namespace g6 {

struct kite_provider_options {
  settings config;                                  // indices, collection, storage.data_dir (the instrument cache)
  kite_app_config app;                              // which app: its settings, credentials and token file
  std::chrono::milliseconds request_timeout{10000}; // a request's deadline, retries included
  std::shared_ptr<market_clock> clock;
  std::function<void(const event_record&)> on_event;
  /// Stream mode: quotes that ticked between cycles, at most live_rate_hz times a second (0: never).
  std::function<void(live_quotes)> on_live_quotes;
  double live_rate_hz = 0;
};

provider_actor spawn_kite_provider(caf::actor_system& sys, kite_provider_options options);

} // namespace g6
