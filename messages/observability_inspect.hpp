// observability_inspect.hpp — CAF inspect overloads for the structs of observability.hpp. Field order is
// the wire format: append, never reorder.
#pragma once

#include <caf/meta/type_name.hpp>

#include "messages/inspect.hpp"
#include "messages/observability.hpp"

namespace g6 {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, index_snapshot& x) {
  return f(caf::meta::type_name("index_snapshot"), x.cycle_id, x.spot, x.overview, x.options, x.surfaces,
           x.commit_latency_us, x.rows_committed);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, panel_activity& x) {
  return f(caf::meta::type_name("panel_activity"), x.writes, x.write_failures, x.validation_failures);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, integrity_report& x) {
  return f(caf::meta::type_name("integrity_report"), x.checked_at, x.files_checked, x.issues, x.manifest_readable);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, panel_set& x) {
  return f(caf::meta::type_name("panel_set"), x.generated_at, x.names, x.data);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, live_quotes& x) {
  return f(caf::meta::type_name("live_quotes"), x.as_of, x.arrived_wall, x.first_arrived_wall, x.options, x.spots);
}

} // namespace g6
