// node_figures.hpp — the figures of a node's components as their status answers give them: breakers,
// storage, the journal, analytics, collectors, and the supervised components with their restarts. Plain structs; the
// metrics actor and the panels actor read them from the node's merged status (metrics/status_reading.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "messages/auth_state.hpp"
#include "messages/request_tally.hpp"
#include "supervision/breaker_state.hpp"

namespace g6 {

/// One provider's circuit breaker as the breaker actor's status answer gives it: state and totals since
/// it started, and whether that provider is the one serving (the last to answer with its breaker closed).
struct breaker_figures {
  std::string provider;
  breaker_state state = breaker_state::closed;
  uint64_t forwarded = 0;
  uint64_t rejected = 0;
  uint64_t failures = 0;
  bool serving = true;
};

/// A provider's status answer: its requests to the market by endpoint and outcome, with latencies.
struct provider_figures {
  std::string provider;   // the registry label, as the breaker names it: provider.synthetic, provider.kite
  g6::auth_state auth_state = auth_state::not_required; // a broker's session
  request_tally requests;
};

/// The storage actor's status answer (totals since it started).
struct storage_figures {
  std::string sink = "sqlite";
  uint64_t rows_written = 0;
  uint64_t database_bytes = 0;
  uint64_t commits = 0;
  int64_t commit_latency_us_last = 0;
  double commit_latency_us_avg = 0;
};

/// The capture journal writer's status answer (totals since it started): what opening day files found.
struct journal_figures {
  uint64_t torn_bytes_cut = 0;
  uint64_t damaged_ranges = 0;
  uint64_t damaged_bytes = 0;
};

/// The analytics pool's status answer (totals since it started).
struct analytics_figures {
  uint64_t solved = 0;
  uint64_t failed = 0;
};

/// A collector's status answer: sanitiser drops by reason, totals since it started.
struct collector_figures {
  std::string index;
  std::vector<std::pair<std::string, uint64_t>> drops_by_reason;
};

/// A supervised component as its supervisor reports it.
struct component_figures {
  std::string label;
  std::string supervisor;
  bool running = false;
  uint64_t restarts = 0;
};

/// Everything read from one status answer of the node.
struct node_figures {
  std::vector<breaker_figures> breakers; // one per provider of the failover chain, in chain order
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
