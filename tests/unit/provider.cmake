# Provider area: the synthetic market (pure) and the synthetic provider actor.
g6_test(synthetic_market_test
  SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/synthetic_market_test.cpp
  DEPS g6_provider_core)
g6_test(synthetic_provider_test
  SOURCES ${PROJECT_SOURCE_DIR}/tests/actor/synthetic_provider_test.cpp
  DEPS g6_provider g6_clock_time)
