#define BOOST_TEST_MODULE synthetic_market
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <ostream>
#include <set>
#include <thread>

#include "actors/provider/synthetic_market.hpp"
#include "config/calendar.hpp"
#include "config/ist_time.hpp"
#include "config/synthetic_underlyings.hpp"

using namespace g6;

namespace g6 {
// For Boost.Test's messages.
std::ostream& operator<<(std::ostream& os, option_type x) {
  return os << to_string(x);
}
} // namespace g6

namespace {

constexpr uint64_t seed = 20261126;
const std::vector<std::string> five_indices{"NIFTY", "BANKNIFTY", "FINNIFTY", "MIDCPNIFTY", "SENSEX"};
// Thursday 15 Oct 2026: NSE is closed on Tue 20 Oct (Dussehra), Tue 10 Nov and Tue 24 Nov.
const day_number session = make_date(2026, 10, 15);

template <class T>
T value_of(const market_result<T>& result) {
  BOOST_REQUIRE_MESSAGE(result.has_value(), (result ? std::string{} : result.error().message));
  return *result;
}

bool on_tick(double price) {
  return std::abs(price * 20 - std::round(price * 20)) < 1e-6;
}

void check_same(const index_spot& a, const index_spot& b) {
  BOOST_TEST(a.index == b.index);
  BOOST_TEST(a.last_price == b.last_price);
  BOOST_TEST(a.prev_close == b.prev_close);
  BOOST_TEST(a.day_open == b.day_open);
  BOOST_TEST(a.day_high == b.day_high);
  BOOST_TEST(a.day_low == b.day_low);
  BOOST_TEST(a.ts == b.ts);
}

void check_same(const std::optional<option_quote>& a, const std::optional<option_quote>& b) {
  BOOST_REQUIRE(a.has_value() == b.has_value());
  if (!a)
    return;
  BOOST_TEST(a->token == b->token);
  BOOST_TEST(a->last_price == b->last_price);
  BOOST_TEST(a->bid == b->bid);
  BOOST_TEST(a->ask == b->ask);
  BOOST_TEST(a->volume == b->volume);
  BOOST_TEST(a->oi == b->oi);
  BOOST_TEST(a->oi_change == b->oi_change);
  BOOST_TEST(a->quote_ts == b->quote_ts);
}

void check_same(const instrument_list& a, const instrument_list& b) {
  BOOST_TEST(a.index == b.index);
  BOOST_TEST(a.strike_step == b.strike_step);
  BOOST_TEST(a.lot_size == b.lot_size);
  BOOST_TEST(a.expiries == b.expiries);
  BOOST_REQUIRE_EQUAL(a.options.size(), b.options.size());
  for (size_t i = 0; i < a.options.size(); ++i) {
    BOOST_TEST(a.options[i].token == b.options[i].token);
    BOOST_TEST(a.options[i].symbol == b.options[i].symbol);
    BOOST_TEST(a.options[i].expiry == b.options[i].expiry);
    BOOST_TEST(a.options[i].strike == b.options[i].strike);
    BOOST_TEST(a.options[i].type == b.options[i].type);
  }
}

// Instants over two sessions, a weekend and the hours around them.
std::vector<epoch_ms> sample_instants() {
  std::vector<epoch_ms> result;
  for (auto date = session; date <= session + 4; ++date)
    for (int hour : {8, 9, 10, 12, 15, 16})
      result.push_back(ist_instant(date, hour, 17, 23));
  return result;
}

// Options of one expiry by strike, call and put side by side.
struct chain_pair {
  option_instrument call;
  option_instrument put;
};
std::map<double, chain_pair> chain_of(const instrument_list& list, day_number expiry) {
  std::map<double, chain_pair> chain;
  for (const auto& option : list.options)
    if (option.expiry == expiry)
      (option.type == option_type::call ? chain[option.strike].call : chain[option.strike].put) = option;
  return chain;
}

} // namespace

BOOST_AUTO_TEST_CASE(same_seed_same_market_in_any_call_order) {
  synthetic_market first{seed};
  synthetic_market second{seed};
  auto instants = sample_instants();
  std::vector<index_spot> forward;
  for (auto t : instants)
    forward.push_back(value_of(first.spot("NIFTY", t)));
  for (size_t i = instants.size(); i-- > 0;)
    check_same(value_of(second.spot("NIFTY", instants[i])), forward[i]);

  for (const auto& index : five_indices)
    check_same(value_of(first.instruments(index, session)), value_of(second.instruments(index, session)));

  auto list = value_of(first.instruments("BANKNIFTY", session));
  std::vector<uint64_t> tokens;
  for (size_t i = 0; i < list.options.size(); i += 7)
    tokens.push_back(list.options[i].token);
  auto t = ist_instant(session, 13, 4, 5);
  std::vector<std::optional<option_quote>> in_order;
  for (auto token : tokens)
    in_order.push_back(first.quote(token, t));
  // A fresh market asked from two threads at once, in opposite orders.
  synthetic_market third{seed};
  std::vector<std::optional<option_quote>> from_a(tokens.size()), from_b(tokens.size());
  std::thread a{[&] {
    for (size_t i = 0; i < tokens.size(); ++i)
      from_a[i] = third.quote(tokens[i], t);
  }};
  std::thread b{[&] {
    for (size_t i = tokens.size(); i-- > 0;)
      from_b[i] = third.quote(tokens[i], t);
  }};
  a.join();
  b.join();
  for (size_t i = 0; i < tokens.size(); ++i) {
    BOOST_REQUIRE(in_order[i].has_value());
    check_same(from_a[i], in_order[i]);
    check_same(from_b[i], in_order[i]);
  }
}

BOOST_AUTO_TEST_CASE(different_seed_different_market) {
  synthetic_market one{seed};
  synthetic_market other{seed + 1};
  auto t = ist_instant(session, 11, 0);
  for (const auto& index : five_indices)
    BOOST_TEST(value_of(one.spot(index, t)).last_price != value_of(other.spot(index, t)).last_price);
}

BOOST_AUTO_TEST_CASE(expiries_follow_the_exchange_calendar) {
  synthetic_market market{seed};
  auto d = [](unsigned month, unsigned day) { return make_date(2026, month, day); };
  // NIFTY: the weeklies among the next four expiries (Tue 20 Oct and Tue 10 Nov are holidays, so
  // Mondays) and the next three monthlies (Tue 24 Nov is a holiday too).
  BOOST_TEST(value_of(market.instruments("NIFTY", session)).expiries
             == (std::vector<day_number>{d(10, 19), d(10, 27), d(11, 3), d(11, 9), d(11, 23), d(12, 29)}));
  for (std::string index : {"BANKNIFTY", "FINNIFTY", "MIDCPNIFTY"})
    BOOST_TEST(value_of(market.instruments(index, session)).expiries
               == (std::vector<day_number>{d(10, 27), d(11, 23), d(12, 29)}));
  // SENSEX on BSE, Thursdays: an expiry on the session itself is listed.
  BOOST_TEST(value_of(market.instruments("SENSEX", session)).expiries
             == (std::vector<day_number>{d(10, 15), d(10, 22), d(10, 29), d(11, 5), d(11, 26), d(12, 31)}));
  // The same expiries the calendar gives.
  auto calendar_dates = [&](std::string_view index, int count) {
    std::vector<day_number> dates;
    for (auto e : expiries(index, session, count, exchange_calendar::builtin(exchange_of(index))))
      dates.push_back(e.date);
    return dates;
  };
  BOOST_TEST(value_of(market.instruments("BANKNIFTY", session)).expiries == calendar_dates("BANKNIFTY", 3));
}

BOOST_AUTO_TEST_CASE(instruments_cover_strikes_types_and_decodable_tokens) {
  synthetic_market market{seed};
  const std::map<std::string, std::pair<double, int32_t>> step_and_lot{{"NIFTY", {50, 75}},
                                                                       {"BANKNIFTY", {100, 35}},
                                                                       {"FINNIFTY", {50, 65}},
                                                                       {"MIDCPNIFTY", {25, 140}},
                                                                       {"SENSEX", {100, 20}}};
  std::set<uint64_t> tokens;
  size_t options = 0;
  for (const auto& index : five_indices) {
    auto list = value_of(market.instruments(index, session));
    BOOST_TEST(list.index == index);
    BOOST_TEST(list.strike_step == step_and_lot.at(index).first);
    BOOST_TEST(list.lot_size == step_and_lot.at(index).second);
    // Strikes are centred on the previous close (the spot before the open).
    double prev_close = value_of(market.spot(index, ist_instant(session, 9, 0))).last_price;
    for (auto expiry : list.expiries) {
      auto chain = chain_of(list, expiry);
      BOOST_TEST_CONTEXT(index << " " << format_date(expiry)) {
        BOOST_TEST(chain.begin()->first <= prev_close * 0.9);
        BOOST_TEST(chain.rbegin()->first >= prev_close * 1.1);
        auto atm = std::round(prev_close / list.strike_step) * list.strike_step;
        BOOST_TEST(chain.count(atm) == 1u);
        BOOST_TEST(chain.begin()->first <= atm - 60 * list.strike_step);
        BOOST_TEST(chain.rbegin()->first >= atm + 60 * list.strike_step);
        BOOST_TEST(chain.rbegin()->first - chain.begin()->first
                   == list.strike_step * static_cast<double>(chain.size() - 1));
        for (const auto& [strike, pair] : chain) {
          BOOST_TEST(pair.call.type == option_type::call);
          BOOST_TEST(pair.put.type == option_type::put);
          BOOST_TEST(pair.call.strike == strike);
          BOOST_TEST(pair.put.strike == strike);
        }
      }
    }
    for (const auto& option : list.options) {
      ++options;
      tokens.insert(option.token);
      auto decoded = decode_synthetic_token(option.token);
      BOOST_REQUIRE(decoded.has_value());
      BOOST_TEST(decoded->index == index);
      BOOST_TEST(decoded->expiry == option.expiry);
      BOOST_TEST(decoded->strike == option.strike);
      BOOST_TEST(decoded->type == option.type);
      BOOST_TEST(option.token < (uint64_t{1} << 53));
    }
  }
  BOOST_TEST(tokens.size() == options);
}

BOOST_AUTO_TEST_CASE(trading_symbols_follow_the_exchange_scheme) {
  synthetic_market market{seed};
  auto list = value_of(market.instruments("NIFTY", session));
  auto find = [&](day_number expiry, double strike, option_type type) {
    for (const auto& option : list.options)
      if (option.expiry == expiry && option.strike == strike && option.type == type)
        return option.symbol;
    return std::string{"(not listed)"};
  };
  auto strike = list.options[list.options.size() / 2].strike;
  auto digits = std::to_string(std::llround(strike));
  BOOST_TEST(find(make_date(2026, 10, 19), strike, option_type::call) == "NIFTY26O19" + digits + "CE");
  BOOST_TEST(find(make_date(2026, 11, 3), strike, option_type::put) == "NIFTY26N03" + digits + "PE");
  BOOST_TEST(find(make_date(2026, 10, 27), strike, option_type::put) == "NIFTY26OCT" + digits + "PE");
  BOOST_TEST(find(make_date(2026, 12, 29), strike, option_type::call) == "NIFTY26DEC" + digits + "CE");
}

BOOST_AUTO_TEST_CASE(quotes_are_sane_and_arbitrage_free) {
  synthetic_market market{seed};
  auto t = ist_instant(session, 11, 0);
  for (const auto& index : five_indices) {
    auto list = value_of(market.instruments(index, session));
    auto spot = value_of(market.spot(index, t));
    for (auto expiry : list.expiries) {
      BOOST_TEST_CONTEXT(index << " " << format_date(expiry)) {
        double years = static_cast<double>(exchange_calendar::session_close(expiry) - t) / (365.0 * ms_per_day);
        double discount = std::exp(-0.065 * years);
        double previous_call = 1e18, previous_put = -1;
        for (const auto& [strike, pair] : chain_of(list, expiry)) {
          if (std::abs(strike / spot.last_price - 1) > 0.08)
            continue;
          auto call = market.quote(pair.call.token, t);
          auto put = market.quote(pair.put.token, t);
          BOOST_REQUIRE(call && put);
          for (const auto& q : {*call, *put}) {
            BOOST_TEST(q.last_price >= 0.05);
            BOOST_TEST(on_tick(q.last_price));
            BOOST_TEST(on_tick(q.bid));
            BOOST_TEST(on_tick(q.ask));
            BOOST_TEST(q.bid <= q.last_price);
            BOOST_TEST(q.last_price <= q.ask);
            BOOST_TEST(q.bid < q.ask);
            BOOST_TEST(q.quote_ts <= t);
            BOOST_TEST(q.quote_ts > t - 2000);
          }
          double call_mid = (call->bid + call->ask) / 2, put_mid = (put->bid + put->ask) / 2;
          // Calls cheapen and puts dearen as the strike rises (a tick of rounding allowed).
          BOOST_TEST(call_mid <= previous_call + 0.05);
          BOOST_TEST(put_mid >= previous_put - 0.05);
          previous_call = call_mid;
          previous_put = put_mid;
          // Put-call parity on the forward: C − P = DF·(F − K) = S − DF·K, within the spreads.
          double tolerance = (call->ask - call->bid) / 2 + (put->ask - put->bid) / 2 + 0.01;
          BOOST_TEST(std::abs((call_mid - put_mid) - (spot.last_price - discount * strike)) <= tolerance);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(at_the_money_options_are_tight_and_liquid) {
  synthetic_market market{seed};
  auto t = ist_instant(session, 14, 0);
  auto list = value_of(market.instruments("NIFTY", session));
  auto spot = value_of(market.spot("NIFTY", t)).last_price;
  auto chain = chain_of(list, list.expiries.front());
  auto atm = std::round(spot / 50) * 50;
  double near_oi = 0, far_oi = 0, near_volume = 0, far_volume = 0;
  double best_oi = -1, best_strike = 0;
  for (const auto& [strike, pair] : chain) {
    for (const auto& option : {pair.call, pair.put}) {
      auto q = market.quote(option.token, t);
      BOOST_REQUIRE(q);
      BOOST_TEST(std::fmod(q->oi, 75) == 0);
      BOOST_TEST(q->volume % 75 == 0);
      if (q->oi > best_oi) {
        best_oi = q->oi;
        best_strike = strike;
      }
      auto steps = std::abs(strike - atm) / 50;
      if (steps <= 5) {
        near_oi += q->oi;
        near_volume += static_cast<double>(q->volume);
        if (steps == 0)
          BOOST_TEST(q->ask - q->bid <= 0.5);
      } else if (steps >= 40 && steps <= 50) {
        far_oi += q->oi;
        far_volume += static_cast<double>(q->volume);
        BOOST_TEST(q->ask - q->bid >= 0.1);
      }
    }
  }
  BOOST_TEST(std::abs(best_strike - atm) <= 15 * 50);
  BOOST_TEST(near_oi > 20 * far_oi);
  BOOST_TEST(near_volume > 20 * far_volume);
}

BOOST_AUTO_TEST_CASE(open_interest_and_volume_move_through_the_day) {
  synthetic_market market{seed};
  auto list = value_of(market.instruments("NIFTY", session));
  auto token = chain_of(list, list.expiries.front()).begin()->second.call.token;
  for (auto& option : list.options)
    if (option.expiry == list.expiries.front() && option.type == option_type::put
        && std::abs(option.strike - value_of(market.spot("NIFTY", ist_instant(session, 9, 0))).last_price) < 50)
      token = option.token;
  auto before_open = market.quote(token, ist_instant(session, 9, 0));
  auto at_open = market.quote(token, ist_instant(session, 9, 15));
  auto midday = market.quote(token, ist_instant(session, 12, 30));
  auto at_close = market.quote(token, ist_instant(session, 15, 30));
  auto next_open = market.quote(token, ist_instant(session + 1, 9, 15));
  BOOST_REQUIRE(before_open && at_open && midday && at_close && next_open);
  // Before the open, the market shows the previous session's close: its full volume.
  BOOST_TEST(before_open->volume > 0);
  BOOST_TEST(at_open->volume == 0);
  BOOST_TEST(at_open->oi_change == 0);
  BOOST_TEST(midday->volume > 0);
  BOOST_TEST(at_close->volume > midday->volume);
  // Changes are against the previous close, which the next session starts from.
  BOOST_TEST(midday->oi - midday->oi_change == at_open->oi);
  BOOST_TEST(next_open->oi == at_close->oi);
  BOOST_TEST(next_open->oi_change == 0);
  BOOST_TEST(at_close->oi_change != 0);
}

BOOST_AUTO_TEST_CASE(the_index_walks_continuously_through_a_session) {
  synthetic_market market{seed};
  for (const auto& index : five_indices) {
    BOOST_TEST_CONTEXT(index) {
      auto open = value_of(market.spot(index, ist_instant(session, 9, 15)));
      BOOST_TEST(open.last_price == open.day_open);
      BOOST_TEST(open.day_high == open.day_open);
      BOOST_TEST(open.day_low == open.day_open);
      auto previous = open;
      for (int minute = 1; minute <= 375; ++minute) {
        auto t = ist_instant(session, 9, 15) + minute * 60000LL;
        auto now = value_of(market.spot(index, t));
        BOOST_TEST(now.ts == t);
        BOOST_TEST(now.day_open == open.day_open);
        BOOST_TEST(now.prev_close == open.prev_close);
        BOOST_TEST(now.day_low <= now.last_price);
        BOOST_TEST(now.last_price <= now.day_high);
        BOOST_TEST(now.day_high >= previous.day_high);
        BOOST_TEST(now.day_low <= previous.day_low);
        // About 0.05% a minute at 12–16% a year: 0.5% would be a ten-sigma minute.
        BOOST_TEST(std::abs(now.last_price / previous.last_price - 1) < 0.005);
        previous = now;
      }
      // After the close, before the next open and over the weekend the last session's close stands.
      auto close = previous;
      auto evening = value_of(market.spot(index, ist_instant(session, 20, 0)));
      BOOST_TEST(evening.last_price == close.last_price);
      BOOST_TEST(evening.ts == exchange_calendar::session_close(session));
      auto next = value_of(market.spot(index, ist_instant(session + 1, 9, 15)));
      BOOST_TEST(next.prev_close == close.last_price);
      // The overnight gap is small.
      BOOST_TEST(std::abs(next.day_open / close.last_price - 1) < 0.03);
      auto friday_close = value_of(market.spot(index, ist_instant(session + 1, 15, 30)));
      auto saturday = value_of(market.spot(index, ist_instant(session + 2, 11, 0)));
      BOOST_TEST(saturday.last_price == friday_close.last_price);
      BOOST_TEST(saturday.ts == friday_close.ts);
    }
  }
}

BOOST_AUTO_TEST_CASE(levels_stay_near_real_ones_over_a_year) {
  synthetic_market market{seed};
  const std::map<std::string, double> real{
    {"NIFTY", 26000}, {"BANKNIFTY", 59000}, {"FINNIFTY", 27500}, {"MIDCPNIFTY", 13500}, {"SENSEX", 85000}};
  for (const auto& [index, level] : real) {
    const auto& calendar = exchange_calendar::builtin(exchange_of(index));
    double sum_sq = 0;
    int days = 0;
    double last_close = 0;
    for (auto date : calendar.sessions(make_date(2026, 1, 1), make_date(2026, 12, 31))) {
      auto close = value_of(market.spot(index, exchange_calendar::session_close(date))).last_price;
      BOOST_TEST(std::abs(close / level - 1) < 0.25, index << " " << format_date(date) << ": " << close);
      if (last_close > 0) {
        sum_sq += std::pow(std::log(close / last_close), 2);
        ++days;
      }
      last_close = close;
    }
    // Annualised close-to-close volatility in the range of real index vol.
    double annual_vol = std::sqrt(sum_sq / days * 252);
    BOOST_TEST(annual_vol > 0.08, index << " " << annual_vol);
    BOOST_TEST(annual_vol < 0.25, index << " " << annual_vol);
  }
}

BOOST_AUTO_TEST_CASE(unknown_and_expired_instruments_are_not_quoted) {
  synthetic_market market{seed};
  auto t = ist_instant(session, 11, 0);
  BOOST_TEST(!market.quote(0, t).has_value());
  BOOST_TEST(!market.quote(12345, t).has_value());
  BOOST_TEST(!market.quote(~uint64_t{0}, t).has_value());

  auto list = value_of(market.instruments("NIFTY", session));
  auto strike = list.options[list.options.size() / 2].strike;
  auto weekly = make_date(2026, 10, 19);
  auto token = encode_synthetic_token({"NIFTY", weekly, strike, option_type::call});
  BOOST_REQUIRE(token);
  BOOST_TEST(market.quote(*token, ist_instant(weekly, 15, 0)).has_value());
  BOOST_TEST(market.quote(*token, ist_instant(weekly, 15, 30)).has_value());
  BOOST_TEST(!market.quote(*token, ist_instant(weekly, 15, 31)).has_value());
  BOOST_TEST(!market.quote(*token, ist_instant(weekly + 1, 10, 0)).has_value());
  // Wednesday 21 Oct 2026 is no NIFTY expiry; a strike of 50 is nowhere near the index.
  auto not_an_expiry = encode_synthetic_token({"NIFTY", make_date(2026, 10, 21), strike, option_type::put});
  BOOST_REQUIRE(not_an_expiry);
  BOOST_TEST(!market.quote(*not_an_expiry, t).has_value());
  auto far_strike = encode_synthetic_token({"NIFTY", weekly, 50, option_type::put});
  BOOST_REQUIRE(far_strike);
  BOOST_TEST(!market.quote(*far_strike, t).has_value());

  BOOST_TEST(!encode_synthetic_token({"NIFTY", weekly, strike + 10, option_type::put}).has_value());
  BOOST_TEST(!encode_synthetic_token({"DOWJONES", weekly, strike, option_type::put}).has_value());
}

BOOST_AUTO_TEST_CASE(stocks_list_monthlies_on_their_own_steps_and_are_quoted_across_their_listing) {
  synthetic_market market{seed};
  const std::map<std::string, std::pair<double, int32_t>> step_and_lot{
    {"RELIANCE", {10, 500}},   {"HDFCBANK", {5, 550}},    {"INFY", {20, 400}},       {"TCS", {20, 175}},
    {"SBIN", {5, 750}},        {"ICICIBANK", {10, 700}},  {"AXISBANK", {10, 625}},   {"ITC", {5, 1600}},
    {"LT", {20, 175}},         {"BHARTIARTL", {20, 475}}, {"KOTAKBANK", {20, 400}},  {"HINDUNILVR", {20, 300}},
    {"BAJFINANCE", {10, 750}}, {"MARUTI", {100, 50}},     {"SUNPHARMA", {20, 350}},  {"HCLTECH", {20, 350}},
    {"NTPC", {5, 1500}},       {"TITAN", {20, 175}},      {"ULTRACEMCO", {100, 50}}, {"ASIANPAINT", {20, 250}},
    {"ADANIENT", {20, 300}},   {"BAJAJFINSV", {20, 250}}, {"DRREDDY", {10, 625}},    {"CIPLA", {10, 375}}};
  BOOST_TEST(step_and_lot.size() + five_indices.size() == synthetic_underlyings().size());
  for (auto& [stock, expected] : step_and_lot) {
    BOOST_TEST_CONTEXT(stock) {
      auto list = value_of(market.instruments(stock, session));
      BOOST_TEST(list.strike_step == expected.first);
      BOOST_TEST(list.lot_size == expected.second);
      // NSE stock options: the three serial monthlies, on the last Tuesday (from Sep 2025).
      std::vector<day_number> monthlies;
      for (auto& e : expiries(stock, session, 3, exchange_calendar::builtin(exchange::nse))) {
        BOOST_TEST((e.kind == expiry_kind::monthly));
        monthlies.push_back(e.date);
      }
      BOOST_TEST(list.expiries == monthlies);
      BOOST_TEST(monthlies.front() == make_date(2026, 10, 27));
      auto spot = value_of(market.spot(stock, ist_instant(session, 11, 0)));
      BOOST_TEST(spot.last_price > 0);
      // Every listed option is quoted (the listing stays within the quoted 20% of the level) and its token
      // decodes to the stock.
      for (auto& option : list.options) {
        auto decoded = decode_synthetic_token(option.token);
        BOOST_REQUIRE(decoded.has_value());
        BOOST_TEST(decoded->index == stock);
        BOOST_TEST(market.quote(option.token, ist_instant(session, 11, 0)).has_value(), option.symbol);
      }
      BOOST_TEST(list.options.front().symbol.starts_with(stock + "26OCT"));
    }
  }
  // Tokens did not change when stocks came, nor when more came (a journal replays): the first seven
  // underlyings' are as they were with three bits for the underlying, the first fifteen's as with four.
  auto expiry = uint64_t(make_date(2026, 12, 1));
  BOOST_TEST(*encode_synthetic_token({"NIFTY", make_date(2026, 12, 1), 26000, option_type::put})
             == ((uint64_t{0x2D06} << 39) | (uint64_t{1} << 36) | (expiry << 19) | (uint64_t{520} << 1) | 1u));
  BOOST_TEST(*encode_synthetic_token({"SBIN", make_date(2026, 12, 1), 950, option_type::call})
             == ((uint64_t{0x1683} << 40) | (uint64_t{10} << 36) | (expiry << 19) | (uint64_t{190} << 1)));
}

BOOST_AUTO_TEST_CASE(unknown_index_is_a_typed_error) {
  synthetic_market market{seed};
  auto spot = market.spot("DOWJONES", ist_instant(session, 11, 0));
  BOOST_REQUIRE(!spot.has_value());
  BOOST_TEST(static_cast<int>(spot.error().code) == static_cast<int>(market_errc::unknown_index));
  BOOST_TEST(spot.error().message.find("'DOWJONES'") != std::string::npos);
  auto list = market.instruments("nifty", session);
  BOOST_REQUIRE(!list.has_value());
  BOOST_TEST(list.error().message.find("'nifty'") != std::string::npos);
}
