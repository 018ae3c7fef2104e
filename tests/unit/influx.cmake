# InfluxDB sink: line protocol, the memory+disk queue.
g6_test(influx_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/influx_test.cpp DEPS g6_influx_core)
