# Node area: the registry and status actor, and the provider's circuit breaker actor.
g6_test(node_test SOURCES ${PROJECT_SOURCE_DIR}/tests/actor/node_test.cpp DEPS g6_node)
g6_test(provider_breaker_test SOURCES ${PROJECT_SOURCE_DIR}/tests/actor/provider_breaker_test.cpp
  DEPS g6_node g6_provider g6_provider_breaker)
