#include "actors/analytics/chain_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace g6 {

namespace {

double trusted(double x) {
  return std::isfinite(x) && x > 0 ? x : 0.0;
}

double trusted(int64_t x) {
  return x > 0 ? static_cast<double>(x) : 0.0;
}

template <class Field>
double put_call_ratio(std::span<const option_row> rows, Field field) {
  double puts = 0;
  double calls = 0;
  for (auto& row : rows)
    (row.type == option_type::put ? puts : calls) += trusted(field(row));
  return calls > 0 ? puts / calls : absent;
}

bool usable_strike(double strike) {
  return std::isfinite(strike) && strike > 0;
}

} // namespace

double pcr_by_oi(std::span<const option_row> rows) {
  return put_call_ratio(rows, [](const option_row& row) { return row.oi; });
}

double pcr_by_volume(std::span<const option_row> rows) {
  return put_call_ratio(rows, [](const option_row& row) { return row.volume; });
}

double max_pain(std::span<const option_row> rows) {
  std::vector<double> strikes;
  double total_oi = 0;
  for (auto& row : rows) {
    if (!usable_strike(row.strike))
      continue;
    strikes.push_back(row.strike);
    total_oi += trusted(row.oi);
  }
  if (total_oi == 0)
    return absent;
  std::sort(strikes.begin(), strikes.end());
  strikes.erase(std::unique(strikes.begin(), strikes.end()), strikes.end());
  auto payout_at = [&](double settlement) {
    double payout = 0;
    for (auto& row : rows) {
      if (!usable_strike(row.strike))
        continue;
      auto moneyness = row.type == option_type::call ? settlement - row.strike
                                                     : row.strike - settlement;
      payout += trusted(row.oi) * std::max(moneyness, 0.0);
    }
    return payout;
  };
  auto best = strikes.front();
  auto least = payout_at(best);
  for (auto strike : strikes) {
    auto payout = payout_at(strike);
    if (payout < least) {
      least = payout;
      best = strike;
    }
  }
  return best;
}

double atm_iv(std::span<const option_row> rows, double forward) {
  if (!(std::isfinite(forward) && forward > 0))
    return absent;
  struct strike_ivs {
    double call = absent;
    double put = absent;
  };
  std::map<double, strike_ivs> by_strike;
  for (auto& row : rows) {
    if (!usable_strike(row.strike) || !is_present(row.iv))
      continue;
    auto& ivs = by_strike[row.strike];
    (row.type == option_type::call ? ivs.call : ivs.put) = row.iv;
  }
  auto smile_at = [&](double strike, const strike_ivs& ivs) {
    auto otm = strike < forward ? ivs.put : ivs.call;
    auto itm = strike < forward ? ivs.call : ivs.put;
    return is_present(otm) ? otm : itm;
  };
  auto above = by_strike.lower_bound(forward); // first strike >= forward
  if (above == by_strike.end())
    return absent;
  if (above->first == forward)
    return smile_at(above->first, above->second);
  if (above == by_strike.begin())
    return absent;
  auto below = std::prev(above);
  auto iv_below = smile_at(below->first, below->second);
  auto iv_above = smile_at(above->first, above->second);
  auto weight = (forward - below->first) / (above->first - below->first);
  return iv_below + weight * (iv_above - iv_below);
}

} // namespace g6
