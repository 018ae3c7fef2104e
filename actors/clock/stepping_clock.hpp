// stepping_clock.hpp — a clock whose time moves only when the clock actor steps it through a fixed list
// of instants, one cycle each: a replay's clock. However slow the pipeline, every cycle runs at exactly
// its instant and none is skipped; the pace only sets how long the clock actor waits between two cycles.
// Pure code (no CAF); thread-safe.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "actors/clock/market_clock.hpp"

namespace g6 {

class stepping_clock final : public market_clock {
public:
  /// `instants` (at least one) are the cycle instants in ascending order; time stands at the first until
  /// step(). `speed` paces the steps: the next cycle starts (next − current) / speed of real time after
  /// the current one started, or as soon as it completed, whichever is later; no speed: as soon as it
  /// completed ("max"). Throws std::invalid_argument on an empty or unordered list or a speed not > 0.
  stepping_clock(std::vector<epoch_ms> instants, std::optional<double> speed);

  epoch_ms now() const override;
  /// The simulated duration at the pace (zero at "max").
  std::chrono::nanoseconds to_real(std::chrono::milliseconds simulated) const override;
  /// Stepped time never jumps.
  bool jump_to(epoch_ms t) override;
  bool is_simulated() const override { return true; }
  /// "steps:<first>..<last>@<speed>x" or "...@max".
  std::string describe() const override;
  bool is_stepping() const override { return true; }
  bool step() override;

private:
  const std::vector<epoch_ms> instants_;
  const std::optional<double> speed_;
  mutable std::mutex mutex_;
  size_t current_ = 0;
};

} // namespace g6
