#include "actors/journal/journal_replay.hpp"

#include <set>

namespace g6 {

namespace {

template <class T>
const T* exactly_at(const std::map<epoch_ms, T>& answers, epoch_ms t) {
  auto i = answers.find(t);
  return i == answers.end() ? nullptr : &i->second;
}

} // namespace

journal_answers::journal_answers(std::vector<journal_record> records) {
  std::set<epoch_ms> instants;
  for (auto& r : records) {
    instants.insert(r.cycle_ts);
    auto& entry = by_index_[r.index];
    // A cycle asks each question once; a repeated answer (a retried request) replaces the earlier one,
    // as it did in the captured run.
    switch (r.kind) {
      case journal_kind::instruments:
        for (auto& option : r.instruments.options)
          token_index_[option.token] = r.index;
        entry.instruments[r.cycle_ts] = std::move(r.instruments);
        break;
      case journal_kind::spot:
        entry.spots[r.cycle_ts] = std::move(r.spot);
        break;
      case journal_kind::quotes:
        entry.quotes[r.cycle_ts] = std::move(r.quotes);
        break;
    }
  }
  instants_.assign(instants.begin(), instants.end());
}

const instrument_list* journal_answers::instruments(const std::string& index, epoch_ms t) const {
  auto i = by_index_.find(index);
  if (i == by_index_.end())
    return nullptr;
  auto& lists = i->second.instruments;
  auto after = lists.upper_bound(t);
  return after == lists.begin() ? nullptr : &std::prev(after)->second;
}

const index_spot* journal_answers::spot(const std::string& index, epoch_ms t) const {
  auto i = by_index_.find(index);
  return i == by_index_.end() ? nullptr : exactly_at(i->second.spots, t);
}

const quote_batch* journal_answers::quotes(const std::string& index, epoch_ms t) const {
  auto i = by_index_.find(index);
  return i == by_index_.end() ? nullptr : exactly_at(i->second.quotes, t);
}

const std::string* journal_answers::index_of(uint64_t token) const {
  auto i = token_index_.find(token);
  return i == token_index_.end() ? nullptr : &i->second;
}

} // namespace g6
