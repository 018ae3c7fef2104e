// node_figures.hpp — the figures of a node's components as their status answers give them (the structs of
// messages/component_figures.hpp, named by the component that gave them): breakers, providers, storage,
// the journal, analytics, collectors, and the supervised components with their restarts. The metrics actor
// and the panels actor read them from the node's merged status (metrics/status_reading.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "messages/component_figures.hpp"
#include "messages/request_tally.hpp"
#include "messages/ticker_reading.hpp"

namespace g6 {

/// A provider of the failover chain with its breaker, and whether it is the one serving.
struct chain_breaker_figures : breaker_figures {
  std::string provider;
  bool serving = true;
};

/// A provider's status answer: its session with its broker, and its requests to the market by endpoint
/// and outcome, with latencies.
struct provider_figures {
  std::string provider; // the registry label, as the breaker names it: provider.synthetic, provider.kite
  g6::auth_state auth_state = auth_state::not_required;
  request_tally requests;
  std::optional<ticker_reading> ticker; // a Kite app in stream mode
};

/// A storage sink's status answer, named: sqlite (the storage actor, the only one with a database size),
/// csv, influx.
struct storage_figures : database_figures {
  std::string sink = "sqlite";
};

/// A supervised component as its supervisor reports it.
struct component_figures : child_figures {
  std::string label;
  std::string supervisor;
};

/// Everything read from one status answer of the node.
struct node_figures {
  std::vector<chain_breaker_figures> breakers; // one per provider of the failover chain, in chain order
  std::vector<provider_figures> providers;
  std::optional<storage_figures> storage;
  std::vector<storage_figures> secondary_sinks; // storage.csv, ...: labelled by what follows "storage."
  std::optional<analytics_figures> analytics;
  std::optional<journal_figures> journal;
  std::vector<collector_figures> collectors;
  std::vector<component_figures> components;
  /// On a hub: each index its collector nodes claimed, and whether it is stale (its node lost).
  std::vector<std::pair<std::string, bool>> remote_indices;
  std::vector<std::string> unanswered; // components whose status request failed
};

} // namespace g6
