// open_marker.hpp — the clean-shutdown marker of a database: `<file>.open`, written (and fsynced) when the
// writer opens the file and removed only after SQLite closed it cleanly. A marker found at open means the
// last writer did not close: it was killed, crashed, lost power, or met a damaged file, so the next open
// runs the full integrity check. It lives beside the database rather than in it, so that it can be read
// before SQLite touches the file and survives a file too damaged to hold it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "actors/storage/store_error.hpp"

namespace g6 {

/// `<database>.open`.
std::filesystem::path open_marker_path(const std::filesystem::path& database);

/// What the marker left by the last writer says ("pid 4242 opened it at ..."), or nothing when there is
/// none: the last writer closed cleanly (or none ever wrote).
std::optional<std::string> read_open_marker(const std::filesystem::path& database);

/// Writes the marker naming this process, durably: the file and its directory are fsynced, so that a
/// power loss cannot lose it while the database is open.
expected<void, store_error> write_open_marker(const std::filesystem::path& database);

/// Removes the marker after a clean close. A marker that cannot be removed only costs the next open a
/// full check, so failure is not an error.
void remove_open_marker(const std::filesystem::path& database);

} // namespace g6
