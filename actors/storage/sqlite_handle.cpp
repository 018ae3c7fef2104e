#include "actors/storage/sqlite_handle.hpp"

#include <fmt/format.h>

#include <string>

#include "messages/market.hpp"

namespace g6 {

store_result<sqlite_statement> sqlite_statement::prepare(sqlite3* db, std::string_view sql, std::string_view doing) {
  sqlite3_stmt* stmt = nullptr;
  auto rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return unexpected{sqlite_failure(db, rc, doing)};
  }
  return sqlite_statement{stmt};
}

void sqlite_statement::bind_integer(int parameter, int64_t value) {
  sqlite3_bind_int64(stmt_.get(), parameter, value);
}

void sqlite_statement::bind_real(int parameter, double value) {
  if (is_present(value))
    sqlite3_bind_double(stmt_.get(), parameter, value);
  else
    sqlite3_bind_null(stmt_.get(), parameter);
}

void sqlite_statement::bind_text(int parameter, std::string_view value) {
  sqlite3_bind_text(stmt_.get(), parameter, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
}

void sqlite_statement::bind_null(int parameter) {
  sqlite3_bind_null(stmt_.get(), parameter);
}

int sqlite_statement::step() {
  return sqlite3_step(stmt_.get());
}

int64_t sqlite_statement::column_integer(int column) const {
  return sqlite3_column_int64(stmt_.get(), column);
}

std::string_view sqlite_statement::column_text(int column) const {
  auto text = sqlite3_column_text(stmt_.get(), column);
  if (text == nullptr)
    return {};
  auto bytes = static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), column));
  return {reinterpret_cast<const char*>(text), bytes};
}

void sqlite_statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

store_errc classify_sqlite_code(int code) {
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return store_errc::busy;
    case SQLITE_FULL:
      return store_errc::disk_full;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return store_errc::read_only;
    case SQLITE_CONSTRAINT:
      return store_errc::constraint;
    case SQLITE_IOERR:
      return store_errc::io_error;
    case SQLITE_CANTOPEN:
      return store_errc::cannot_open;
    case SQLITE_NOTADB:
      return store_errc::not_a_database;
    case SQLITE_CORRUPT:
      return store_errc::corrupt;
    default:
      return store_errc::sqlite_error;
  }
}

store_error sqlite_failure(sqlite3* db, int code, std::string_view doing) {
  std::string_view generic = sqlite3_errstr(code);
  std::string_view specific = db != nullptr ? sqlite3_errmsg(db) : generic;
  auto message =
    specific == generic ? fmt::format("{}: {}", doing, specific) : fmt::format("{}: {} ({})", doing, specific, generic);
  return {classify_sqlite_code(code), std::move(message)};
}

expected<void, store_error> execute(sqlite3* db, std::string_view sql, std::string_view doing) {
  // sqlite3_exec needs a NUL-terminated string.
  std::string text{sql};
  auto rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return unexpected{sqlite_failure(db, rc, doing)};
  return {};
}

} // namespace g6
