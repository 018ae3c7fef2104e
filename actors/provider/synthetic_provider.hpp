// synthetic_provider.hpp — the synthetic market behind the provider protocol, at the injected clock's
// "now", with deterministic fault injection (failed requests, garbage quotes, latency) so tests and
// demos can exercise the breaker, the sanitiser and timeouts downstream.
#pragma once

#include <caf/fwd.hpp>

#include <cstdint>
#include <functional>
#include <memory>

#include "actors/clock/market_clock.hpp"
#include "config/settings.hpp"
#include "messages/actors.hpp"

namespace g6 {

/// Spawns a provider answering from synthetic_market(seed): instruments for the IST date of
/// clock->now(), spot and quotes at clock->now(). Faults (for this seed, the same every run):
/// - each request fails with probability error_rate, with "injected fault: provider error";
/// - each quote is replaced by garbage with probability garbage_rate, cycling through a NaN price, a
///   negative price, a crossed bid/ask and a zero price;
/// - every answer arrives latency_ms (real time) late.
/// Each request with an injected fault is reported through on_event ("provider.synthetic",
/// "fault_injected"). status answers {kind, seed, requests, errors_injected, garbage_injected}.
provider_actor spawn_synthetic_provider(caf::actor_system& sys, uint64_t seed, std::shared_ptr<market_clock> clock,
                                        fault_settings faults, std::function<void(const event_record&)> on_event = {});

} // namespace g6
