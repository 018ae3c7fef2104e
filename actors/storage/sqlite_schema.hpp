// sqlite_schema.hpp — the g6 database schema as an ordered list of migrations, and the code that brings
// a file from its version (PRAGMA user_version) to the newest, one transaction per step. Migrations are
// history: once released, a step's SQL never changes; a schema change is a new step at the end.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "actors/storage/sqlite_handle.hpp"

namespace g6 {

/// One step of the schema's history.
struct schema_migration {
  std::string_view description;
  std::string_view sql; // one or more statements, run inside the step's transaction
};

/// The schema version this code writes: the number of g6's migrations.
inline constexpr int current_schema_version = 4;

/// g6's migrations; step i brings a file from version i to version i + 1.
std::span<const schema_migration> schema_migrations();

/// The file's schema version (PRAGMA user_version). `file` names the database in messages.
store_result<int> schema_version(sqlite3* db, std::string_view file);

/// An error for a version `known` steps cannot migrate from: newer than they reach, or negative (never
/// written by g6); success when the version is fine.
expected<void, store_error> refuse_unknown_version(int version, size_t known, std::string_view file);

/// Applies `steps` from the file's version on, each in its own IMMEDIATE transaction together with the
/// user_version bump, so a failed step leaves the file whole at the previous version. A file newer than
/// the steps know is refused untouched (newer_schema). Returns the version the file is at.
store_result<int> migrate(sqlite3* db, std::span<const schema_migration> steps, std::string_view file);

} // namespace g6
