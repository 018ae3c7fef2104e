#include "actors/clock/run_verdict.hpp"

#include <fmt/format.h>

namespace g6 {

bool index_stored(const index_cycle_result& result) {
  return is_stored(result.status);
}

void run_tally::add(const cycle_record& cycle) {
  ++cycles_;
  for (auto& result : cycle.indices) {
    ++index_cycles_;
    auto& index = by_index_[result.index];
    ++index.cycles;
    if (index_stored(result)) {
      ++stored_;
      continue;
    }
    ++index.failed;
    index.last_failed_cycle = cycle.cycle_id;
    index.last_error = result.error.empty() ? std::string{to_string(result.status)} : result.error;
  }
}

std::string run_tally::describe() const {
  auto text =
    fmt::format("stored {} of {} index-cycles in {} cycle{}", stored_, index_cycles_, cycles_, cycles_ == 1 ? "" : "s");
  std::string separator = "; not stored: ";
  for (auto& [name, index] : by_index_) {
    if (index.failed == 0)
      continue;
    text += fmt::format("{}{} {} of {} (cycle {}: {})", separator, name, index.failed, index.cycles,
                        index.last_failed_cycle, index.last_error);
    separator = ", ";
  }
  return text;
}

run_verdict judge_run(const run_tally& tally, bool bounded) {
  if (tally.cycles() == 0)
    return {run_exit::stored, "stopped before the first cycle"};
  auto summary = tally.describe();
  if (tally.stored() == 0)
    return {run_exit::nothing_stored, std::move(summary)};
  if (bounded && tally.stored() < tally.index_cycles())
    return {run_exit::part_stored, std::move(summary)};
  return {run_exit::stored, std::move(summary)};
}

} // namespace g6
