#include "messages/request_tally.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace g6 {

namespace {

constexpr std::array<double, 14> bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

} // namespace

std::span<const double> request_latency_bounds() {
  return bounds;
}

uint64_t endpoint_tally::requests() const {
  uint64_t n = 0;
  for (auto& [outcome, count] : outcomes)
    n += count;
  return n;
}

void request_tally::record(std::string_view endpoint, std::string_view outcome, double seconds) {
  auto it = endpoints_.find(endpoint);
  if (it == endpoints_.end())
    it = endpoints_.emplace(std::string{endpoint}, endpoint_tally{}).first;
  auto& e = it->second;
  e.latency_buckets.resize(bounds.size() + 1);
  ++e.outcomes[std::string{outcome}];
  if (!std::isfinite(seconds) || seconds < 0)
    seconds = 0;
  // Prometheus buckets are "less than or equal": the first bound not below the value.
  auto bucket = std::lower_bound(bounds.begin(), bounds.end(), seconds) - bounds.begin();
  ++e.latency_buckets[static_cast<size_t>(bucket)];
  e.latency_seconds_sum += seconds;
}

void request_tally::restore(std::string endpoint, endpoint_tally tally) {
  tally.latency_buckets.resize(bounds.size() + 1);
  endpoints_[std::move(endpoint)] = std::move(tally);
}

uint64_t request_tally::requests() const {
  uint64_t n = 0;
  for (auto& [endpoint, e] : endpoints_)
    n += e.requests();
  return n;
}

} // namespace g6
