// run_verdict.hpp — how the cycles of a `g6 run` add up to its exit code and closing line: 0 when every
// cycle stored every index (an open-ended run: when anything was stored), 1 when cycles ran and nothing
// was stored, 5 when a bounded run (--once, --cycles N, a replay) stored only part. Pure code (no CAF).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "messages/market.hpp"

namespace g6 {

/// Exit codes of `g6 run` decided by its cycles (2, 3 and 4 come from elsewhere: README.md).
enum class run_exit : int {
  stored = 0,
  nothing_stored = 1,
  part_stored = 5,
};

/// Whether an index's cycle result means its rows are in storage (all of them or a part).
bool index_stored(const index_cycle_result& result);

/// What a run's completed cycles stored, index by index.
class run_tally {
public:
  void add(const cycle_record& cycle);

  uint64_t cycles() const { return cycles_; }
  uint64_t index_cycles() const { return index_cycles_; }
  uint64_t stored() const { return stored_; }

  /// "stored 18 of 20 index-cycles in 10 cycles; not stored: NIFTY 2 of 10 (cycle 7: <error>)", naming
  /// each index that failed with its last failure.
  std::string describe() const;

private:
  struct per_index {
    uint64_t cycles = 0;
    uint64_t failed = 0;
    uint64_t last_failed_cycle = 0;
    std::string last_error;
  };
  uint64_t cycles_ = 0;
  uint64_t index_cycles_ = 0;
  uint64_t stored_ = 0;
  std::map<std::string, per_index> by_index_;
};

struct run_verdict {
  run_exit code = run_exit::stored;
  std::string summary;
};

/// The verdict on a run that stopped with `tally`. `bounded`: it was asked for a number of cycles
/// (--once, --cycles N, a replay), so a part is not enough; an open-ended run (stopped by a signal) passes
/// when it stored anything. A run stopped before its first cycle stored nothing and failed nothing: 0.
run_verdict judge_run(const run_tally& tally, bool bounded);

} // namespace g6
