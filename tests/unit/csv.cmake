# CSV sink: layout and columns, header once, torn-tail repair.
g6_test(csv_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/csv_test.cpp DEPS g6_csv_core)
