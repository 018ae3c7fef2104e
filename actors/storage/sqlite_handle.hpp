// sqlite_handle.hpp — move-only owners of a SQLite connection and of its prepared statements, and the
// translation of SQLite result codes into store errors. Everything in storage talks to SQLite through
// these, so no handle leaks and every failure carries SQLite's own message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string_view>

#include "actors/storage/store_error.hpp"

namespace g6 {

struct sqlite_closer {
  // close_v2 defers the close until every statement of the connection is finalized.
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};

/// An open connection.
using sqlite_connection = std::unique_ptr<sqlite3, sqlite_closer>;

/// A prepared statement, meant to be prepared once and run many times: bind, step, reset.
class sqlite_statement {
public:
  sqlite_statement() = default;

  /// Compiles one SQL statement; `doing` names the purpose in the error message.
  static store_result<sqlite_statement> prepare(sqlite3* db, std::string_view sql, std::string_view doing);

  /// Parameters are numbered from 1, as in SQLite.
  void bind_integer(int parameter, int64_t value);
  /// NaN (g6::absent) binds NULL.
  void bind_real(int parameter, double value);
  void bind_text(int parameter, std::string_view value);
  void bind_null(int parameter);

  /// One step: SQLITE_ROW, SQLITE_DONE or an (extended) error code.
  int step();

  int64_t column_integer(int column) const;
  std::string_view column_text(int column) const;

  /// Makes the statement ready to run again and drops its bindings.
  void reset();

  sqlite3_stmt* get() const { return stmt_.get(); }

private:
  struct finalizer {
    void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
  };
  explicit sqlite_statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  std::unique_ptr<sqlite3_stmt, finalizer> stmt_;
};

/// The kind of failure a SQLite result code (primary or extended) stands for.
store_errc classify_sqlite_code(int code);

/// The error for a failed call on `db` that returned `code`: "<doing>: <SQLite's message>".
store_error sqlite_failure(sqlite3* db, int code, std::string_view doing);

/// Runs SQL text that returns no rows (one or more statements).
expected<void, store_error> execute(sqlite3* db, std::string_view sql, std::string_view doing);

} // namespace g6
