// The failover chain's state (pure): which provider a request goes to, each provider's own breaker, and
// when the provider serving changes.
#define BOOST_TEST_MODULE failover_chain
#include <boost/test/unit_test.hpp>

#include "actors/provider/failover_chain.hpp"

using namespace g6;
using namespace std::chrono_literals;

namespace {

using kinds = std::vector<std::string>;
using time_point = failover_chain::time_point;

const time_point t0{};

/// The provider a request goes to, -1 for none (printable where an optional is not).
long called(std::optional<size_t> member) {
  return member ? static_cast<long>(*member) : -1;
}

kinds kinds_of(std::vector<event_record> events) {
  kinds result;
  for (auto& e : events)
    result.push_back(e.kind);
  return result;
}

/// A chain of a primary and a backup whose breakers open after 4 failures in 4 calls, stay open 100 ms
/// and close after 2 good trials.
failover_chain two() {
  return failover_chain{{"provider.kite", "provider.kite.backup"}, breaker_config{4, 4, 0.5, 100ms, 2}};
}

/// The primary fails 4 requests, each answered by the backup: the primary's breaker is open.
void fail_over(failover_chain& chain) {
  for (int i = 0; i < 4; ++i) {
    BOOST_REQUIRE(called(chain.next(std::nullopt, t0)) == 0);
    chain.record_failure(0, t0);
    BOOST_REQUIRE(called(chain.next(0u, t0)) == 1);
    chain.record_success(1, true, t0);
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(a_request_goes_down_the_chain_past_failures_and_open_breakers) {
  auto chain = two();
  fail_over(chain);
  BOOST_TEST(chain.serving() == "provider.kite.backup");
  BOOST_TEST((kinds_of(chain.take_events()) == kinds{"provider_failover", "breaker_open"}));
  // Open: the primary is skipped (a rejected request), the backup called.
  BOOST_TEST(called(chain.next(std::nullopt, t0 + 50ms)) == 1);
  BOOST_TEST(chain.members()[0].rejected == 1u);
  BOOST_TEST(chain.members()[0].forwarded == 4u);
  BOOST_TEST(chain.members()[0].failures == 4u);
  BOOST_TEST(chain.members()[1].forwarded == 5u);
  // After the backup, nothing is left.
  BOOST_TEST(called(chain.next(1u, t0 + 50ms)) == -1);
}

BOOST_AUTO_TEST_CASE(traffic_returns_once_the_primary_breaker_closes_and_late_answers_do_not_flap) {
  auto chain = two();
  fail_over(chain);
  chain.take_events();
  // Half-open: two trials go to the primary; a third request is sent on to the backup.
  auto later = t0 + 150ms;
  BOOST_TEST(called(chain.next(std::nullopt, later)) == 0);
  BOOST_TEST(called(chain.next(std::nullopt, later)) == 0);
  BOOST_TEST(called(chain.next(std::nullopt, later)) == 1);
  chain.record_success(0, false, later);
  BOOST_TEST(chain.serving() == "provider.kite.backup"); // one trial is not a return
  chain.record_success(0, false, later);
  BOOST_TEST(chain.serving() == "provider.kite");
  // The request sent on while the primary was half-open answers late: no failover.
  chain.record_success(1, false, later);
  BOOST_TEST(chain.serving() == "provider.kite");
  auto events = chain.take_events();
  BOOST_TEST((kinds_of(events) == kinds{"breaker_half_open", "breaker_closed", "provider_restored"}));
  BOOST_TEST(events.back().detail == "provider.kite.backup -> provider.kite: provider.kite answers again");
  BOOST_TEST(events.back().component == "provider");
}

BOOST_AUTO_TEST_CASE(a_backup_answering_while_the_serving_primary_is_open_is_a_failover) {
  auto chain = two();
  // Both fail at first: the primary opens with nobody else answering, so it still counts as serving.
  for (int i = 0; i < 4; ++i) {
    chain.next(std::nullopt, t0);
    chain.record_failure(0, t0);
  }
  BOOST_TEST(chain.serving() == "provider.kite");
  BOOST_TEST(called(chain.next(std::nullopt, t0)) == 1);
  chain.record_success(1, false, t0);
  BOOST_TEST(chain.serving() == "provider.kite.backup");
  auto events = chain.take_events();
  BOOST_TEST((kinds_of(events) == kinds{"breaker_open", "provider_failover"}));
  BOOST_TEST(events.back().detail == "provider.kite -> provider.kite.backup: the circuit of provider.kite is open");
}

BOOST_AUTO_TEST_CASE(alone_a_provider_always_serves_and_only_its_breaker_speaks) {
  failover_chain chain{{"provider.synthetic"}, breaker_config{4, 4, 0.5, 100ms, 2}};
  for (int i = 0; i < 4; ++i) {
    BOOST_TEST(called(chain.next(std::nullopt, t0)) == 0);
    chain.record_failure(0, t0);
  }
  BOOST_TEST(called(chain.next(std::nullopt, t0)) == -1);
  BOOST_TEST(chain.serving() == "provider.synthetic");
  auto events = chain.take_events();
  BOOST_TEST((kinds_of(events) == kinds{"breaker_open"}));
  BOOST_TEST(events[0].component == "breaker.provider.synthetic");
  BOOST_TEST(events[0].detail == "closed->open: 4 failures in 4 calls (100%)");
}
