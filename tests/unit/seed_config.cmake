# The original platform's config shape accepted by the loader.
g6_test(seed_config_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/seed_config_test.cpp DEPS g6_config)
