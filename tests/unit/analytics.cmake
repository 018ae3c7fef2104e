# Analytics: pricing, implied volatility, Greeks, forward, chain statistics, the pool actor, saved NSE
# chains and the `g6 analyze` / `g6 surface` / `g6 bench iv` logic.
g6_test(analytics_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/analytics_test.cpp
  DEPS g6_analytics_core)
g6_test(chain_analysis_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/chain_analysis_test.cpp
  DEPS g6_analytics_core)
g6_test(analytics_pool_test SOURCES ${PROJECT_SOURCE_DIR}/tests/actor/analytics_pool_test.cpp
  DEPS g6_analytics)

# QuantLib is a test and benchmark reference only (actors/analytics/CMakeLists.txt looks for it).
if(QUANTLIB_LIBRARY AND QUANTLIB_INCLUDE_DIR)
  g6_test(iv_quantlib_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/iv_quantlib_test.cpp
    DEPS g6_analytics_core ${QUANTLIB_LIBRARY})
endif()

g6_test(nse_option_chain_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/nse_option_chain_test.cpp
  DEPS g6_analytics_files)
g6_test(analyze_report_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/analyze_report_test.cpp
  DEPS g6_analytics_files)
g6_test(surface_report_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/surface_report_test.cpp
  DEPS g6_analytics_files)
g6_test(iv_benchmark_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/iv_benchmark_test.cpp DEPS g6_iv_bench)

# The volatility surface: SVI, its fit and checks, the per-expiry slices of a chain.
g6_test(svi_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/svi_test.cpp DEPS g6_analytics_core)
