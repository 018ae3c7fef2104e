#define BOOST_TEST_MODULE run_verdict
#include <boost/test/unit_test.hpp>

#include "actors/clock/run_verdict.hpp"

using namespace g6;

namespace {

index_cycle_result result(std::string index, cycle_status status, std::string error = {}) {
  index_cycle_result r;
  r.index = std::move(index);
  r.status = status;
  r.error = std::move(error);
  return r;
}

cycle_record cycle(uint64_t id, std::vector<index_cycle_result> indices) {
  cycle_record c;
  c.cycle_id = id;
  c.indices = std::move(indices);
  return c;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_index_stored_in_every_cycle_is_0) {
  run_tally tally;
  tally.add(cycle(1, {result("NIFTY", cycle_status::ok), result("SENSEX", cycle_status::partial)}));
  tally.add(cycle(2, {result("NIFTY", cycle_status::ok), result("SENSEX", cycle_status::ok)}));
  for (bool bounded : {true, false}) {
    auto v = judge_run(tally, bounded);
    BOOST_TEST(static_cast<int>(v.code) == 0);
    BOOST_TEST(v.summary == "stored 4 of 4 index-cycles in 2 cycles");
  }
}

BOOST_AUTO_TEST_CASE(nothing_stored_is_1_naming_each_index_and_its_last_failure) {
  run_tally tally;
  tally.add(cycle(1, {result("NIFTY", cycle_status::failed, "provider: token refused"),
                      result("SENSEX", cycle_status::failed, "x")}));
  tally.add(cycle(2, {result("NIFTY", cycle_status::failed, "provider: token refused (403)"),
                      result("SENSEX", cycle_status::failed)}));
  for (bool bounded : {true, false}) {
    auto v = judge_run(tally, bounded);
    BOOST_TEST(static_cast<int>(v.code) == 1);
    BOOST_TEST(v.summary
               == "stored 0 of 4 index-cycles in 2 cycles; not stored: NIFTY 2 of 2 (cycle 2: provider: token "
                  "refused (403)), SENSEX 2 of 2 (cycle 2: failed)");
  }
}

BOOST_AUTO_TEST_CASE(a_part_is_5_for_a_bounded_run_and_0_for_an_open_ended_one) {
  run_tally tally;
  tally.add(cycle(1, {result("NIFTY", cycle_status::ok), result("SENSEX", cycle_status::ok)}));
  tally.add(
    cycle(2, {result("NIFTY", cycle_status::failed, "collector: timeout"), result("SENSEX", cycle_status::ok)}));
  auto bounded = judge_run(tally, true);
  BOOST_TEST(static_cast<int>(bounded.code) == 5);
  BOOST_TEST(bounded.summary
             == "stored 3 of 4 index-cycles in 2 cycles; not stored: NIFTY 1 of 2 (cycle 2: "
                "collector: timeout)");
  auto open_ended = judge_run(tally, false);
  BOOST_TEST(static_cast<int>(open_ended.code) == 0);
  BOOST_TEST(open_ended.summary == bounded.summary);
}

BOOST_AUTO_TEST_CASE(a_run_stopped_before_its_first_cycle_is_0) {
  run_tally tally;
  auto v = judge_run(tally, true);
  BOOST_TEST(static_cast<int>(v.code) == 0);
  BOOST_TEST(v.summary == "stopped before the first cycle");
}

BOOST_AUTO_TEST_CASE(one_cycle_is_singular) {
  run_tally tally;
  tally.add(cycle(1, {result("NIFTY", cycle_status::failed)}));
  BOOST_TEST(!index_stored(result("NIFTY", cycle_status::failed)));
  BOOST_TEST(judge_run(tally, true).summary
             == "stored 0 of 1 index-cycles in 1 cycle; not stored: NIFTY 1 of 1 "
                "(cycle 1: failed)");
}
