# Supervision: the breaker state machine and backoff (pure), and the supervisor actor under CAF's
# deterministic test coordinator.
g6_test(circuit_breaker_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/circuit_breaker_test.cpp
        DEPS g6_supervision_core)
g6_test(supervisor_test SOURCES ${PROJECT_SOURCE_DIR}/tests/actor/supervisor_test.cpp
        DEPS g6_supervision)
