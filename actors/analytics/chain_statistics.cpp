#include "actors/analytics/chain_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "actors/analytics/black76.hpp"

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
  // Each strike's call and put OI, ascending by strike; then every strike's payout from running sums,
  // O(n log n) where trying each strike against every leg was O(strikes × legs).
  struct strike_oi {
    double strike;
    double calls;
    double puts;
  };
  std::vector<strike_oi> strikes;
  double total_oi = 0;
  for (auto& row : rows) {
    if (!usable_strike(row.strike))
      continue;
    auto oi = trusted(row.oi);
    auto call = row.type == option_type::call;
    strikes.push_back({row.strike, call ? oi : 0.0, call ? 0.0 : oi});
    total_oi += oi;
  }
  if (total_oi == 0)
    return absent;
  std::sort(strikes.begin(), strikes.end(), [](auto& a, auto& b) { return a.strike < b.strike; });
  size_t n = 0;
  for (auto& s : strikes) {
    if (n > 0 && strikes[n - 1].strike == s.strike) {
      strikes[n - 1].calls += s.calls;
      strikes[n - 1].puts += s.puts;
    } else {
      strikes[n++] = s;
    }
  }
  strikes.resize(n);
  // Puts above a strike pay Σ oi·(K − S) = Σ oi·K − S·Σ oi at settlement S.
  std::vector<double> put_payout(n);
  double put_oi = 0, put_value = 0;
  for (size_t j = n; j-- > 0;) {
    put_payout[j] = put_value - strikes[j].strike * put_oi;
    put_oi += strikes[j].puts;
    put_value += strikes[j].puts * strikes[j].strike;
  }
  // Calls below it pay S·Σ oi − Σ oi·K. The lowest strike wins a tie.
  double call_oi = 0, call_value = 0;
  auto best = absent;
  auto least = std::numeric_limits<double>::infinity();
  for (size_t j = 0; j < n; ++j) {
    auto payout = strikes[j].strike * call_oi - call_value + put_payout[j];
    if (payout < least) {
      least = payout;
      best = strikes[j].strike;
    }
    call_oi += strikes[j].calls;
    call_value += strikes[j].calls * strikes[j].strike;
  }
  return best;
}

namespace {

struct strike_ivs {
  double call = absent;
  double put = absent;
};

/// The IVs of each strike, ascending.
std::map<double, strike_ivs> ivs_by_strike(std::span<const option_row> rows) {
  std::map<double, strike_ivs> by_strike;
  for (auto& row : rows) {
    if (!usable_strike(row.strike) || !is_present(row.iv))
      continue;
    auto& ivs = by_strike[row.strike];
    (row.type == option_type::call ? ivs.call : ivs.put) = row.iv;
  }
  return by_strike;
}

/// The smile at a strike: its out-of-the-money leg's IV (the put below the forward, the call at or above
/// it), or the other leg's when only that one has an IV.
double smile_at(double strike, const strike_ivs& ivs, double forward) {
  auto otm = strike < forward ? ivs.put : ivs.call;
  auto itm = strike < forward ? ivs.call : ivs.put;
  return is_present(otm) ? otm : itm;
}

} // namespace

double atm_iv(std::span<const option_row> rows, double forward) {
  if (!(std::isfinite(forward) && forward > 0))
    return absent;
  auto by_strike = ivs_by_strike(rows);
  auto above = by_strike.lower_bound(forward); // first strike >= forward
  if (above == by_strike.end())
    return absent;
  if (above->first == forward)
    return smile_at(above->first, above->second, forward);
  if (above == by_strike.begin())
    return absent;
  auto below = std::prev(above);
  auto iv_below = smile_at(below->first, below->second, forward);
  auto iv_above = smile_at(above->first, above->second, forward);
  auto weight = (forward - below->first) / (above->first - below->first);
  return iv_below + weight * (iv_above - iv_below);
}

delta_skew skew_25_delta(std::span<const option_row> rows, double forward, double years, double atm) {
  delta_skew skew;
  if (!(std::isfinite(forward) && forward > 0 && std::isfinite(years) && years > 0))
    return skew;
  struct smile_point {
    double call_delta;
    double iv;
  };
  std::vector<smile_point> smile;
  for (auto& [strike, ivs] : ivs_by_strike(rows)) {
    auto iv = smile_at(strike, ivs, forward);
    auto std_dev = iv * std::sqrt(years);
    smile.push_back({normal_cdf(std::log(forward / strike) / std_dev + 0.5 * std_dev), iv});
  }
  // Call deltas fall as strikes rise; the IV where they cross `level`, linear in delta.
  auto iv_at = [&](size_t i, double level) {
    auto& a = smile[i];
    auto& b = smile[i + 1];
    return a.iv + (b.iv - a.iv) * (a.call_delta - level) / (a.call_delta - b.call_delta);
  };
  auto call_25 = absent; // the first crossing of 0.25 from the money outwards (strikes ascending)
  auto put_25 = absent;  // the last crossing of 0.75 (put delta −0.25) below it
  for (size_t i = 0; i + 1 < smile.size(); ++i) {
    if (!is_present(call_25) && smile[i].call_delta >= 0.25 && smile[i + 1].call_delta < 0.25)
      call_25 = iv_at(i, 0.25);
    if (smile[i].call_delta > 0.75 && smile[i + 1].call_delta <= 0.75)
      put_25 = iv_at(i, 0.75);
  }
  if (is_present(call_25) && is_present(put_25)) {
    skew.risk_reversal = call_25 - put_25;
    skew.butterfly = 0.5 * (call_25 + put_25) - atm;
  }
  return skew;
}

oi_breadth oi_change_breadth(std::span<const option_row> rows) {
  oi_breadth breadth;
  for (auto& row : rows) {
    auto call = row.type == option_type::call;
    if (row.oi_change > 0)
      ++(call ? breadth.calls_adding : breadth.puts_adding);
    else if (row.oi_change < 0)
      ++(call ? breadth.calls_shedding : breadth.puts_shedding);
  }
  return breadth;
}

} // namespace g6
