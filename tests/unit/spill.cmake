# The durable queue of the outbox and the InfluxDB backlog.
g6_test(spill_queue_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/spill_queue_test.cpp DEPS g6_spill)
