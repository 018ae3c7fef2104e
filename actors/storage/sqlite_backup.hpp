// sqlite_backup.hpp — an online copy of a g6 database while the daemon keeps writing to it, with SQLite's
// backup API: the copy is one consistent snapshot (a read transaction held on the source for the whole
// copy, so a commit in between never restarts it), written beside the target as FILE.partial, checked
// (integrity_check), fsynced and renamed over FILE, so a crash or a damaged source never leaves a half or
// bad backup under FILE. Pure code (SQLite and files, no CAF); `g6 backup` is a thin adapter over it.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "messages/expected.hpp"
#include "messages/market.hpp"

namespace g6 {

struct backup_options {
  /// Replace an existing target file (never a directory, FIFO or other non-regular file).
  bool overwrite = false;
  /// Pages copied per sqlite3_backup_step.
  int pages_per_step = 1024;
  /// The pause before retrying a step SQLite answered busy or locked.
  std::chrono::milliseconds busy_pause{20};
  /// How long the source may stay busy or locked before the backup gives up.
  std::chrono::milliseconds give_up_after{std::chrono::seconds(60)};
};

/// What a finished backup holds, read back from the copy.
struct backup_figures {
  std::filesystem::path file;
  uint64_t bytes = 0;
  int64_t pages = 0;
  double seconds = 0; // the copy, checks and renaming included
  int schema_version = 0;
  int64_t option_rows = 0;              // rows of option_quotes
  std::optional<epoch_ms> newest_cycle; // the newest row of cycles (its start), when there is one
};

enum class backup_errc : uint8_t {
  no_source,       // no database where the config puts it
  target_exists,   // the target exists and overwrite was not asked for
  target_unusable, // the target (or its .partial) is a directory, FIFO, ...; or its directory is missing
  cannot_open,     // SQLite could not open the source or the copy
  copy_failed,     // a backup step failed
  busy_too_long,   // the source stayed busy or locked beyond give_up_after
  damaged_copy,    // the copy failed integrity_check (the source is damaged): FILE is left as it was
  io_error,        // fsync, rename or the directory sync failed
};

/// "no_source", "target_exists", ...
std::string_view to_string(backup_errc x);

struct backup_error {
  backup_errc code = backup_errc::copy_failed;
  std::string message; // names the file and SQLite's (or the system's) explanation
};

/// Copies the database `source` to `target` as described above. On failure nothing is left under
/// target's name that was not there before, and the .partial file is removed.
expected<backup_figures, backup_error> backup_database(const std::filesystem::path& source,
                                                       const std::filesystem::path& target,
                                                       const backup_options& options);

/// "<file>.partial": where the copy is written before it is renamed over `target`.
std::filesystem::path partial_path_of(const std::filesystem::path& target);

/// One line for people: "backup FILE: B bytes, P pages, S s, schema V, N option_quotes rows, newest cycle
/// T, integrity ok".
std::string describe(const backup_figures& figures);

} // namespace g6
