# Analytics: pricing, implied volatility, Greeks, forward, chain statistics, and the pool actor.
g6_test(analytics_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/analytics_test.cpp
  DEPS g6_analytics_core)
# QuantLib is a test-only reference for the IV solver; without it that one case is left out.
find_library(QUANTLIB_LIBRARY QuantLib)
if(QUANTLIB_LIBRARY AND TARGET analytics_test)
  target_link_libraries(analytics_test PRIVATE ${QUANTLIB_LIBRARY})
  target_compile_definitions(analytics_test PRIVATE G6_HAVE_QUANTLIB)
endif()

g6_test(chain_analysis_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/chain_analysis_test.cpp
  DEPS g6_analytics_core)
g6_test(analytics_pool_test SOURCES ${PROJECT_SOURCE_DIR}/tests/actor/analytics_pool_test.cpp
  DEPS g6_analytics)
