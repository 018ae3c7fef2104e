#include "actors/provider/kite/ticker/ticker_plan.hpp"

#include <algorithm>

namespace g6 {

ticker_plan::ticker_plan(size_t connections, size_t per_connection)
  : per_connection_(per_connection), loads_(connections, 0) {}

ticker_replan ticker_plan::replan(const std::set<uint64_t>& wanted) {
  ticker_replan out;
  out.changes.resize(loads_.size());
  for (auto i = placed_.begin(); i != placed_.end();) {
    if (wanted.contains(i->first)) {
      ++i;
      continue;
    }
    out.changes[i->second].unsubscribe.push_back(i->first);
    --loads_[i->second];
    i = placed_.erase(i);
  }
  for (auto token : wanted) {
    if (placed_.contains(token))
      continue;
    auto room = std::find_if(loads_.begin(), loads_.end(), [&](size_t load) { return load < per_connection_; });
    if (room == loads_.end()) {
      out.left_out.push_back(token);
      continue;
    }
    auto connection = static_cast<size_t>(room - loads_.begin());
    placed_.emplace(token, connection);
    ++*room;
    out.changes[connection].subscribe.push_back(token);
  }
  return out;
}

std::vector<uint64_t> ticker_plan::instruments_of(size_t connection) const {
  std::vector<uint64_t> out;
  for (auto& [token, where] : placed_)
    if (where == connection)
      out.push_back(token);
  return out;
}

bool instrument_demand::ask(const std::vector<uint64_t>& tokens, int64_t now_ms) {
  newest_ms_ = std::max(newest_ms_, now_ms);
  bool added = false;
  for (auto token : tokens)
    added |= last_asked_.insert_or_assign(token, now_ms).second;
  return added;
}

bool instrument_demand::forget_unwanted() {
  return std::erase_if(last_asked_, [&](const auto& entry) { return newest_ms_ - entry.second > window_ms_; }) > 0;
}

std::set<uint64_t> instrument_demand::wanted() const {
  std::set<uint64_t> result;
  for (auto& [token, when] : last_asked_)
    result.insert(token);
  return result;
}

} // namespace g6
