// live_chain.hpp — an index's chain between cycles: the snapshot of the last committed cycle with the
// quotes that streamed in since, priced again the way a cycle prices them (the sanitiser's verdict, the
// synthetic forward from the new premiums, IV and Greeks at the tick's time), so the live views move with
// the market while storage stays one committed batch per cycle. The cycle's statistics and fitted
// surfaces stay as they were until the next cycle. Pure code.
#pragma once

#include <cstddef>

#include "actors/analytics/chain_analysis.hpp"
#include "messages/observability.hpp"

namespace g6 {

struct live_pricing {
  analytics_params analytics;
  epoch_ms max_quote_age_ms = 0; // collection.quote_max_age_seconds: older quotes are flagged stale
};

/// What a batch of live quotes changed in one index's snapshot.
struct live_change {
  size_t applied = 0;  // option quotes that replaced a row's quote
  size_t rejected = 0; // quotes the sanitiser drops (NaN, negative, crossed, no price): rows kept as they were
  bool spot_moved = false;
  bool changed() const { return applied > 0 || spot_moved; }
};

/// Applies the quotes of `quotes` that belong to the snapshot's rows (by instrument token) and its index
/// level, then prices the chain again at `quotes.as_of`. A quote older than the row's own is ignored, as is
/// one equal to it.
live_change apply_live_quotes(index_snapshot& snapshot, const live_quotes& quotes, const live_pricing& pricing);

} // namespace g6
