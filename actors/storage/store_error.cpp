#include "actors/storage/store_error.hpp"

namespace g6 {

std::string_view to_string(store_errc x) {
  switch (x) {
    case store_errc::invalid_setting:
      return "invalid_setting";
    case store_errc::cannot_create_directory:
      return "cannot_create_directory";
    case store_errc::cannot_open:
      return "cannot_open";
    case store_errc::not_a_database:
      return "not_a_database";
    case store_errc::newer_schema:
      return "newer_schema";
    case store_errc::migration_failed:
      return "migration_failed";
    case store_errc::busy:
      return "busy";
    case store_errc::disk_full:
      return "disk_full";
    case store_errc::read_only:
      return "read_only";
    case store_errc::constraint:
      return "constraint";
    case store_errc::io_error:
      return "io_error";
    case store_errc::invalid_batch:
      return "invalid_batch";
    case store_errc::sqlite_error:
      return "sqlite_error";
    case store_errc::corrupt:
      return "corrupt";
  }
  return "unknown";
}

bool is_corruption(store_errc x) {
  return x == store_errc::corrupt || x == store_errc::not_a_database;
}

} // namespace g6
