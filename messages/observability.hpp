// observability.hpp — what components tell the metrics and panels actors: an index's snapshot after its
// batch committed, the panels' write activity and the integrity monitor's findings. Plain structs with no
// CAF dependency (pure code builds panels from them); their inspect overloads are in
// messages/observability_inspect.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "messages/market.hpp"

namespace g6 {

/// One index after its cycle's batch was committed: the overview row, the spot and the stored option
/// rows, for the panels (which show the nearest expiry around ATM); how long the commit took, for the
/// metrics. Sent within the process only, where CAF shares rather than copies message contents.
struct index_snapshot {
  uint64_t cycle_id = 0;
  index_spot spot;
  overview_row overview;
  std::vector<option_row> options;
  std::vector<surface_slice> surfaces; // the cycle's fitted smile per expiry
  int64_t commit_latency_us = 0;       // store request to acknowledged commit
  uint64_t rows_committed = 0;
};

/// The snapshot of a committed batch (its commit latency left to the caller, who timed it).
index_snapshot snapshot_of(const cycle_batch& batch);

/// Quotes that streamed in between cycles (stream mode), for the live views: the latest tick of every
/// instrument that ticked since the previous delivery, and the index levels among them. Storage never
/// sees them; the next cycle stores what it collects.
struct live_quotes {
  epoch_ms as_of = 0;              // market clock: the newest tick's arrival
  epoch_ms arrived_wall = 0;       // wall clock of that arrival, for tick-to-screen latency
  epoch_ms first_arrived_wall = 0; // wall clock of the oldest tick's arrival (it waited longest)
  std::vector<option_quote> options;
  std::vector<index_spot> spots;
};

/// What the panels actor has written so far (totals since it started).
struct panel_activity {
  uint64_t writes = 0;
  uint64_t write_failures = 0;
  uint64_t validation_failures = 0;
};

/// One integrity check of the panels directory: what was checked and what did not match.
struct integrity_report {
  epoch_ms checked_at = 0;
  uint32_t files_checked = 0;
  std::vector<std::string> issues; // "<code> <file>", e.g. "mismatch indices_enveloped.json"
  bool manifest_readable = true;
};

/// One cycle's panels as written, for the live stream: each panel's name and the canonical JSON of its
/// data (strings keep this header free of a JSON library).
struct panel_set {
  epoch_ms generated_at = 0;
  std::vector<std::string> names;
  std::vector<std::string> data; // data[i] belongs to names[i]
};

} // namespace g6
