// provider_chain.hpp — the providers a node calls, in order: providers.primary, then providers.failover.
// A name is "synthetic", "kite" (providers.kite), "kite.<app>" (providers.kite_apps.<app>) or "replay";
// each provider runs under the registry label "provider.<name>". Also the checks that keep the chain
// live: synthetic data is never a fallback for a live provider.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/loader.hpp"
#include "config/settings.hpp"

namespace g6 {

/// The primary, then the failover providers; a replay answers alone from its journal.
std::vector<std::string> provider_chain(const provider_settings& providers);

/// The Kite app a provider name means, or nullptr when the name is not a configured Kite app.
const kite_settings* kite_app_settings(const provider_settings& providers, std::string_view name);

/// What is wrong with the provider choice: a synthetic primary with a failover chain, synthetic, the
/// primary or an unknown app in the chain, an app's ticker.spill_apps naming an unknown app or the app
/// itself, (when the provider is synthetic) an enabled underlying the synthetic market does not know, (when
/// the provider is kite) an enabled index without a spot key, and (stream mode) strike windows beyond what
/// the ticker's connections hold (ticker_capacity.hpp).
/// Kite's underlyings are checked against its instrument dump when a collector resolves them; a replay's
/// against its journal. The loader runs it; `g6 run` again after --provider.
std::vector<config_problem> check_providers(const settings& s);

} // namespace g6
