// `g6 bench iv` on a small book: it runs, every option solves, and the accuracy holds. Timings are not
// checked here (they belong to the benchmark's own output, not to tests).
#define BOOST_TEST_MODULE iv_benchmark
#include <boost/test/unit_test.hpp>

#include <string>

#include "actors/analytics/iv_benchmark.hpp"

using namespace g6;

BOOST_AUTO_TEST_CASE(a_small_book_solves_to_full_precision) {
  auto report = run_iv_benchmark({1000, 42, 1});
  BOOST_TEST(report.same_day == 100u);
  for (auto* showing : {&report.batch, &report.one_by_one}) {
    BOOST_TEST(showing->failures == 0u);
    BOOST_TEST(showing->max_vol_error <= 1e-12);
    BOOST_TEST(showing->max_price_error <= 1e-9);
    BOOST_TEST(showing->ns_per_iv > 0);
  }
  BOOST_TEST(report.quantlib.has_value() == quantlib_reference_built_in());
  auto text = format_iv_bench(report);
  BOOST_TEST(text.find("1000 options") != std::string::npos);
  BOOST_TEST(text.find("\nratio: ") != std::string::npos);
  BOOST_TEST(text.find("greeks (black76_greeks): ") != std::string::npos);
  if (!quantlib_reference_built_in())
    BOOST_TEST(text.find("reference not built in") != std::string::npos);
}
