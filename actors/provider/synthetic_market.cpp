#include "actors/provider/synthetic_market.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <utility>

#include "config/calendar.hpp"
#include "config/ist_time.hpp"
#include "config/synthetic_underlyings.hpp"

namespace g6 {

namespace {

constexpr double tick = 0.05;
constexpr double risk_free_rate = 0.065;
constexpr int session_minutes = 375; // 09:15 to 15:30
constexpr double ms_per_year = 365.0 * ms_per_day;

const auto profiles = synthetic_underlyings();

std::optional<uint32_t> profile_id(std::string_view index) {
  for (uint32_t i = 0; i < profiles.size(); ++i)
    if (profiles[i].name == index)
      return i;
  return std::nullopt;
}

const exchange_calendar& calendar_of(uint32_t id) {
  return exchange_calendar::builtin(exchange_of(profiles[id].name));
}

unexpected<market_error> unknown_index(std::string_view index) {
  return unexpected{market_error{market_errc::unknown_index, "unknown underlying '" + std::string{index}
                                                               + "' (the synthetic market knows "
                                                               + synthetic_underlying_names() + ")"}};
}

// --- Deterministic randomness: every draw hashes (seed, stream, keys...) -------------------------

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Separate streams keep unrelated draws with equal keys independent.
enum class stream : uint64_t { anchor = 1, close, gap, walk, day_vol, trade, lag, oi, volume, fault };

template <class... Keys>
uint64_t draw(uint64_t seed, stream s, Keys... keys) {
  uint64_t h = splitmix64(seed ^ splitmix64(static_cast<uint64_t>(s)));
  ((h = splitmix64(h ^ static_cast<uint64_t>(keys))), ...);
  return h;
}

// In (0, 1).
double uniform(uint64_t h) {
  return (static_cast<double>(h >> 11) + 0.5) * 0x1p-53;
}

// Standard normal (Box-Muller on two uniforms derived from h).
double gaussian(uint64_t h) {
  constexpr double two_pi = 6.283185307179586;
  return std::sqrt(-2.0 * std::log(uniform(h))) * std::cos(two_pi * uniform(splitmix64(h)));
}

// --- Index levels --------------------------------------------------------------------------------

// The anchor wanders around the base level: smooth noise through knots three weeks apart.
constexpr day_number anchor_knot_days = 21;
constexpr double anchor_knot_sd = 0.035;
constexpr double overnight_gap_sd = 0.003;

day_number floor_div(day_number a, day_number b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

double anchor_level(uint64_t seed, uint32_t id, day_number date) {
  auto knot = floor_div(date, anchor_knot_days);
  double frac = static_cast<double>(date - knot * anchor_knot_days) / anchor_knot_days;
  double a = anchor_knot_sd * gaussian(draw(seed, stream::anchor, id, knot));
  double b = anchor_knot_sd * gaussian(draw(seed, stream::anchor, id, knot + 1));
  double smooth = frac * frac * (3 - 2 * frac);
  return profiles[id].base_level * std::exp(a + (b - a) * smooth);
}

// A session closes near the next day's anchor, off it by a daily deviation that gives close-to-close
// returns the index's volatility.
double session_close_level(uint64_t seed, uint32_t id, day_number session) {
  double deviation_sd = profiles[id].vol / std::sqrt(2 * 252.0);
  return anchor_level(seed, id, session + 1)
         * std::exp(deviation_sd * gaussian(draw(seed, stream::close, id, session)));
}

double previous_close_level(uint64_t seed, uint32_t id, day_number session) {
  return session_close_level(seed, id, calendar_of(id).previous_trading_day(session));
}

/// One session's index path at each minute from the open, with running highs and lows.
struct session_path {
  double prev_close = 0;
  std::array<double, session_minutes + 1> level{};
  std::array<double, session_minutes + 1> high{};
  std::array<double, session_minutes + 1> low{};
};

// A Brownian bridge in log space from the open (the previous close plus an overnight gap) to the close.
session_path walk_session(uint64_t seed, uint32_t id, day_number session) {
  session_path path;
  path.prev_close = previous_close_level(seed, id, session);
  double open = path.prev_close * std::exp(overnight_gap_sd * gaussian(draw(seed, stream::gap, id, session)));
  double target = std::log(session_close_level(seed, id, session) / open);
  double minute_sd = profiles[id].vol / std::sqrt(252.0 * session_minutes);
  std::array<double, session_minutes + 1> walk{};
  for (int m = 1; m <= session_minutes; ++m)
    walk[m] = walk[m - 1] + minute_sd * gaussian(draw(seed, stream::walk, id, session, m));
  for (int m = 0; m <= session_minutes; ++m) {
    double bridge = walk[m] + (target - walk[session_minutes]) * m / session_minutes;
    path.level[m] = open * std::exp(bridge);
    path.high[m] = m == 0 ? path.level[m] : std::max(path.high[m - 1], path.level[m]);
    path.low[m] = m == 0 ? path.level[m] : std::min(path.low[m - 1], path.level[m]);
  }
  return path;
}

/// The market as of an instant: the session it belongs to and where in it.
struct market_moment {
  day_number session = 0;
  epoch_ms at = 0;     // the instant clamped into the session's hours
  double fraction = 0; // of the session elapsed at `at`, 0 to 1
  int minute = 0;      // minutes since the open at `at`
  double level = 0;
  double high = 0;
  double low = 0;
  std::shared_ptr<const session_path> path;
};

// Before the open and on closed days, the market stands at the last session's close.
day_number session_of(const exchange_calendar& calendar, epoch_ms t) {
  auto date = ist_date(t);
  if (calendar.is_trading_day(date) && t >= exchange_calendar::session_open(date))
    return date;
  return calendar.previous_trading_day(date);
}

double round_to(double x, double unit) {
  return std::round(x / unit) * unit;
}

// --- Tokens and symbols --------------------------------------------------------------------------

// Bit layout, kept under 2^53 so tokens survive JSON and JavaScript:
// [0] type, [1..18] strike / step, [19..35] expiry day number, [36..40] underlying field, [41..52] magic.
// The field is (id + 17) mod 32, so that tokens a journal holds still decode as they did: until the stocks of
// late 2025 came, the field was four bits of id + 1 under the magic 0x1683 from bit 40, whose lowest bit (1)
// is now the field's highest; before that, three bits under 0x2D06 from bit 39, whose lowest bit was 0.
constexpr uint64_t strike_bits = 18, expiry_bits = 17, index_bits = 5;
constexpr uint64_t token_magic = 0xB41;
constexpr uint64_t strike_shift = 1, expiry_shift = strike_shift + strike_bits,
                   index_shift = expiry_shift + expiry_bits, magic_shift = index_shift + index_bits;
constexpr uint64_t index_codes = uint64_t{1} << index_bits, index_offset = 17;

uint64_t field(uint64_t token, uint64_t shift, uint64_t bits) {
  return (token >> shift) & ((uint64_t{1} << bits) - 1);
}

double strike_step_of(uint32_t id) {
  return default_strike_step(profiles[id].name).value_or(50);
}

std::string two_digits(unsigned x) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02u", x % 100);
  return buf;
}

// NIFTY25D0225000CE (weekly) or NIFTY25DEC25000CE (monthly).
std::string trading_symbol(std::string_view index, const expiry_date& expiry, double strike, option_type type) {
  static constexpr std::array<std::string_view, 12> month_names{"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                                "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  static constexpr std::string_view month_codes = "123456789OND";
  auto ymd = std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{expiry.date}}};
  auto month = static_cast<unsigned>(ymd.month()) - 1;
  std::string symbol{index};
  symbol += two_digits(static_cast<unsigned>(static_cast<int>(ymd.year()) % 100));
  if (expiry.kind == expiry_kind::monthly) {
    symbol += month_names[month];
  } else {
    symbol += month_codes[month];
    symbol += two_digits(static_cast<unsigned>(ymd.day()));
  }
  symbol += std::to_string(std::llround(strike));
  symbol += to_string(type);
  return symbol;
}

// --- Pricing -------------------------------------------------------------------------------------

double normal_cdf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

// Black-76: the discounted price of a European option on the forward.
double black76(option_type type, double forward, double strike, double years, double vol) {
  double discount = std::exp(-risk_free_rate * years);
  double sd = vol * std::sqrt(years);
  if (sd <= 0)
    return discount * std::max(type == option_type::call ? forward - strike : strike - forward, 0.0);
  double d1 = (std::log(forward / strike) + sd * sd / 2) / sd;
  double d2 = d1 - sd;
  if (type == option_type::call)
    return discount * (forward * normal_cdf(d1) - strike * normal_cdf(d2));
  return discount * (strike * normal_cdf(-d2) - forward * normal_cdf(-d1));
}

// At-the-money vol of a session and maturity: the index's level, varying by day, rising with term.
double atm_vol(uint64_t seed, uint32_t id, day_number session, double years) {
  double of_day = profiles[id].vol * std::exp(0.08 * gaussian(draw(seed, stream::day_vol, id, session)));
  return of_day * (1 + 0.15 * std::sqrt(years));
}

// Moneyness in standard deviations: ln(K/F) over the at-the-money vol to expiry (at least a day).
double std_moneyness(double strike, double forward, double atm, double years) {
  return std::log(strike / forward) / (atm * std::sqrt(std::max(years, 1.0 / 365)));
}

// The smile: skew lifts low strikes, curvature lifts both wings; flat beyond four deviations so the
// wings stay free of arbitrage.
double smile_vol(double atm, double moneyness) {
  double x = std::clamp(moneyness, -4.0, 4.0);
  return atm * (1 - 0.08 * x + 0.02 * x * x);
}

double floor_tick(double x) {
  return std::floor(x * 20 + 1e-9) / 20;
}
double ceil_tick(double x) {
  return std::ceil(x * 20 - 1e-9) / 20;
}
double round_tick(double x) {
  return std::round(x * 20) / 20;
}

// Open interest at a session's close, in contracts: concentrated near the money (calls just above,
// puts just below), larger for near expiries, with per-strike noise.
double closing_oi_contracts(uint64_t seed, uint32_t id, uint64_t token, const synthetic_token& option,
                            day_number session) {
  double level = session_close_level(seed, id, session);
  double years = std::max(
    static_cast<double>(exchange_calendar::session_close(option.expiry) - exchange_calendar::session_close(session))
      / ms_per_year,
    1.0 / 365);
  double forward = level * std::exp(risk_free_rate * years);
  double x = std_moneyness(option.strike, forward, profiles[id].vol, years);
  double peak = option.type == option_type::call ? 0.5 : -0.5;
  double profile = std::exp(-(x - peak) * (x - peak) / (2 * 1.5 * 1.5));
  double term = 1 / (1 + 8 * years);
  double noise = std::exp(0.25 * gaussian(draw(seed, stream::oi, token, session)));
  return std::round(profiles[id].atm_contracts * profile * term * noise);
}

// Cumulative share of a day's volume traded by `fraction` of the session: busier at open and close.
double volume_share(double fraction) {
  constexpr double two_pi = 6.283185307179586;
  return fraction + 0.3 * std::sin(two_pi * fraction) / two_pi;
}

} // namespace

double seeded_uniform(uint64_t seed, uint64_t key, uint64_t subkey) {
  return uniform(draw(seed, stream::fault, key, subkey));
}

// --- Tokens --------------------------------------------------------------------------------------

std::optional<uint64_t> encode_synthetic_token(const synthetic_token& option) {
  auto id = profile_id(option.index);
  if (!id || *id >= index_codes || option.expiry < 0 || option.expiry >= (day_number{1} << expiry_bits))
    return std::nullopt;
  double units = option.strike / strike_step_of(*id);
  auto whole = std::llround(units);
  if (whole <= 0 || whole >= (1LL << strike_bits) || std::abs(units - static_cast<double>(whole)) > 1e-9)
    return std::nullopt;
  return (token_magic << magic_shift) | (((*id + index_offset) % index_codes) << index_shift)
         | (static_cast<uint64_t>(option.expiry) << expiry_shift) | (static_cast<uint64_t>(whole) << strike_shift)
         | static_cast<uint64_t>(option.type);
}

std::optional<synthetic_token> decode_synthetic_token(uint64_t token) {
  if ((token >> magic_shift) != token_magic)
    return std::nullopt;
  auto id = static_cast<uint32_t>((field(token, index_shift, index_bits) + index_codes - index_offset) % index_codes);
  auto units = field(token, strike_shift, strike_bits);
  if (id >= profiles.size() || units == 0)
    return std::nullopt;
  return synthetic_token{profiles[id].name, static_cast<day_number>(field(token, expiry_shift, expiry_bits)),
                         static_cast<double>(units) * strike_step_of(id),
                         (token & 1) ? option_type::put : option_type::call};
}

std::optional<option_instrument> synthetic_instrument(std::string_view index, const expiry_date& expiry, double strike,
                                                      option_type type) {
  auto token = encode_synthetic_token({index, expiry.date, strike, type});
  if (!token)
    return std::nullopt;
  return option_instrument{*token, trading_symbol(index, expiry, strike, type), expiry.date, strike, type};
}

// --- The market ----------------------------------------------------------------------------------

struct synthetic_market::session_cache {
  // Paths are recomputed after eviction; this only bounds memory.
  static constexpr size_t capacity = 256;
  std::mutex mutex;
  std::map<std::pair<uint32_t, day_number>, std::shared_ptr<const session_path>> paths;

  std::shared_ptr<const session_path> path(uint64_t seed, uint32_t id, day_number session) {
    auto key = std::make_pair(id, session);
    {
      std::lock_guard<std::mutex> guard{mutex};
      if (auto i = paths.find(key); i != paths.end())
        return i->second;
    }
    auto computed = std::make_shared<const session_path>(walk_session(seed, id, session));
    std::lock_guard<std::mutex> guard{mutex};
    if (paths.size() >= capacity)
      paths.clear();
    return paths.emplace(key, std::move(computed)).first->second;
  }

  market_moment moment(uint64_t seed, uint32_t id, epoch_ms t) {
    market_moment m;
    m.session = session_of(calendar_of(id), t);
    auto open = exchange_calendar::session_open(m.session);
    auto close = exchange_calendar::session_close(m.session);
    m.at = std::clamp(t, open, close);
    m.path = path(seed, id, m.session);
    double minutes = static_cast<double>(m.at - open) / 60000.0;
    m.minute = std::min(static_cast<int>(minutes), session_minutes - 1);
    double within = minutes - m.minute;
    m.level = m.path->level[m.minute] + within * (m.path->level[m.minute + 1] - m.path->level[m.minute]);
    m.high = std::max(m.path->high[m.minute], m.level);
    m.low = std::min(m.path->low[m.minute], m.level);
    m.fraction = static_cast<double>(m.at - open) / static_cast<double>(close - open);
    return m;
  }
};

synthetic_market::synthetic_market(uint64_t seed) : seed_{seed}, cache_{std::make_shared<session_cache>()} {}

market_result<index_spot> synthetic_market::spot(std::string_view index, epoch_ms t) const {
  auto id = profile_id(index);
  if (!id)
    return unknown_index(index);
  auto m = cache_->moment(seed_, *id, t);
  index_spot result;
  result.index = std::string{index};
  result.last_price = round_to(m.level, 0.01);
  result.prev_close = round_to(m.path->prev_close, 0.01);
  result.day_open = round_to(m.path->level[0], 0.01);
  result.day_high = round_to(m.high, 0.01);
  result.day_low = round_to(m.low, 0.01);
  result.ts = m.at;
  return result;
}

market_result<instrument_list> synthetic_market::instruments(std::string_view index, day_number session) const {
  auto id = profile_id(index);
  if (!id)
    return unknown_index(index);
  // Twenty expiries reach past the third monthly even for weekly indices.
  auto upcoming = expiries(index, session, 20, calendar_of(*id));
  if (upcoming.empty())
    return unexpected{market_error{market_errc::no_expiry_rules,
                                   "no expiry rules for " + std::string{index} + " on " + format_date(session)}};
  std::vector<expiry_date> listed;
  int monthlies = 0;
  for (size_t i = 0; i < upcoming.size(); ++i) {
    bool near_weekly = i < 4 && upcoming[i].kind == expiry_kind::weekly;
    bool early_monthly = upcoming[i].kind == expiry_kind::monthly && monthlies < 3;
    if (upcoming[i].kind == expiry_kind::monthly)
      ++monthlies;
    if (near_weekly || early_monthly)
      listed.push_back(upcoming[i]);
  }
  // Strikes around the previous close, as the exchange lists them before the open: ±10% of the level,
  // at least 60 strikes on each side of the money for an index and 20 for a stock, never beyond 18% (a
  // strike 20% away is not quoted).
  double step = strike_step_of(*id);
  double centre = previous_close_level(seed_, *id, session);
  auto atm_units = std::llround(centre / step);
  auto at_least = is_known_index(index) ? 60LL : 20LL;
  auto each_side = std::min(std::max(at_least, static_cast<long long>(std::ceil(0.10 * centre / step))),
                            static_cast<long long>(std::floor(0.18 * centre / step)));
  instrument_list result;
  result.index = std::string{index};
  result.strike_step = step;
  result.lot_size = profiles[*id].lot_size;
  for (const auto& expiry : listed) {
    result.expiries.push_back(expiry.date);
    for (auto units = std::max(1LL, atm_units - each_side); units <= atm_units + each_side; ++units) {
      for (auto type : {option_type::call, option_type::put}) {
        if (auto option = synthetic_instrument(index, expiry, static_cast<double>(units) * step, type))
          result.options.push_back(*std::move(option));
      }
    }
  }
  return result;
}

std::optional<option_quote> synthetic_market::quote(uint64_t token, epoch_ms t) const {
  auto option = decode_synthetic_token(token);
  if (!option)
    return std::nullopt;
  auto id = *profile_id(option->index);
  const auto& calendar = calendar_of(id);
  auto expiry_close = exchange_calendar::session_close(option->expiry);
  if (t > expiry_close)
    return std::nullopt;
  auto next = expiries(option->index, option->expiry, 1, calendar);
  if (next.empty() || next.front().date != option->expiry)
    return std::nullopt;
  auto m = cache_->moment(seed_, id, t);
  if (std::abs(option->strike / m.level - 1) > 0.20)
    return std::nullopt;

  double years = static_cast<double>(expiry_close - m.at) / ms_per_year;
  double forward = m.level * std::exp(risk_free_rate * years);
  double atm = atm_vol(seed_, id, m.session, years);
  double x = std_moneyness(option->strike, forward, atm, years);
  double fair = black76(option->type, forward, option->strike, years, smile_vol(atm, x));

  // A tick or two at the money, wider away from it and for dear options.
  double half_spread = tick * (1 + std::abs(x)) * (1 + fair / 500);
  option_quote q;
  q.token = token;
  q.bid = std::max(0.0, floor_tick(fair - half_spread));
  q.ask = std::max(q.bid + tick, ceil_tick(fair + half_spread));
  double trade_at = uniform(draw(seed_, stream::trade, token, m.session, m.minute));
  q.last_price = std::max(tick, round_tick(q.bid + trade_at * (q.ask - q.bid)));

  auto previous = calendar.previous_trading_day(m.session);
  double oi_before = closing_oi_contracts(seed_, id, token, *option, previous);
  double oi_after = closing_oi_contracts(seed_, id, token, *option, m.session);
  auto lot = profiles[id].lot_size;
  q.oi = std::round(oi_before + m.fraction * (oi_after - oi_before)) * lot;
  q.oi_change = q.oi - oi_before * lot;
  // A day's turnover: a few times the open interest at the money, less in the wings.
  double turnover =
    (0.5 + 2.5 * std::exp(-x * x / 2)) * std::exp(0.3 * gaussian(draw(seed_, stream::volume, token, m.session)));
  q.volume = std::llround(oi_after * turnover * volume_share(m.fraction)) * lot;
  q.quote_ts = m.at - static_cast<epoch_ms>(uniform(draw(seed_, stream::lag, token, m.at / 60000)) * 1500);
  return q;
}

} // namespace g6
