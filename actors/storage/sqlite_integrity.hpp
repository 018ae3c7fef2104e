// sqlite_integrity.hpp — how deeply a database is checked before g6 writes to it, and the check itself:
// PRAGMA quick_check (every page and b-tree, in time linear in the file) or PRAGMA integrity_check (also
// that every index matches its table). A damaged file is refused with SQLite's findings and what to do.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "actors/storage/store_error.hpp"

namespace g6 {

/// storage.integrity_check: what runs at open.
enum class integrity_check : uint8_t {
  off,   // nothing
  quick, // quick_check, and integrity_check after an unclean shutdown
  full,  // integrity_check every time
};

/// "off", "quick", "full".
std::string_view to_string(integrity_check x);

/// The setting's value, or nothing when it names no check.
std::optional<integrity_check> parse_integrity_check(std::string_view text);

/// What the setting asks for when the last writer did (or did not) close the file cleanly.
integrity_check check_at_open(integrity_check setting, bool unclean_shutdown);

/// Runs the check (nothing for off). Success when SQLite finds the file intact; otherwise a corrupt (or
/// not_a_database) error naming `file`, the check and SQLite's first findings.
expected<void, store_error> check_integrity(sqlite3* db, integrity_check depth, std::string_view file);

/// What a user can do about a damaged database, appended to every refusal: g6 never deletes it.
std::string corruption_advice(std::string_view file);

} // namespace g6
