#include "actors/collector/cycle_bench_book.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "actors/collector/expiry_buckets.hpp"
#include "config/ist_time.hpp"

namespace g6 {

namespace {

constexpr std::array<std::string_view, 5> bench_indices{"NIFTY", "BANKNIFTY", "FINNIFTY", "MIDCPNIFTY", "SENSEX"};

/// Strikes are taken within this share of the level, inside the 20% the market quotes.
constexpr double strike_reach = 0.19;

/// The i-th strike nearest the money: ATM, one step above, one below, two above, ...
double nth_strike(double atm, double step, size_t i) {
  auto distance = static_cast<double>((i + 1) / 2);
  return i % 2 == 1 ? atm + distance * step : atm - distance * step;
}

/// `legs` options of `expiry` around `atm`: both legs of each strike, nearest the money first (a call
/// alone at the last strike when `legs` is odd).
std::vector<option_instrument> expiry_options(std::string_view index, const expiry_date& expiry, double atm,
                                              double step, size_t legs) {
  std::vector<option_instrument> options;
  for (size_t i = 0; options.size() < legs; ++i)
    for (auto type : {option_type::call, option_type::put})
      if (options.size() < legs)
        if (auto o = synthetic_instrument(index, expiry, nth_strike(atm, step, i), type))
          options.push_back(*std::move(o));
  std::sort(options.begin(), options.end(),
            [](auto& a, auto& b) { return a.strike != b.strike ? a.strike < b.strike : a.type < b.type; });
  return options;
}

bench_index index_share(const synthetic_market& market, std::string_view index, size_t legs, epoch_ms at,
                        size_t& most_strikes) {
  bench_index share;
  share.spot = *market.spot(index, at);
  auto step = *default_strike_step(index);
  auto atm = std::round(share.spot.last_price / step) * step;
  auto each_side = static_cast<size_t>(strike_reach * share.spot.last_price / step);
  auto per_expiry = 2 * (2 * each_side + 1);
  auto count = std::max<size_t>(1, (legs + per_expiry - 1) / per_expiry);
  auto today = ist_date(at);
  auto listed = expiries(index, today, static_cast<int>(count), exchange_calendar::builtin(exchange_of(index)));
  std::vector<day_number> dates;
  for (auto& e : listed)
    dates.push_back(e.date);
  auto buckets = assign_buckets(classify_expiries(dates), today);
  for (size_t j = 0; j < listed.size(); ++j) {
    planned_expiry e;
    e.expiry = listed[j].date;
    e.bucket = expiry_bucket::next_month;
    for (auto bucket : all_expiry_buckets)
      if (buckets[static_cast<size_t>(bucket)] == e.expiry) {
        if (e.bucket_mask == 0)
          e.bucket = bucket;
        e.bucket_mask |= bucket_bit(bucket);
      }
    auto expiry_legs = legs / count + (j < legs % count ? 1 : 0);
    e.options = expiry_options(index, listed[j], atm, step, expiry_legs);
    e.expected = static_cast<uint32_t>(e.options.size());
    most_strikes = std::max(most_strikes, (e.options.size() + 1) / 2);
    share.plan.expected_mask |= e.bucket_mask;
    share.plan.options_expected += e.expected;
    share.plan.expiries.push_back(std::move(e));
  }
  share.plan.atm = atm;
  return share;
}

} // namespace

cycle_bench_book make_cycle_bench_book(const synthetic_market& market, size_t options, epoch_ms at) {
  cycle_bench_book book;
  for (size_t i = 0; i < bench_indices.size(); ++i) {
    auto legs = options / bench_indices.size() + (i < options % bench_indices.size() ? 1 : 0);
    if (legs == 0)
      continue;
    book.indices.push_back(index_share(market, bench_indices[i], legs, at, book.most_strikes));
    book.options += book.indices.back().plan.options_expected;
    book.expiries += book.indices.back().plan.expiries.size();
  }
  return book;
}

quote_batch snapshot_quotes(const synthetic_market& market, const cycle_plan& plan, epoch_ms at) {
  quote_batch batch;
  for (auto& e : plan.expiries)
    for (auto& o : e.options) {
      if (auto q = market.quote(o.token, at))
        batch.quotes.push_back(*q);
      else
        batch.missing.push_back(o.token);
    }
  return batch;
}

} // namespace g6
