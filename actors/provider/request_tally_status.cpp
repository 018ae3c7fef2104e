#include "actors/provider/request_tally_status.hpp"

#include <caf/config_value.hpp>

namespace g6 {

namespace {

uint64_t non_negative(const caf::config_value& v) {
  if (auto n = caf::get_if<int64_t>(&v))
    return *n > 0 ? static_cast<uint64_t>(*n) : 0;
  return 0;
}

} // namespace

void put_request_tally(caf::settings& status, const request_tally& tally) {
  caf::settings endpoints;
  for (auto& [endpoint, e] : tally.endpoints()) {
    caf::settings outcomes;
    for (auto& [outcome, n] : e.outcomes)
      outcomes.emplace(outcome, static_cast<int64_t>(n));
    caf::config_value::list buckets;
    for (auto n : e.latency_buckets)
      buckets.emplace_back(static_cast<int64_t>(n));
    caf::settings entry;
    entry.emplace("outcomes", std::move(outcomes));
    entry.emplace("latency_buckets", std::move(buckets));
    entry.emplace("latency_seconds_sum", e.latency_seconds_sum);
    // emplace, not caf::put: put would read dots in a name as nesting.
    endpoints.emplace(endpoint, std::move(entry));
  }
  status.insert_or_assign("endpoints", std::move(endpoints));
}

request_tally read_request_tally(const caf::settings& status) {
  request_tally tally;
  auto endpoints = caf::get_if<caf::settings>(&status, "endpoints");
  if (!endpoints)
    return tally;
  auto buckets_expected = request_latency_bounds().size() + 1;
  for (auto& [endpoint, value] : *endpoints) {
    auto entry = caf::get_if<caf::settings>(&value);
    if (!entry)
      continue;
    endpoint_tally e;
    if (auto outcomes = caf::get_if<caf::settings>(entry, "outcomes"))
      for (auto& [outcome, n] : *outcomes)
        e.outcomes.emplace(outcome, non_negative(n));
    if (auto buckets = caf::get_if<caf::config_value::list>(entry, "latency_buckets");
        buckets && buckets->size() == buckets_expected)
      for (auto& n : *buckets)
        e.latency_buckets.push_back(non_negative(n));
    if (auto sum = caf::get_if<double>(entry, "latency_seconds_sum"))
      e.latency_seconds_sum = *sum;
    tally.restore(endpoint, std::move(e));
  }
  return tally;
}

} // namespace g6
