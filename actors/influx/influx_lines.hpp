// influx_lines.hpp — one committed index snapshot as InfluxDB line protocol: measurements option_data
// (tags index, expiry, type, strike, symbol), options_overview (tag index), vol_surface (tags index, expiry,
// bucket, absent for an expiry that fills no bucket: one per fitted smile) and g6_cycle (tag index), all at
// the cycle's instant in milliseconds. Every point's series key + timestamp is unique, since InfluxDB
// silently overwrites a point written twice. Pure code.
#pragma once

#include <string>
#include <string_view>

#include "messages/observability.hpp"

namespace g6 {

/// A tag value with commas, spaces and equals signs escaped.
std::string influx_tag(std::string_view value);

/// The lines of a snapshot, each ending in '\n'; absent values are left out of their point. Returns the
/// number of points in `points`.
std::string influx_lines(const index_snapshot& snapshot, size_t& points);

} // namespace g6
