// journal_replay.hpp — what a replay needs from a journal: the provider's answers looked up by index and
// cycle instant, and a clock that steps through the journal's cycle instants. Pure code (no CAF).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "actors/clock/market_clock.hpp"
#include "actors/journal/journal_record.hpp"

namespace g6 {

/// A journal's answers, by index and the cycle instant they answered.
class journal_answers {
public:
  explicit journal_answers(std::vector<journal_record> records);

  /// The distinct cycle instants, ascending.
  const std::vector<epoch_ms>& cycle_instants() const { return instants_; }

  /// The instrument list in force at `t`: the latest captured at or before it.
  const instrument_list* instruments(const std::string& index, epoch_ms t) const;
  const index_spot* spot(const std::string& index, epoch_ms t) const;
  const quote_batch* quotes(const std::string& index, epoch_ms t) const;
  /// The index whose instrument lists name `token` (quote requests carry tokens, not the index).
  const std::string* index_of(uint64_t token) const;

private:
  struct per_index {
    std::map<epoch_ms, instrument_list> instruments;
    std::map<epoch_ms, index_spot> spots;
    std::map<epoch_ms, quote_batch> quotes;
  };
  std::map<std::string, per_index> by_index_;
  std::map<uint64_t, std::string> token_index_;
  std::vector<epoch_ms> instants_;
};

/// Time during a replay: the journal's own clock. Simulated time runs from the first captured instant at
/// `speed` times real time once start() was called (before, it stands at that instant); now() is the
/// latest captured cycle instant not after it, so every cycle runs at exactly the instant it ran at when
/// captured. to_real answers how long until the first captured instant at or after now() + the duration,
/// so the clock actor's next tick lands on the next captured cycle whatever the interval setting.
class journal_clock final : public market_clock {
public:
  journal_clock(std::vector<epoch_ms> instants, double speed);
  /// Lets simulated time run (the replay provider calls it on the first question of the first cycle).
  void start();
  epoch_ms now() const override;
  std::chrono::nanoseconds to_real(std::chrono::milliseconds simulated) const override;
  bool jump_to(epoch_ms t) override;
  bool is_simulated() const override { return true; }
  std::string describe() const override;

private:
  /// Simulated time: the first instant plus speed × real time since start.
  double simulated_ms() const;

  std::vector<epoch_ms> instants_;
  double speed_;
  mutable std::mutex mutex_;
  std::optional<std::chrono::steady_clock::time_point> started_;
};

} // namespace g6
