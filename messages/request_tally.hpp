// request_tally.hpp — what a provider counts about the requests it makes to its market: per endpoint,
// how many ended in each outcome, and a histogram of how long they took (fixed bucket bounds, so the
// metrics actor can turn successive status answers into g6_provider_requests_total and
// g6_provider_request_duration_seconds). Plain code, no CAF; actors/provider/request_tally_status.hpp
// carries it in status answers.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace g6 {

/// Upper bounds, in seconds, of the latency buckets; a last bucket (+Inf) holds the rest. They span a
/// synthetic answer (microseconds) to a Kite call near its timeout.
std::span<const double> request_latency_bounds();

struct endpoint_tally {
  std::map<std::string, uint64_t> outcomes; // "ok", or the reason a request failed
  std::vector<uint64_t> latency_buckets;    // per bucket (not cumulative), bounds().size() + 1 entries
  double latency_seconds_sum = 0;
  uint64_t requests() const;
};

class request_tally {
public:
  /// One request to `endpoint` that ended in `outcome` after `seconds`.
  void record(std::string_view endpoint, std::string_view outcome, double seconds);

  /// The tally of an endpoint as a status answer carried it (replaces what was there).
  void restore(std::string endpoint, endpoint_tally tally);

  const std::map<std::string, endpoint_tally, std::less<>>& endpoints() const { return endpoints_; }
  uint64_t requests() const;

private:
  std::map<std::string, endpoint_tally, std::less<>> endpoints_;
};

} // namespace g6
