// market.hpp — the market data every component exchanges: instruments, quotes, analysed rows, cycle
// batches. Plain structs with no CAF dependency, so pure code (pricing, storage, parsers) can use them;
// their CAF `inspect` overloads live in messages/inspect.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/cycle_status.hpp"
#include "messages/enum_names.hpp"

namespace g6 {

/// An instant: milliseconds since the Unix epoch, UTC.
using epoch_ms = int64_t;

/// A value that could not be computed (no IV for the price, no PCR without puts). Stored as NULL.
/// NaN rather than std::optional because CAF 0.17 cannot serialise std::optional.
inline constexpr double absent = std::numeric_limits<double>::quiet_NaN();
inline bool is_present(double x) {
  return x == x;
}

/// The system clock now. It stamps events and commits; market logic takes its time from a market_clock
/// (actors/clock/market_clock.hpp) so that simulated days work.
epoch_ms wall_clock_ms();

/// A calendar date: days since 1970-01-01 (std::chrono::sys_days::time_since_epoch().count()).
using day_number = int32_t;

enum class option_type : uint8_t { call = 0, put = 1 };

/// "CE" or "PE", the exchange's spelling.
std::string_view to_string(option_type x);

/// The four expiry slots the collectors fill, in the original platform's order (mask bit = value), and
/// `none` for a collected expiry that fills no slot (a full chain's other expiries): its rows carry their
/// expiry date and an empty bucket. `none` has no mask bit and no overview figures.
enum class expiry_bucket : uint8_t { this_week = 0, next_week = 1, this_month = 2, next_month = 3, none = 4 };
inline constexpr int expiry_bucket_count = 4; // the slots; `none` is not one
inline constexpr std::array<expiry_bucket, expiry_bucket_count> all_expiry_buckets{
  expiry_bucket::this_week, expiry_bucket::next_week, expiry_bucket::this_month, expiry_bucket::next_month};

inline constexpr enum_names<expiry_bucket, 5> expiry_bucket_names{{
  {expiry_bucket::this_week, "this_week"},
  {expiry_bucket::next_week, "next_week"},
  {expiry_bucket::this_month, "this_month"},
  {expiry_bucket::next_month, "next_month"},
  {expiry_bucket::none, ""},
}};

/// "this_week", "next_week", "this_month", "next_month", "" for none.
constexpr std::string_view to_string(expiry_bucket x) {
  return name_of(expiry_bucket_names, x);
}
/// The bucket a word names; "" is none (as storage holds it).
constexpr std::optional<expiry_bucket> parse_expiry_bucket(std::string_view text) {
  return value_named(expiry_bucket_names, text);
}
/// One of the four slots, not none.
constexpr bool is_slot(expiry_bucket x) {
  return static_cast<uint8_t>(x) < expiry_bucket_count;
}
/// The mask bit of a slot; 0 for none.
inline constexpr uint8_t bucket_bit(expiry_bucket x) {
  return is_slot(x) ? static_cast<uint8_t>(1u << static_cast<uint8_t>(x)) : uint8_t{0};
}

/// Quality flags carried by a quote row (bit set).
enum quote_flag : uint32_t {
  flag_below_intrinsic = 1u << 0, // premium under the model's discounted intrinsic value: kept, no IV
  flag_iv_failed = 1u << 1,       // IV solver found no volatility for the price
  flag_no_bid_ask = 1u << 2,      // one side of the book is empty
  flag_stale = 1u << 3,           // quote older than the cycle's freshness limit
};

/// One tradable option, as the provider's instrument list describes it.
struct option_instrument {
  uint64_t token = 0;
  std::string symbol; // exchange trading symbol, e.g. NIFTY25D0225000CE
  day_number expiry = 0;
  double strike = 0;
  option_type type = option_type::call;
};

/// Everything the provider knows about an index's option universe on one trading day.
struct instrument_list {
  std::string index;
  double strike_step = 0;
  int32_t lot_size = 0;
  std::vector<day_number> expiries; // ascending
  std::vector<option_instrument> options;
};

/// The underlying index level.
struct index_spot {
  std::string index;
  double last_price = 0;
  double prev_close = 0;
  double day_open = 0;
  double day_high = 0;
  double day_low = 0;
  epoch_ms ts = 0;
};

/// One option's quote. NaN and negative values are possible: providers are not trusted.
struct option_quote {
  uint64_t token = 0;
  double last_price = 0;
  double bid = 0;
  double ask = 0;
  int64_t volume = 0;
  double oi = 0;
  double oi_change = 0; // against the previous session's close
  epoch_ms quote_ts = 0;
};

/// A provider's answer to a quote request: instruments it could not quote are listed as missing.
struct quote_batch {
  std::vector<option_quote> quotes;
  std::vector<uint64_t> missing;
};

/// One leg of a chain handed to analytics: what it is, and its sanitised quote.
struct chain_leg {
  option_instrument instrument;
  option_quote quote;
  uint32_t flags = 0;
};

/// All legs of one expiry.
struct expiry_chain {
  day_number expiry = 0;
  expiry_bucket bucket = expiry_bucket::this_week;
  std::vector<chain_leg> legs;
};

/// A whole index chain for one cycle.
struct chain_request {
  std::string index;
  epoch_ms ts = 0;
  double spot = 0;
  std::vector<expiry_chain> expiries;
};

/// A stored option row: the quote plus everything analytics derived from it.
/// Units: iv as a fraction (0.15), theta per calendar day, vega per vol point (1%), rho per 1% rate.
struct option_row {
  epoch_ms ts = 0;
  std::string index;
  day_number expiry = 0;
  expiry_bucket bucket = expiry_bucket::this_week;
  double strike = 0;
  option_type type = option_type::call;
  uint64_t token = 0;
  std::string symbol;
  double last_price = 0;
  double bid = 0;
  double ask = 0;
  int64_t volume = 0;
  double oi = 0;
  double oi_change = 0;
  double iv = absent;
  double delta = absent;
  double gamma = absent;
  double theta = absent;
  double vega = absent;
  double rho = absent;
  double underlying = 0;
  double forward = 0;
  epoch_ms quote_ts = 0;
  uint32_t flags = 0;
};

/// Per-expiry statistics computed by analytics.
struct expiry_stats {
  day_number expiry = 0;
  expiry_bucket bucket = expiry_bucket::this_week;
  double forward = 0;
  double years_to_expiry = 0;
  double pcr_oi = absent;
  double pcr_volume = absent;
  double atm_iv = absent;
  double max_pain = absent;
  uint32_t iv_solved = 0;
  uint32_t iv_failed = 0;
  double rr25 = absent;         // 25-delta risk reversal: IV(+0.25 call) − IV(−0.25 put), as a fraction
  double bf25 = absent;         // 25-delta butterfly: mean of those two IVs − ATM IV
  uint32_t calls_adding_oi = 0; // legs whose OI rose since the previous session, and fell
  uint32_t calls_shedding_oi = 0;
  uint32_t puts_adding_oi = 0;
  uint32_t puts_shedding_oi = 0;
};

/// Whether an expiry's volatility smile could be fitted (actors/analytics/vol_surface.hpp), and if not,
/// why.
enum class surface_status : uint8_t {
  fitted,
  too_few_points, // fewer usable out-of-the-money quotes than the five parameters need
  one_sided,      // quotes on one side of the forward only
  no_forward,     // the expiry has no forward to measure moneyness from
  expired,        // T ≤ 0
  disabled,       // the surface is switched off in the config
};

inline constexpr enum_names<surface_status, 6> surface_status_names{{
  {surface_status::fitted, "fitted"},
  {surface_status::too_few_points, "too_few_points"},
  {surface_status::one_sided, "one_sided"},
  {surface_status::no_forward, "no_forward"},
  {surface_status::expired, "expired"},
  {surface_status::disabled, "disabled"},
}};

constexpr std::string_view to_string(surface_status x) {
  return name_of(surface_status_names, x);
}
constexpr std::optional<surface_status> parse_surface_status(std::string_view text) {
  return value_named(surface_status_names, text);
}

/// One expiry's fitted raw-SVI smile, w(k) = a + b(ρ(k − m) + √((k − m)² + σ²)) in total variance over
/// log-moneyness k = ln(K/F), with its fit quality, no-arbitrage checks and the figures read off it.
/// Parameters and figures are absent unless status == fitted.
struct surface_slice {
  day_number expiry = 0;
  expiry_bucket bucket = expiry_bucket::this_week;
  surface_status status = surface_status::too_few_points;
  double years = 0;
  double forward = absent;
  double a = absent;
  double b = absent;
  double rho = absent;
  double m = absent;
  double sigma = absent;
  uint32_t points_used = 0;
  uint32_t excluded = 0;        // out-of-the-money quotes left out: stale, crossed, no premium, no IV
  double rmse_vol_pts = absent; // vega-weighted, in vol points (1 = 1% volatility)
  double max_err_vol_pts = absent;
  double k_min = absent; // the quoted range of log-moneyness
  double k_max = absent;
  bool butterfly_ok = true; // Durrleman's g(k) ≥ 0 over the quoted range and the wings
  double butterfly_worst_k = absent;
  bool wing_ok = true;     // Lee: b(1 + |ρ|) ≤ 2
  bool calendar_ok = true; // total variance at or above the previous fitted expiry's at every k
  double calendar_worst_k = absent;
  double atm_iv = absent; // the fitted curve's IV at the forward
  double rr25 = absent;   // its 25-delta risk reversal and butterfly, as fractions
  double bf25 = absent;
  double atm_skew = absent; // dσ/dk at the forward
  int64_t fit_us = 0;       // wall time of the fit
};

/// What analytics returns for a chain_request.
struct chain_result {
  std::vector<option_row> rows;
  std::vector<expiry_stats> expiries;
  std::vector<surface_slice> surfaces; // one per expiry, in the request's order
};

/// One overview row per index per cycle (the original platform's overview file).
struct overview_row {
  epoch_ms ts = 0;
  std::string index;
  double underlying = 0;
  double day_high = 0;
  double day_low = 0;
  double day_width = 0;
  std::array<double, expiry_bucket_count> pcr_oi{absent, absent, absent, absent};
  std::array<double, expiry_bucket_count> pcr_volume{absent, absent, absent, absent};
  std::array<double, expiry_bucket_count> atm_iv{absent, absent, absent, absent};
  uint8_t expected_mask = 0;
  uint8_t collected_mask = 0;
  uint8_t missing_mask = 0;
  uint32_t options_expected = 0;
  uint32_t options_collected = 0;
  std::array<double, expiry_bucket_count> max_pain{absent, absent, absent, absent};
  std::array<double, expiry_bucket_count> rr25{absent, absent, absent, absent};
  std::array<double, expiry_bucket_count> bf25{absent, absent, absent, absent};
  /// OI-change breadth per bucket; −1 where the bucket has no statistics.
  std::array<int32_t, expiry_bucket_count> calls_adding_oi{-1, -1, -1, -1};
  std::array<int32_t, expiry_bucket_count> calls_shedding_oi{-1, -1, -1, -1};
  std::array<int32_t, expiry_bucket_count> puts_adding_oi{-1, -1, -1, -1};
  std::array<int32_t, expiry_bucket_count> puts_shedding_oi{-1, -1, -1, -1};
  /// The same figures read off the bucket's fitted smile (absent where it has no fit).
  std::array<double, expiry_bucket_count> fit_atm_iv{absent, absent, absent, absent};
  std::array<double, expiry_bucket_count> fit_rr25{absent, absent, absent, absent};
  std::array<double, expiry_bucket_count> fit_bf25{absent, absent, absent, absent};
  std::array<double, expiry_bucket_count> fit_atm_skew{absent, absent, absent, absent};
};

/// What a collector hands to storage once per cycle; stored in one transaction, idempotently.
struct cycle_batch {
  uint64_t cycle_id = 0;
  std::string index;
  epoch_ms ts = 0;
  std::vector<option_row> options;
  overview_row overview;
  index_spot spot; // the index level the cycle priced against (the sinks' net and day changes use it)
  std::vector<surface_slice> surfaces;
};

/// How one index fared in one cycle.
struct index_cycle_result {
  std::string index;
  cycle_status status = cycle_status::failed;
  uint32_t options_expected = 0;
  uint32_t options_collected = 0;
  uint32_t dropped = 0; // sanitiser drops
  int64_t latency_us = 0;
  std::string error;
};

/// One row of the cycles table.
struct cycle_record {
  uint64_t cycle_id = 0;
  epoch_ms started = 0;
  epoch_ms ended = 0;
  cycle_status status = cycle_status::failed;
  std::vector<index_cycle_result> indices;
};

/// One row of the events table: restarts, breaker transitions, injected faults, provider errors.
struct event_record {
  epoch_ms ts = 0;
  std::string component;
  std::string kind;
  std::string detail;
};

} // namespace g6
