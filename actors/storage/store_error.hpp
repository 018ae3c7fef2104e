// store_error.hpp — why a storage operation failed: a typed reason the caller can act on (retry on
// busy, alert on disk full, fix the file on newer_schema) and SQLite's own message naming the cause.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "messages/expected.hpp"

namespace g6 {

enum class store_errc : uint8_t {
  invalid_setting = 1,     // storage settings the store cannot honour (synchronous mode, timeout)
  cannot_create_directory, // the database's directory could not be created
  cannot_open,             // SQLite could not open or create the file
  not_a_database,          // the file exists but is not a SQLite database (SQLITE_NOTADB)
  newer_schema,            // the file was written by a newer g6 (user_version above ours)
  migration_failed,        // a schema migration step failed; the file stays at the previous version
  busy,                    // another connection holds the write lock beyond busy_timeout
  disk_full,               // the disk (or a SQLite limit) is full
  read_only,               // the file or its directory cannot be written
  constraint,              // a constraint or trigger rejected a row
  io_error,                // the operating system reported an I/O error
  invalid_batch,           // the batch contradicts itself (rows of another index or instant)
  sqlite_error,            // any other SQLite failure
  corrupt,                 // the database is damaged: SQLITE_CORRUPT, or an integrity check found errors
};

/// Whether the error means the file itself is damaged or not a database: writing on is unsafe, and
/// retrying cannot help.
bool is_corruption(store_errc x);

/// "busy", "disk_full", ...
std::string_view to_string(store_errc x);

struct store_error {
  store_errc code = store_errc::sqlite_error;
  std::string message; // names the file or the batch, and SQLite's explanation
};

/// A storage answer or the reason there is none.
template <class T>
using store_result = expected<T, store_error>;

} // namespace g6
