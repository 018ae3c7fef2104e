#include "actors/provider/kite/option_ladders.hpp"

#include <algorithm>
#include <set>

namespace g6 {

option_ladders::option_ladders(std::span<const kite_instrument> rows) {
  std::map<chain_key, std::vector<std::pair<double, uint64_t>>> by_strike;
  for (auto& row : rows) {
    bool call = row.instrument_type == "CE";
    if (!call && row.instrument_type != "PE")
      continue;
    by_strike[{row.name, row.expiry, call}].emplace_back(row.strike, row.instrument_token);
  }
  for (auto& [key, strikes] : by_strike) {
    std::sort(strikes.begin(), strikes.end());
    auto& ladder = ladders_[key];
    for (auto& [strike, token] : strikes)
      ladder.push_back(token);
  }
  for (auto& [key, ladder] : ladders_)
    for (size_t i = 0; i < ladder.size(); ++i)
      place_[ladder[i]] = {&ladder, i};
}

std::vector<uint64_t> option_ladders::widen(std::span<const uint64_t> tokens, size_t margin) const {
  std::set<uint64_t> out;
  std::map<const std::vector<uint64_t>*, std::pair<size_t, size_t>> spans; // ladder -> lowest, highest rung
  for (auto token : tokens) {
    out.insert(token);
    auto at = place_.find(token);
    if (at == place_.end())
      continue;
    auto [ladder, rung] = at->second;
    auto [span, fresh] = spans.try_emplace(ladder, rung, rung);
    if (!fresh) {
      span->second.first = std::min(span->second.first, rung);
      span->second.second = std::max(span->second.second, rung);
    }
  }
  for (auto& [ladder, span] : spans) {
    auto from = span.first >= margin ? span.first - margin : 0;
    auto to = std::min(ladder->size() - 1, span.second + margin);
    for (auto rung = from; rung <= to; ++rung)
      out.insert((*ladder)[rung]);
  }
  return {out.begin(), out.end()};
}

} // namespace g6
