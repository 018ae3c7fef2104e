# Operations: the online SQLite backup and the checks of `g6 doctor`.
g6_test(sqlite_backup_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/sqlite_backup_test.cpp
  DEPS g6_storage_core SQLite::SQLite3)
g6_test(doctor_checks_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/doctor_checks_test.cpp
  DEPS g6_doctor g6_kite_core g6_storage_core SQLite::SQLite3 nlohmann_json::nlohmann_json)
