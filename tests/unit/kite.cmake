# Kite area: the pure parsers, rate limiter and credentials, and the provider against g6-fake-kite.
g6_test(kite_parsers_test
  SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/kite_parsers_test.cpp
  DEPS g6_kite_core)
g6_test(kite_core_test
  SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/kite_core_test.cpp
  DEPS g6_kite_core)
# g6-fake-kite's rate window and its answers, with injected time.
g6_test(fake_kite_test
  SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/fake_kite_test.cpp
  DEPS g6_fake_kite_core nlohmann_json::nlohmann_json fmt::fmt)
