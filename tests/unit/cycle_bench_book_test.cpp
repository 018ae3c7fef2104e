// The book of `g6 bench cycle`: exactly the options asked for, spread over the indices, expiries and
// strikes as a listing would hold them, and every one quoted by the synthetic market.
#define BOOST_TEST_MODULE cycle_bench_book
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <set>

#include "actors/collector/cycle_bench_book.hpp"
#include "config/ist_time.hpp"

using namespace g6;

namespace {

const epoch_ms at = ist_instant(make_date(2026, 11, 26), 11, 0);

} // namespace

BOOST_AUTO_TEST_CASE(holds_exactly_the_options_asked_for_every_one_quoted) {
  synthetic_market market{7};
  for (size_t n : {1u, 7u, 200u, 1001u, 32000u}) {
    auto book = make_cycle_bench_book(market, n, at);
    BOOST_TEST(book.options == n);
    BOOST_TEST(book.indices.size() == std::min<size_t>(n, 5));
    std::set<uint64_t> tokens;
    size_t expiries = 0;
    for (auto& share : book.indices) {
      expiries += share.plan.expiries.size();
      auto quotes = snapshot_quotes(market, share.plan, at);
      BOOST_TEST(quotes.missing.empty());
      BOOST_TEST(quotes.quotes.size() == share.plan.options_expected);
      for (auto& e : share.plan.expiries)
        for (auto& o : e.options) {
          tokens.insert(o.token);
          BOOST_TEST(std::abs(o.strike / share.spot.last_price - 1) < 0.2);
          BOOST_TEST(o.expiry == e.expiry);
        }
    }
    BOOST_TEST(tokens.size() == n);
    BOOST_TEST(book.expiries == expiries);
  }
}

BOOST_AUTO_TEST_CASE(a_large_book_takes_more_expiries_not_far_strikes) {
  synthetic_market market{7};
  auto small = make_cycle_bench_book(market, 1000, at);
  auto large = make_cycle_bench_book(market, 100000, at);
  BOOST_TEST(small.expiries == 5u); // one per index
  BOOST_TEST(large.expiries > 100u);
  BOOST_TEST(large.most_strikes < 400u);
  // The nearest expiries fill the collector's buckets.
  auto& nifty = large.indices.front().plan;
  BOOST_TEST((nifty.expiries.front().bucket == expiry_bucket::this_week));
  BOOST_TEST(nifty.expected_mask == 0b1111);
}
