# Node area: the registry and status actor, and the circuit breakers in front of the providers (the failover
# chain's pure state and the actor).
g6_test(node_test SOURCES ${PROJECT_SOURCE_DIR}/tests/actor/node_test.cpp DEPS g6_node)
g6_test(provider_breaker_test SOURCES ${PROJECT_SOURCE_DIR}/tests/actor/provider_breaker_test.cpp
  DEPS g6_node g6_provider g6_provider_breaker)
g6_test(failover_chain_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/failover_chain_test.cpp DEPS g6_provider_breaker)
# What a config reload applies live and what waits for a restart (pure).
g6_test(reload_plan_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/reload_plan_test.cpp DEPS g6_reload_plan)
