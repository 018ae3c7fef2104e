# Configuration: the loader (schema, G6_* overrides, messages) and the docs of the G6_* variables.
g6_test(config_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/config_test.cpp DEPS g6_config)
g6_test(env_docs_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/env_docs_test.cpp DEPS g6_config)
