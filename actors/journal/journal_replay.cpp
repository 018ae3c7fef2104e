#include "actors/journal/journal_replay.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "config/ist_time.hpp"

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

journal_clock::journal_clock(std::vector<epoch_ms> instants, double speed)
  : instants_(std::move(instants)), speed_(speed > 0 ? speed : 1) {
  if (instants_.empty())
    instants_.push_back(0);
}

void journal_clock::start() {
  std::lock_guard<std::mutex> guard{mutex_};
  if (!started_)
    started_ = std::chrono::steady_clock::now();
}

double journal_clock::simulated_ms() const {
  std::lock_guard<std::mutex> guard{mutex_};
  double elapsed = 0;
  if (started_)
    elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - *started_).count();
  return static_cast<double>(instants_.front()) + elapsed * speed_;
}

epoch_ms journal_clock::now() const {
  auto t = simulated_ms();
  auto after = std::upper_bound(instants_.begin(), instants_.end(), t,
                                [](double x, epoch_ms instant) { return x < static_cast<double>(instant); });
  return after == instants_.begin() ? instants_.front() : *std::prev(after);
}

std::chrono::nanoseconds journal_clock::to_real(std::chrono::milliseconds simulated) const {
  auto due = now() + simulated.count();
  auto next = std::lower_bound(instants_.begin(), instants_.end(), due);
  double wait_ms = next == instants_.end() ? static_cast<double>(simulated.count())
                                           : static_cast<double>(*next) - simulated_ms();
  return std::chrono::nanoseconds(static_cast<int64_t>(std::max(0.0, wait_ms) * 1e6 / speed_));
}

bool journal_clock::jump_to(epoch_ms) {
  // Replayed time only moves through the captured instants.
  return false;
}

std::string journal_clock::describe() const {
  return fmt::format("journal:{}..{}@{}x", format_ist(instants_.front()), format_ist(instants_.back()), speed_);
}

} // namespace g6
