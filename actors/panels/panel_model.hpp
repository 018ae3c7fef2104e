// panel_model.hpp — what each panel says, built from what the panels actor knows after a cycle: the
// cycle record, each index's latest snapshot and the node's component figures. Panels: summary,
// indices, chain_<INDEX> and surface_<INDEX> (one each per index with a snapshot), providers, storage,
// system. Chain panels also move between cycles, from streamed quotes (live_chain.hpp). Pure code.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/panels/node_health.hpp"
#include "messages/market.hpp"
#include "messages/observability.hpp"
#include "metrics/node_figures.hpp"

namespace g6 {

/// An index's chain moved by streamed quotes since its last cycle (stream mode).
struct live_chain_state {
  epoch_ms as_of = 0;              // market clock of the newest quote applied
  epoch_ms arrived_wall = 0;       // wall clock when that quote reached G6
  epoch_ms first_arrived_wall = 0; // and when the oldest quote of the update did (it waited longest)
  uint64_t updates = 0;            // live updates since the cycle
};

struct panel_inputs {
  std::optional<cycle_record> cycle;               // the last completed cycle
  std::vector<std::string> indices;                // enabled indices, in config order
  std::map<std::string, index_snapshot> snapshots; // the latest snapshot of each index
  /// Index -> the id of the latest cycle that listed it. On a hub each collector node counts its own
  /// cycles, so an index is compared with its own node's cycles, never with the last record's id.
  std::map<std::string, uint64_t> last_cycle_of;
  std::vector<std::string> unreachable;         // indices whose collector node is gone (hub)
  std::map<std::string, live_chain_state> live; // indices whose chain moved since their cycle
  node_figures figures;
  std::map<std::string, double> provider_request_rates; // provider -> requests per second lately
  double interval_seconds = 60;                         // market-clock seconds between cycles
  int chain_strikes = 5;                                // strikes each side of ATM in chain panels
  epoch_ms now = 0;                                     // wall clock
  epoch_ms started_at = 0;                              // process start, wall clock
  uint64_t resident_bytes = 0;
  std::string node_name;
  std::string version;
};

struct built_panel {
  std::string name;
  nlohmann::json data;
};

std::vector<built_panel> build_panels(const panel_inputs& in);

/// The chain_<INDEX> panels of `indices` that have a snapshot: what changes between cycles.
std::vector<built_panel> chain_panels(const panel_inputs& in, const std::vector<std::string>& indices);

/// Indices whose latest data is not from the latest cycle that listed them (or that have none), or whose
/// collector node is unreachable.
std::vector<std::string> stale_indices(const panel_inputs& in);

/// The node's health from the cycle status, stale indices and breaker states.
node_health overall_health(const panel_inputs& in);

/// Rows of the nearest expiry with strikes within `strikes` steps of the strike nearest the
/// underlying, by strike then type.
std::vector<option_row> near_atm_rows(const std::vector<option_row>& rows, double underlying, int strikes);

} // namespace g6
