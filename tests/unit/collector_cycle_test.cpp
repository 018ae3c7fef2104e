#define BOOST_TEST_MODULE collector_cycle
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "actors/collector/collector_cycle.hpp"
#include "config/ist_time.hpp"

using namespace g6;

namespace {

// NIFTY-like list on Thu 2026-11-26: weeklies on Tuesdays 1, 8 Dec; monthlies 29 Dec 2026 and
// 26 Jan 2027; strikes 25000..27000 every 50.
instrument_list nifty_list() {
  instrument_list list;
  list.index = "NIFTY";
  list.strike_step = 50;
  list.lot_size = 75;
  list.expiries = {make_date(2026, 12, 1), make_date(2026, 12, 8), make_date(2026, 12, 29), make_date(2027, 1, 26)};
  uint64_t token = 1;
  for (auto expiry : list.expiries)
    for (double k = 25000; k <= 27000; k += 50)
      for (auto type : {option_type::call, option_type::put})
        list.options.push_back({token++, "NIFTY" + std::to_string(token), expiry, k, type});
  return list;
}

index_settings nifty(std::vector<expiry_bucket> buckets, int itm, int otm) {
  index_settings s;
  s.name = "NIFTY";
  s.expiries = std::move(buckets);
  s.strikes_itm = itm;
  s.strikes_otm = otm;
  return s;
}

const day_number today = make_date(2026, 11, 26);
const epoch_ms cycle_ts = ist_instant(today, 10, 0);

} // namespace

BOOST_AUTO_TEST_CASE(plan_covers_each_configured_bucket_with_atm_plus_minus_depth) {
  auto plan = plan_cycle(
    nifty({expiry_bucket::this_week, expiry_bucket::next_week, expiry_bucket::this_month, expiry_bucket::next_month}, 2,
          3),
    nifty_list(), 26012, today);
  BOOST_TEST(plan.atm == 26000);
  BOOST_TEST(plan.expected_mask == 15);
  BOOST_TEST_REQUIRE(plan.expiries.size() == 4u);
  BOOST_TEST(plan.expiries[0].expiry == make_date(2026, 12, 1));
  BOOST_TEST(plan.expiries[3].expiry == make_date(2027, 1, 26));
  // Calls 25900..26150, puts 25850..26100: 6 legs each.
  BOOST_TEST(plan.expiries[0].expected == 12u);
  BOOST_TEST(plan.expiries[0].options.size() == 12u);
  BOOST_TEST(plan.options_expected == 48u);
  BOOST_TEST(plan.tokens().size() == 48u);
}

BOOST_AUTO_TEST_CASE(buckets_naming_the_same_expiry_share_one_collection) {
  // On the Tuesday 29 Dec 2026 the nearest expiry is also the month's.
  auto list = nifty_list();
  auto plan = plan_cycle(nifty({expiry_bucket::this_week, expiry_bucket::this_month}, 1, 1), list, 26000,
                         make_date(2026, 12, 29));
  BOOST_TEST_REQUIRE(plan.expiries.size() == 1u);
  BOOST_TEST(plan.expiries[0].bucket_mask
             == (bucket_bit(expiry_bucket::this_week) | bucket_bit(expiry_bucket::this_month)));
  BOOST_TEST((plan.expiries[0].bucket == expiry_bucket::this_week));
}

BOOST_AUTO_TEST_CASE(strikes_beyond_the_listing_are_expected_but_not_asked_for) {
  auto plan = plan_cycle(nifty({expiry_bucket::this_week}, 3, 3), nifty_list(), 26990, today);
  BOOST_TEST_REQUIRE(plan.expiries.size() == 1u);
  // ATM 27000 is the top listed strike: calls 27050..27150 and puts 27050..27150 are not listed.
  BOOST_TEST(plan.expiries[0].expected == 14u);
  BOOST_TEST(plan.expiries[0].options.size() == 8u);
}

BOOST_AUTO_TEST_CASE(assemble_drops_bad_quotes_and_counts_unanswered_ones) {
  auto plan = plan_cycle(nifty({expiry_bucket::this_week}, 1, 1), nifty_list(), 26000, today);
  auto& options = plan.expiries[0].options;
  BOOST_TEST_REQUIRE(options.size() == 6u);
  quote_batch batch;
  for (size_t i = 0; i < 4; ++i) {
    option_quote q;
    q.token = options[i].token;
    q.last_price = 100;
    q.bid = 99.5;
    q.ask = 100.5;
    q.quote_ts = cycle_ts;
    batch.quotes.push_back(q);
  }
  batch.quotes[1].last_price = std::nan("");
  batch.quotes[2].bid = 101; // crossed
  option_quote stranger;
  stranger.token = 999999;
  batch.quotes.push_back(stranger);
  batch.missing = {options[4].token, options[5].token};
  auto chain = assemble_chain("NIFTY", plan, batch, 26000, cycle_ts, 300'000);
  BOOST_TEST(chain.drops[drop_reason::nan] == 1u);
  BOOST_TEST(chain.drops[drop_reason::crossed] == 1u);
  BOOST_TEST(chain.missing == 2u);
  BOOST_TEST_REQUIRE(chain.request.expiries.size() == 1u);
  BOOST_TEST(chain.request.expiries[0].legs.size() == 2u);
  BOOST_TEST(chain.request.spot == 26000);
}

BOOST_AUTO_TEST_CASE(summary_masks_follow_what_was_collected) {
  auto plan = plan_cycle(nifty({expiry_bucket::this_week, expiry_bucket::next_week}, 1, 1), nifty_list(), 26000, today);
  chain_result analysed;
  option_row row;
  row.expiry = plan.expiries[0].expiry;
  analysed.rows.push_back(row);
  expiry_stats stats;
  stats.expiry = plan.expiries[0].expiry;
  stats.pcr_oi = 0.8;
  stats.atm_iv = 0.12;
  analysed.expiries.push_back(stats);
  index_spot spot;
  spot.last_price = 26000;
  spot.day_high = 26100;
  spot.day_low = 25900;
  auto o = summarise("NIFTY", cycle_ts, plan, spot, analysed);
  BOOST_TEST(o.expected_mask == 3);
  BOOST_TEST(o.collected_mask == 1);
  BOOST_TEST(o.missing_mask == 2);
  BOOST_TEST(o.day_width == 200);
  BOOST_TEST(o.pcr_oi[0] == 0.8);
  BOOST_TEST(!is_present(o.pcr_oi[1]));
  BOOST_TEST(o.options_collected == 1u);
  BOOST_TEST(o.options_expected == 12u);
}

BOOST_AUTO_TEST_CASE(all_expiries_and_all_strikes_take_the_whole_listing) {
  auto list = nifty_list();
  auto s = nifty({}, 0, 0);
  s.expiries = expiry_selection::every();
  s.strikes_itm = strike_depth::every();
  s.strikes_otm = strike_depth::every();
  auto plan = plan_cycle(s, list, 26012, today);
  BOOST_TEST_REQUIRE(plan.expiries.size() == 4u);
  BOOST_TEST(plan.tokens().size() == list.options.size());
  BOOST_TEST(plan.options_expected == list.options.size());
  // Every listed expiry here fills a bucket: 1 Dec this_week, 8 Dec next_week, 29 Dec this_month,
  // 26 Jan next_month.
  BOOST_TEST(plan.expected_mask == 15);
  BOOST_TEST((plan.expiries[2].bucket == expiry_bucket::this_month));
}

BOOST_AUTO_TEST_CASE(expiries_outside_the_buckets_carry_bucket_none) {
  // A fifth expiry, 15 Dec, between next_week and this_month: no bucket names it.
  auto list = nifty_list();
  auto extra = make_date(2026, 12, 15);
  list.expiries.push_back(extra);
  uint64_t token = 100000;
  for (double k = 25900; k <= 26100; k += 50)
    for (auto type : {option_type::call, option_type::put})
      list.options.push_back({token++, "X", extra, k, type});
  auto s = nifty({}, 1, 1);
  s.expiries = expiry_selection::every();
  auto plan = plan_cycle(s, list, 26000, today);
  BOOST_TEST_REQUIRE(plan.expiries.size() == 5u);
  BOOST_TEST(plan.expiries[2].expiry == extra); // ascending
  BOOST_TEST((plan.expiries[2].bucket == expiry_bucket::none));
  BOOST_TEST(plan.expiries[2].bucket_mask == 0);
  BOOST_TEST(plan.expiries[2].options.size() == 6u);
  BOOST_TEST(plan.expected_mask == 15);
  // The next two: this_week and next_week only.
  s.expiries = expiry_selection::nearest(2);
  auto two = plan_cycle(s, list, 26000, today);
  BOOST_TEST_REQUIRE(two.expiries.size() == 2u);
  BOOST_TEST(two.expected_mask == 3);
  // The next three: the third is the unbucketed 15 Dec; its rows go to storage with bucket none.
  s.expiries = expiry_selection::nearest(3);
  auto three = plan_cycle(s, list, 26000, today);
  BOOST_TEST_REQUIRE(three.expiries.size() == 3u);
  BOOST_TEST(three.expected_mask == 3);
  quote_batch batch;
  for (auto& o : three.expiries[2].options) {
    option_quote q;
    q.token = o.token;
    q.last_price = 100;
    q.bid = 99.5;
    q.ask = 100.5;
    q.quote_ts = cycle_ts;
    batch.quotes.push_back(q);
  }
  auto chain = assemble_chain("NIFTY", three, batch, 26000, cycle_ts, 300'000);
  BOOST_TEST_REQUIRE(chain.request.expiries.size() == 3u);
  BOOST_TEST((chain.request.expiries[2].bucket == expiry_bucket::none));
  BOOST_TEST(chain.request.expiries[2].legs.size() == 6u);
  // A summary with only that expiry collected fills no bucket.
  chain_result analysed;
  option_row row;
  row.expiry = extra;
  row.bucket = expiry_bucket::none;
  analysed.rows.push_back(row);
  expiry_stats stats;
  stats.expiry = extra;
  stats.pcr_oi = 0.9;
  analysed.expiries.push_back(stats);
  index_spot spot;
  spot.last_price = 26000;
  auto o = summarise("NIFTY", cycle_ts, three, spot, analysed);
  BOOST_TEST(o.collected_mask == 0);
  BOOST_TEST(o.missing_mask == 3);
  for (auto pcr : o.pcr_oi)
    BOOST_TEST(!is_present(pcr));
}

BOOST_AUTO_TEST_CASE(next_n_stops_at_the_listing) {
  auto s = nifty({}, 1, 1);
  s.expiries = expiry_selection::nearest(50);
  auto plan = plan_cycle(s, nifty_list(), 26000, today);
  BOOST_TEST(plan.expiries.size() == 4u);
  // Past expiries are never collected: on 9 Dec the first two are gone.
  auto later = plan_cycle(s, nifty_list(), 26000, make_date(2026, 12, 9));
  BOOST_TEST_REQUIRE(later.expiries.size() == 2u);
  BOOST_TEST(later.expiries[0].expiry == make_date(2026, 12, 29));
}
