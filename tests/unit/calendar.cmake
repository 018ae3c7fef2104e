# Exchange calendars and expiry rules, the market clock, the run verdict, and the collector's pure decisions.
g6_test(calendar_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/calendar_test.cpp DEPS g6_config)
g6_test(market_clock_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/market_clock_test.cpp DEPS g6_clock_time)
g6_test(run_verdict_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/run_verdict_test.cpp DEPS g6_clock_time)
g6_test(collector_core_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/collector_core_test.cpp
  DEPS g6_collector_core)
