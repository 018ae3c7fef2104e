// request_tally_status.hpp — a provider's request tally in its status answer, under "endpoints":
// {"<endpoint>": {"outcomes": {"ok": n, ...}, "latency_buckets": [n, ...], "latency_seconds_sum": s}},
// and back (the metrics actor reads it into g6_provider_requests_total and the latency histogram).
#pragma once

#include <caf/settings.hpp>

#include "messages/request_tally.hpp"

namespace g6 {

/// Puts the tally into a provider's status dictionary.
void put_request_tally(caf::settings& status, const request_tally& tally);

/// The tally in a provider's status dictionary; empty when it has none. Malformed entries are skipped.
request_tally read_request_tally(const caf::settings& status);

} // namespace g6
