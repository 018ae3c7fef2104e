# Retention: scan and prune of SQLite, CSV and journals.
g6_test(retention_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/retention_test.cpp
  DEPS g6_retention g6_storage_core)
