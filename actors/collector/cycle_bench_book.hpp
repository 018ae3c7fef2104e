// cycle_bench_book.hpp — the market side of `g6 bench cycle`: N options of the synthetic market spread
// over the five indices as a full listing would hold them (each index's share over as many expiries as
// it takes, each expiry a run of strikes around the money, calls and puts), as the collectors' cycle
// plans; and the quotes a cycle gets for them. The bench times the collector's real steps on these.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "actors/collector/collector_cycle.hpp"
#include "actors/provider/synthetic_market.hpp"

namespace g6 {

/// One index's share of the book: its level at the bench instant and its cycle plan.
struct bench_index {
  index_spot spot;
  cycle_plan plan;
};

struct cycle_bench_book {
  std::vector<bench_index> indices;
  size_t options = 0;
  size_t expiries = 0;     // over all indices
  size_t most_strikes = 0; // of any one expiry
};

/// Spreads `options` over the synthetic market's indices at `at` (a session instant): an equal share
/// per index (the first ones take the remainder), filled expiry by expiry with strikes on the index's
/// step nearest the money, at most those within 19% of the level (the market quotes up to 20%), so an
/// index takes as many calendar expiries as its share needs. Expiries that fill a collector bucket
/// carry it; later ones carry next_month (main's rows have no bucket-less form yet).
cycle_bench_book make_cycle_bench_book(const synthetic_market& market, size_t options, epoch_ms at);

/// The quotes the market gives for a plan's options at `at`, as the synthetic provider answers a
/// quotes request: the book snapshot of a cycle.
quote_batch snapshot_quotes(const synthetic_market& market, const cycle_plan& plan, epoch_ms at);

} // namespace g6
