# Capture journal: records, framed files and torn tails, replay answers and clock.
g6_test(journal_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/journal_test.cpp DEPS g6_journal_core)
