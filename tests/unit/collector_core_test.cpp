#define BOOST_TEST_MODULE collector_core
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "actors/collector/expiry_buckets.hpp"
#include "actors/collector/sanitiser.hpp"
#include "actors/collector/strike_universe.hpp"
#include "config/ist_time.hpp"

using namespace g6;

namespace g6 {

std::ostream& boost_test_print_type(std::ostream& out, const expiry_date& e) {
  return out << format_date(e.date) << ' ' << to_string(e.kind);
}

} // namespace g6

namespace {

day_number d(const char* text) {
  auto date = parse_date(text);
  BOOST_REQUIRE_MESSAGE(date, text);
  return *date;
}

expiry_date weekly(const char* date) {
  return {d(date), expiry_kind::weekly};
}

expiry_date monthly(const char* date) {
  return {d(date), expiry_kind::monthly};
}

/// The buckets as "this_week=2026-03-17 next_week=- ..." so a failure reads as dates.
std::string describe(const bucket_assignment& buckets) {
  std::string text;
  for (auto bucket : all_expiry_buckets) {
    auto& date = buckets[static_cast<size_t>(bucket)];
    if (!text.empty())
      text += ' ';
    text += std::string{to_string(bucket)} + "=" + (date ? format_date(*date) : "-");
  }
  return text;
}

// NIFTY as the calendar lists it in March-May 2026 (Holi, Mahavir Jayanti and Ambedkar Jayanti shifts).
const std::vector<expiry_date> nifty{weekly("2026-03-17"),  weekly("2026-03-24"), monthly("2026-03-30"),
                                     weekly("2026-04-07"),  weekly("2026-04-13"), weekly("2026-04-21"),
                                     monthly("2026-04-28"), monthly("2026-05-26")};
const std::vector<expiry_date> banknifty{monthly("2026-03-30"), monthly("2026-04-28"), monthly("2026-05-26")};

std::string legs_text(const std::vector<option_leg>& legs) {
  std::string text;
  for (auto& leg : legs)
    text += (text.empty() ? "" : " ") + std::to_string(static_cast<int>(leg.strike))
            + std::string{leg.type == option_type::call ? "CE" : "PE"};
  return text;
}

std::vector<double> strikes_between(double low, double high, double step) {
  std::vector<double> strikes;
  for (auto s = low; s <= high; s += step)
    strikes.push_back(s);
  return strikes;
}

option_quote good_quote() {
  option_quote q;
  q.token = 1;
  q.last_price = 120.5;
  q.bid = 120.0;
  q.ask = 121.0;
  q.volume = 5000;
  q.oi = 250000;
  q.oi_change = -1500;
  q.quote_ts = 1'000'000;
  return q;
}

constexpr epoch_ms cycle = 1'000'000;
constexpr epoch_ms max_age = 300'000;

quote_verdict judge(const option_quote& q) {
  return sanitise(q, cycle, max_age);
}

} // namespace

BOOST_AUTO_TEST_SUITE(buckets)

BOOST_AUTO_TEST_CASE(mid_month) {
  BOOST_TEST(describe(assign_buckets(nifty, d("2026-03-12")))
             == "this_week=2026-03-17 next_week=2026-03-24 this_month=2026-03-30 next_month=2026-04-28");
}

BOOST_AUTO_TEST_CASE(on_the_day_of_the_monthly_expiry) {
  BOOST_TEST(describe(assign_buckets(nifty, d("2026-03-30")))
             == "this_week=2026-03-30 next_week=2026-04-07 this_month=2026-03-30 next_month=2026-04-28");
}

BOOST_AUTO_TEST_CASE(after_the_monthly_passed) {
  BOOST_TEST(describe(assign_buckets(nifty, d("2026-04-01")))
             == "this_week=2026-04-07 next_week=2026-04-13 this_month=2026-04-28 next_month=2026-05-26");
}

BOOST_AUTO_TEST_CASE(monthly_only_list_has_no_next_week) {
  BOOST_TEST(describe(assign_buckets(banknifty, d("2026-03-12")))
             == "this_week=2026-03-30 next_week=- this_month=2026-03-30 next_month=2026-04-28");
  BOOST_TEST(describe(assign_buckets(banknifty, d("2026-05-01")))
             == "this_week=2026-05-26 next_week=- this_month=2026-05-26 next_month=-");
}

BOOST_AUTO_TEST_CASE(nothing_listed_leaves_every_bucket_empty) {
  BOOST_TEST(describe(assign_buckets(nifty, d("2026-06-01"))) == "this_week=- next_week=- this_month=- next_month=-");
  BOOST_TEST(describe(assign_buckets({}, d("2026-03-12"))) == "this_week=- next_week=- this_month=- next_month=-");
}

BOOST_AUTO_TEST_CASE(classify_marks_the_last_expiry_of_each_month_monthly) {
  std::vector<day_number> dates{d("2026-04-13"), d("2026-03-17"), d("2026-03-30"), d("2026-03-24"), d("2026-04-07"),
                                d("2026-04-21"), d("2026-05-26"), d("2026-04-28"), d("2026-03-30")};
  auto classified = classify_expiries(dates);
  BOOST_TEST(classified == nifty, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(classify_agrees_with_the_calendar_for_nifty_2026) {
  auto listed = expiries("NIFTY", d("2026-01-01"), 52, exchange_calendar::builtin(exchange::nse));
  std::vector<day_number> dates;
  for (auto& e : listed)
    dates.push_back(e.date);
  BOOST_TEST(classify_expiries(dates) == listed, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(strikes)

BOOST_AUTO_TEST_CASE(atm_rounds_to_the_nearest_step_ties_up) {
  BOOST_TEST(*atm_strike(24524.99, 50) == 24500);
  BOOST_TEST(*atm_strike(24525, 50) == 24550);
  BOOST_TEST(*atm_strike(24574.9, 50) == 24550);
  BOOST_TEST(*atm_strike(12812.5, 25) == 12825);
  BOOST_TEST(*atm_strike(81449.99, 100) == 81400);
  BOOST_TEST(!atm_strike(std::nan(""), 50));
  BOOST_TEST(!atm_strike(24500, 0));
  BOOST_TEST(!atm_strike(-1, 50));
}

BOOST_AUTO_TEST_CASE(calls_and_puts_mirror_their_depths) {
  auto result = plan_strikes(24510, 50, 2, 1, strikes_between(24000, 25000, 50));
  BOOST_REQUIRE(result.has_value());
  auto& u = *result;
  BOOST_TEST(u.atm == 24500);
  // Calls: 2 in the money (below) to 1 out of the money (above); puts the other way round.
  BOOST_TEST(legs_text(u.legs) == "24400CE 24450CE 24450PE 24500CE 24500PE 24550CE 24550PE 24600PE");
  BOOST_TEST(u.unlisted.empty());
  BOOST_TEST(u.expected() == 8u);
}

BOOST_AUTO_TEST_CASE(unlisted_strikes_are_reported_not_collected) {
  std::vector<double> listed{24450, 24500, 24550, 24650}; // no 24400, 24600
  auto u = *plan_strikes(24490, 50, 2, 2, listed);
  BOOST_TEST(legs_text(u.legs) == "24450CE 24450PE 24500CE 24500PE 24550CE 24550PE");
  BOOST_TEST(legs_text(u.unlisted) == "24400CE 24400PE 24600CE 24600PE");
  BOOST_TEST(u.expected() == 10u);
}

BOOST_AUTO_TEST_CASE(zero_depth_is_the_atm_straddle) {
  auto u = *plan_strikes(12812.5, 25, 0, 0, strikes_between(12000, 13500, 25));
  BOOST_TEST(legs_text(u.legs) == "12825CE 12825PE");
}

BOOST_AUTO_TEST_CASE(no_strikes_at_or_below_zero) {
  auto u = *plan_strikes(60, 50, 2, 2, {50, 100, 150});
  BOOST_TEST(legs_text(u.legs) == "50CE 50PE 100CE 100PE 150CE 150PE");
  BOOST_TEST(u.unlisted.empty());
}

BOOST_AUTO_TEST_CASE(all_reaches_every_listed_strike_on_its_side) {
  // Listed 24000..25000 every 50, plus an off-step 24975 and a gap at 24850.
  auto listed = strikes_between(24000, 25000, 50);
  listed.erase(std::find(listed.begin(), listed.end(), 24850.0));
  listed.push_back(24975);
  std::sort(listed.begin(), listed.end());
  // In the money all: calls from the lowest listed strike up to ATM + 1, puts from ATM − 1 to the top.
  auto u = *plan_strikes(24510, 50, strike_depth::every(), 1, listed);
  size_t calls = 0, puts = 0;
  for (auto& leg : u.legs)
    (leg.type == option_type::call ? calls : puts)++;
  BOOST_TEST(calls == 12u); // 24000..24550
  BOOST_TEST(puts == 12u);  // 24450..25000 without 24850, with 24975
  BOOST_TEST(u.legs.front().strike == 24000);
  BOOST_TEST(u.legs.back().strike == 25000);
  BOOST_TEST(u.unlisted.empty()); // the gap is on the "all" side: nothing expected there
  // Both sides all: exactly the listed strikes, each with CE and PE.
  auto full = *plan_strikes(24510, 50, strike_depth::every(), strike_depth::every(), listed);
  BOOST_TEST(full.legs.size() == 2 * listed.size());
  BOOST_TEST(full.unlisted.empty());
  // A counted side still expects its unlisted grid strikes: OTM 8 reaches 24900, past the 24850 gap.
  auto mixed = *plan_strikes(24510, 50, strike_depth::every(), 8, listed);
  BOOST_TEST(legs_text(mixed.unlisted) == "24850CE");
}

BOOST_AUTO_TEST_CASE(bad_inputs_are_typed_errors) {
  auto code = [](const strike_result<strike_universe>& r) { return r.error().code; };
  BOOST_TEST((code(plan_strikes(std::nan(""), 50, 1, 1, {})) == strike_errc::bad_spot));
  BOOST_TEST((code(plan_strikes(24500, 0, 1, 1, {})) == strike_errc::bad_step));
  BOOST_TEST((code(plan_strikes(24500, 50, -1, 1, {})) == strike_errc::bad_depth));
  BOOST_TEST(plan_strikes(24500, 50, 1, -3, {}).error().message
             == "strike depth must be >= 0 (strikes_itm 1, strikes_otm -3)");
}

BOOST_AUTO_TEST_CASE(instruments_are_selected_by_expiry_strike_and_side) {
  instrument_list list;
  list.index = "NIFTY";
  list.strike_step = 50;
  auto near = d("2026-03-17"), far = d("2026-03-24");
  uint64_t token = 100;
  for (auto expiry : {near, far})
    for (double strike : {24450.0, 24500.0, 24550.0})
      for (auto type : {option_type::call, option_type::put}) {
        if (expiry == near && strike == 24550 && type == option_type::put)
          continue; // the provider lists only the CE here
        list.options.push_back({token++, "SYM", expiry, strike, type});
      }
  list.options.push_back({token++, "SYM", near, 24600, option_type::call});

  auto listings = listings_by_expiry(list);
  BOOST_REQUIRE(listings.size() == 2u);
  BOOST_TEST(listings[0].expiry == near);
  BOOST_TEST(listings[1].expiry == far);
  auto strikes = listings[0].strikes();
  BOOST_TEST(strikes == (std::vector<double>{24450, 24500, 24550, 24600}), boost::test_tools::per_element());

  std::vector<option_leg> legs{{24500, option_type::call}, {24500, option_type::put}, {24550, option_type::put}};
  auto selection = select_instruments(listings[0], legs);
  BOOST_REQUIRE(selection.instruments.size() == 2u);
  BOOST_TEST(selection.instruments[0].token == 102u);
  BOOST_TEST(selection.instruments[1].token == 103u);
  BOOST_TEST(selection.instruments[0].expiry == near);
  BOOST_TEST(legs_text(selection.missing) == "24550PE");

  auto far_selection = select_instruments(listings[1], legs);
  BOOST_TEST(far_selection.instruments.size() == 3u);
  BOOST_TEST(far_selection.missing.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sanitiser)

BOOST_AUTO_TEST_CASE(a_good_quote_is_kept_unflagged) {
  auto v = judge(good_quote());
  BOOST_TEST(v.kept());
  BOOST_TEST(v.flags == 0u);
}

BOOST_AUTO_TEST_CASE(nan_or_infinite_fields_drop) {
  for (auto field : {&option_quote::last_price, &option_quote::bid, &option_quote::ask, &option_quote::oi,
                     &option_quote::oi_change}) {
    auto q = good_quote();
    q.*field = std::numeric_limits<double>::quiet_NaN();
    BOOST_TEST((judge(q).dropped == drop_reason::nan));
    q.*field = std::numeric_limits<double>::infinity();
    BOOST_TEST((judge(q).dropped == drop_reason::nan));
  }
}

BOOST_AUTO_TEST_CASE(negative_values_drop) {
  for (auto field : {&option_quote::last_price, &option_quote::bid, &option_quote::ask, &option_quote::oi}) {
    auto q = good_quote();
    q.*field = -0.05;
    BOOST_TEST((judge(q).dropped == drop_reason::negative));
  }
  auto q = good_quote();
  q.volume = -1;
  BOOST_TEST((judge(q).dropped == drop_reason::negative));
  q = good_quote();
  q.oi_change = -250000; // open interest can fall
  BOOST_TEST(judge(q).kept());
}

BOOST_AUTO_TEST_CASE(nan_is_reported_before_negative) {
  auto q = good_quote();
  q.bid = -1;
  q.ask = std::nan("");
  BOOST_TEST((judge(q).dropped == drop_reason::nan));
}

BOOST_AUTO_TEST_CASE(crossed_book_drops_only_when_both_sides_quote) {
  auto q = good_quote();
  q.bid = 122;
  q.ask = 121;
  BOOST_TEST((judge(q).dropped == drop_reason::crossed));
  q.ask = 0;
  auto v = judge(q);
  BOOST_TEST(v.kept());
  BOOST_TEST(v.flags == flag_no_bid_ask);
}

BOOST_AUTO_TEST_CASE(no_price_at_all_drops_as_zero) {
  auto q = good_quote();
  q.last_price = 0;
  q.bid = 0;
  q.ask = 0;
  BOOST_TEST((judge(q).dropped == drop_reason::zero));
  q.ask = 2.5; // an offer alone is a price
  BOOST_TEST(judge(q).kept());
}

BOOST_AUTO_TEST_CASE(one_sided_book_is_flagged) {
  auto q = good_quote();
  q.bid = 0;
  BOOST_TEST(judge(q).flags == flag_no_bid_ask);
}

BOOST_AUTO_TEST_CASE(old_quotes_are_flagged_stale) {
  auto q = good_quote();
  q.quote_ts = cycle - max_age;
  BOOST_TEST(judge(q).flags == 0u);
  q.quote_ts = cycle - max_age - 1;
  BOOST_TEST(judge(q).flags == flag_stale);
  q.quote_ts = 0;
  BOOST_TEST(judge(q).flags == flag_stale);
}

BOOST_AUTO_TEST_CASE(flags_combine) {
  auto q = good_quote();
  q.last_price = 10;
  q.ask = 0;
  q.bid = 9.5;
  q.quote_ts = cycle - max_age - 1;
  BOOST_TEST(judge(q).flags == (flag_no_bid_ask | flag_stale));
}

BOOST_AUTO_TEST_CASE(drops_are_counted_per_reason) {
  drop_counts counts;
  counts.add(drop_reason::nan);
  counts.add(drop_reason::crossed);
  counts.add(drop_reason::crossed);
  BOOST_TEST(counts[drop_reason::nan] == 1u);
  BOOST_TEST(counts[drop_reason::negative] == 0u);
  BOOST_TEST(counts[drop_reason::crossed] == 2u);
  BOOST_TEST(counts.total() == 3u);
  std::string names;
  for (auto reason : all_drop_reasons)
    names += std::string{to_string(reason)} + " ";
  BOOST_TEST(names == "nan negative crossed zero ");
}

BOOST_AUTO_TEST_SUITE_END()
