// sample_chains.hpp — a small database the web API tests read: NIFTY stored by the real SQLite store at
// two instants of 2026-11-26 (09:15 and 09:16 IST), strikes 24900/24950/25000 of the 2026-12-01
// (this_week) and 2026-12-08 (next_week) expiries, calls and puts, with an overview row per instant.
// Prices move by a known step between the two, so every figure the API derives can be checked by hand.
#pragma once

#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "actors/storage/sqlite_store.hpp"
#include "config/ist_time.hpp"

namespace g6::testing {

struct sample_chains {
  static constexpr double forward = 24960; // nearest strike 24950 = ATM
  epoch_ms open = ist_instant(make_date(2026, 11, 26), 9, 15);
  epoch_ms latest = ist_instant(make_date(2026, 11, 26), 9, 16);
  day_number this_week = make_date(2026, 12, 1);
  day_number next_week = make_date(2026, 12, 8);

  /// The call's last price of a strike at cycle `n` (0 or 1): 100 + (25000 - strike) / 10 + 5n.
  static double call_price(double strike, int n) { return 100 + (25000 - strike) / 10 + 5 * n; }
  /// The put's: 80 + (strike - 24900) / 10 - 3n.
  static double put_price(double strike, int n) { return 80 + (strike - 24900) / 10 - 3 * n; }

  cycle_batch batch(int n) const {
    cycle_batch b;
    b.cycle_id = static_cast<uint64_t>(n + 1);
    b.index = "NIFTY";
    b.ts = n == 0 ? open : latest;
    for (auto [expiry, bucket] :
         {std::pair{this_week, expiry_bucket::this_week}, std::pair{next_week, expiry_bucket::next_week}})
      for (double strike : {24900.0, 24950.0, 25000.0})
        for (auto type : {option_type::call, option_type::put}) {
          option_row r;
          r.ts = b.ts;
          r.index = "NIFTY";
          r.expiry = expiry;
          r.bucket = bucket;
          r.strike = strike;
          r.type = type;
          r.token = static_cast<uint64_t>(strike) * 10 + (type == option_type::call ? 1 : 2);
          r.symbol = "NIFTY" + std::to_string(static_cast<int>(strike)) + (type == option_type::call ? "CE" : "PE");
          r.last_price = type == option_type::call ? call_price(strike, n) : put_price(strike, n);
          r.bid = r.last_price - 0.5;
          r.ask = r.last_price + 0.5;
          r.volume = 1000 * (n + 1);
          r.oi = 50000 + strike;
          r.oi_change = 100 * n;
          r.iv = 0.14 + 0.01 * n;
          r.delta = type == option_type::call ? 0.5 : -0.5;
          r.underlying = forward - 10;
          r.forward = forward;
          r.quote_ts = b.ts;
          b.options.push_back(r);
        }
    b.overview.ts = b.ts;
    b.overview.index = "NIFTY";
    b.overview.underlying = 24950 + n;
    b.overview.atm_iv = {0.13 + 0.01 * n, 0.135, absent, absent};
    b.overview.pcr_oi = {1.1 + 0.1 * n, 1.0, absent, absent};
    b.overview.pcr_volume = {0.9, 0.8, absent, absent};
    b.overview.max_pain = {24950 - 50.0 * n, 25000, absent, absent};
    b.overview.options_expected = b.overview.options_collected = static_cast<uint32_t>(b.options.size());
    b.spot.index = "NIFTY";
    b.spot.last_price = b.overview.underlying;
    b.spot.ts = b.ts;
    return b;
  }

  /// Writes both cycles into `file` through the real store.
  void write(const std::filesystem::path& file) const {
    auto store = sqlite_store::open(file, storage_settings{});
    BOOST_TEST_REQUIRE(store.has_value());
    for (int n : {0, 1})
      BOOST_TEST_REQUIRE(store->store(batch(n)).has_value());
  }
};

} // namespace g6::testing
