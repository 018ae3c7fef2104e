// journal_replay.hpp — what a replay needs from a journal: the provider's answers looked up by index and
// cycle instant, and the cycle instants a stepping clock (actors/clock/stepping_clock.hpp) walks through.
// Pure code (no CAF).
#pragma once

#include <map>
#include <string>
#include <vector>

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

} // namespace g6
