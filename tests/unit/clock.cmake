# The clock actor: cycle ticks, and a reload's hold and resume between two cycles.
g6_test(clock_actor_test SOURCES ${PROJECT_SOURCE_DIR}/tests/actor/clock_test.cpp DEPS g6_clock g6_node)
