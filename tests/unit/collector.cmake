g6_test(collector_cycle_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/collector_cycle_test.cpp DEPS g6_collector_core)
