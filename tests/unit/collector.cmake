g6_test(collector_cycle_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/collector_cycle_test.cpp DEPS g6_collector_core)
g6_test(cycle_bench_book_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/cycle_bench_book_test.cpp DEPS g6_cycle_bench)
