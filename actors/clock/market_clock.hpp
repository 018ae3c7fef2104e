// market_clock.hpp — where g6 gets "now": the real clock, or a simulated one that starts at an IST
// instant, runs at N× speed and jumps over closed periods, so tests and demos run whole trading days
// in seconds. Pure code (no CAF); thread-safe, shared by the actors that need time.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "config/calendar.hpp"
#include "messages/market.hpp"

namespace g6 {

/// The fastest a simulated or replayed clock may run: a million times real time (a trading day in 23 ms).
constexpr double max_clock_speed = 1e6;

/// The real duration of `simulated` on a clock running at `speed` (> 0), rounded up and saturating at the
/// longest representable duration.
std::chrono::nanoseconds scaled_to_real(std::chrono::milliseconds simulated, double speed);

class market_clock {
public:
  virtual ~market_clock() = default;
  /// The current instant.
  virtual epoch_ms now() const = 0;
  /// Real duration that corresponds to a simulated duration (identity for the real clock).
  virtual std::chrono::nanoseconds to_real(std::chrono::milliseconds simulated) const = 0;
  /// Jump forward to `t` (no-op for the real clock, which can only wait). Returns whether it jumped.
  virtual bool jump_to(epoch_ms t) = 0;
  virtual bool is_simulated() const = 0;
  /// "real" or "sim:<ISO start>@<speed>x".
  virtual std::string describe() const = 0;
  /// Whether time moves only when the clock actor steps it, one cycle instant after the other (a replay's
  /// clock), rather than running on its own.
  virtual bool is_stepping() const { return false; }
  /// A stepping clock moves to its next instant (the clock actor calls it once the cycle at the current
  /// one completed); false when there is none, and always for a clock that runs on its own.
  virtual bool step() { return false; }
};

class real_clock final : public market_clock {
public:
  epoch_ms now() const override;
  std::chrono::nanoseconds to_real(std::chrono::milliseconds simulated) const override;
  bool jump_to(epoch_ms t) override;
  bool is_simulated() const override { return false; }
  std::string describe() const override { return "real"; }
};

/// Simulated time: now() = start + speed × (wall time since construction) + jumps.
class simulated_clock final : public market_clock {
public:
  simulated_clock(epoch_ms start, double speed);
  epoch_ms now() const override;
  std::chrono::nanoseconds to_real(std::chrono::milliseconds simulated) const override;
  bool jump_to(epoch_ms t) override;
  bool is_simulated() const override { return true; }
  std::string describe() const override;
  double speed() const { return speed_; }

private:
  epoch_ms start_;
  double speed_;
  std::chrono::steady_clock::time_point wall_start_;
  mutable std::mutex mutex_;
  epoch_ms jumped_ms_ = 0; // total forward jumps
};

/// Parses "real" or "sim:2026-11-26T09:15:00+05:30@60x" (speed in (0, max_clock_speed], the trailing x
/// optional).
/// On error returns nullptr and sets `error` to a message naming the bad part.
std::shared_ptr<market_clock> make_clock(std::string_view spec, std::string& error);

} // namespace g6
