#include "messages/observability.hpp"

namespace g6 {

index_snapshot snapshot_of(const cycle_batch& batch) {
  index_snapshot snapshot;
  snapshot.cycle_id = batch.cycle_id;
  snapshot.spot = batch.spot;
  snapshot.overview = batch.overview;
  snapshot.options = batch.options;
  snapshot.surfaces = batch.surfaces;
  snapshot.rows_committed = batch.options.size();
  return snapshot;
}

} // namespace g6
