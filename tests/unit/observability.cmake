# Observability: metrics, panels (hashes, envelopes, verification, summary), and the end-to-end test of
# the real g6 binary with promtool.
g6_test(metrics_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/metrics_test.cpp DEPS g6_metrics g6_provider_status)
g6_test(panels_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/panels_test.cpp DEPS g6_panels_core)
# Chain panels between cycles: streamed quotes re-priced as a cycle prices them.
g6_test(live_chain_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/live_chain_test.cpp DEPS g6_panels_core)

# The real g6 binary: scrape, promtool check metrics, panels verify, integrity, summary, status.
find_program(G6_PROMTOOL promtool)
g6_integration_test(g6_observability_test SOURCES ${PROJECT_SOURCE_DIR}/tests/integration/observability_test.cpp
  DEPS g6_http SQLite::SQLite3 nlohmann_json::nlohmann_json TIMEOUT 300)
if(TARGET g6_observability_test)
  target_include_directories(g6_observability_test PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_definitions(g6_observability_test PRIVATE G6_PROMTOOL="$<$<BOOL:${G6_PROMTOOL}>:${G6_PROMTOOL}>")
endif()

# The shipped Prometheus rules: syntax, and one firing and one quiet case per alert.
if(G6_PROMTOOL)
  add_test(NAME promtool_check_rules COMMAND ${G6_PROMTOOL} check rules dashboards/rules/g6_rules.yml
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  add_test(NAME promtool_test_rules COMMAND ${G6_PROMTOOL} test rules g6_rules_test.yml
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/dashboards/rules)
else()
  message(STATUS "promtool not found (Debian package prometheus): rule tests not registered")
endif()
