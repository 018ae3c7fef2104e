# Storage: the SQLite store (schema, migrations, batches, idempotence, rollback) and the storage actor.
g6_test(sqlite_store_test SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/sqlite_store_test.cpp
  DEPS g6_storage_core SQLite::SQLite3)
g6_test(storage_actor_test SOURCES ${PROJECT_SOURCE_DIR}/tests/actor/storage_actor_test.cpp
  DEPS g6_storage SQLite::SQLite3)
