// priced_chain.hpp — a NIFTY-like option chain whose premiums come from Black-76 at a known forward and
// smile, for tests that must recover them (chain analysis, live re-pricing).
#pragma once

#include <cmath>
#include <string>

#include "actors/analytics/black76.hpp"
#include "actors/analytics/chain_analysis.hpp"
#include "config/ist_time.hpp"

namespace g6::testing {

/// A NIFTY-like chain priced with Black-76 on a forward away from spot·e^{rT} (as dividends would put
/// it) at a skewed smile, so analyze_chain must find both from the premiums alone.
struct priced_chain {
  static constexpr double spot = 24000;
  static constexpr double forward = 24100;
  static constexpr double rate = 0.065;
  day_number expiry = make_date(2026, 12, 1);
  epoch_ms now = ist_instant(make_date(2026, 11, 26), 10, 0);
  // 5 days and 5 h 30 min to 15:30 IST on the expiry day.
  double years = 7530 / (365.0 * 24 * 60);

  static double smile(double strike) {
    auto x = std::log(strike / forward);
    return 0.14 - 0.08 * x + 0.4 * x * x;
  }

  chain_request request() const {
    chain_request request;
    request.index = "NIFTY";
    request.ts = now;
    request.spot = spot;
    expiry_chain chain;
    chain.expiry = expiry;
    chain.bucket = expiry_bucket::this_week;
    uint64_t token = 1;
    for (double strike = 23000; strike <= 25000; strike += 250)
      for (auto type : {option_type::call, option_type::put}) {
        black76_option option{type, forward, strike, years, std::exp(-rate * years)};
        chain_leg leg;
        leg.instrument = {token, "NIFTY" + std::to_string(token), expiry, strike, type};
        leg.quote.token = token++;
        leg.quote.last_price = black76_price(option, smile(strike));
        leg.quote.oi = type == option_type::call ? 1000 : 1500;
        leg.quote.volume = type == option_type::call ? 400 : 100;
        leg.quote.quote_ts = now - 1000;
        chain.legs.push_back(leg);
      }
    request.expiries.push_back(chain);
    return request;
  }

  /// The analytics parameters the chain was priced under.
  static analytics_params params() {
    analytics_params params;
    params.risk_free_rate = rate;
    return params;
  }
};

} // namespace g6::testing
