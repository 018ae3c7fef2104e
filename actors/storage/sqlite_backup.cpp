#include "actors/storage/sqlite_backup.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include "actors/storage/sqlite_handle.hpp"
#include "actors/storage/sqlite_integrity.hpp"
#include "actors/storage/sqlite_schema.hpp"
#include "config/ist_time.hpp"
#include "config/untrusted_input.hpp"

namespace g6 {

namespace {

using steady = std::chrono::steady_clock;
using backup_result = expected<backup_figures, backup_error>;

unexpected<backup_error> failure(backup_errc code, std::string message) {
  return unexpected{backup_error{code, std::move(message)}};
}

unexpected<backup_error> failure(backup_errc code, const store_error& err) {
  return failure(code, err.message);
}

/// "<path>-journal": SQLite's rollback journal beside the copy while it is written.
std::filesystem::path journal_of(const std::filesystem::path& file) {
  return file.string() + "-journal";
}

/// Removes the copy in progress (and its journal) on every way out but success.
struct partial_file {
  std::filesystem::path path;
  bool keep = false;
  ~partial_file() {
    if (keep)
      return;
    ::unlink(path.c_str());
    ::unlink(journal_of(path).c_str());
  }
};

std::string os_error(int error) {
  return std::strerror(error);
}

/// The target may be absent, or (with overwrite) a regular file or a symlink to one, in an existing
/// directory, and never the source itself.
expected<void, backup_error> check_target(const std::filesystem::path& source, const std::filesystem::path& target,
                                          bool overwrite) {
  auto dir = target.parent_path().empty() ? std::filesystem::path{"."} : target.parent_path();
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
    return failure(backup_errc::target_unusable,
                   fmt::format("cannot write {}: the directory {} does not exist", target.string(), dir.string()));
  if (::lstat(target.c_str(), &info) != 0) {
    if (errno == ENOENT)
      return {};
    return failure(backup_errc::target_unusable, fmt::format("cannot use {}: {}", target.string(), os_error(errno)));
  }
  if (S_ISLNK(info.st_mode)) {
    struct stat followed {};
    if (::stat(target.c_str(), &followed) == 0 && !S_ISREG(followed.st_mode))
      return failure(backup_errc::target_unusable, fmt::format("{} is a symlink to {}, not to a regular file",
                                                               target.string(), file_kind_text(followed.st_mode)));
  } else if (!S_ISREG(info.st_mode)) {
    return failure(backup_errc::target_unusable,
                   fmt::format("{} is {}, not a regular file", target.string(), file_kind_text(info.st_mode)));
  }
  std::error_code ec;
  if (std::filesystem::equivalent(source, target, ec))
    return failure(backup_errc::target_unusable,
                   fmt::format("{} is the database itself: a backup goes to another file", target.string()));
  if (!overwrite)
    return failure(backup_errc::target_exists, fmt::format("{} exists: refusing to replace it", target.string()));
  return {};
}

/// A .partial (or its journal) left behind by a backup that crashed is removed; anything but a file or
/// symlink there is refused rather than touched.
expected<void, backup_error> clear_leftover(const std::filesystem::path& file) {
  struct stat info {};
  if (::lstat(file.c_str(), &info) != 0)
    return {};
  if (!S_ISREG(info.st_mode) && !S_ISLNK(info.st_mode))
    return failure(backup_errc::target_unusable,
                   fmt::format("{} is {}: move it aside, the backup is written there first", file.string(),
                               file_kind_text(info.st_mode)));
  if (::unlink(file.c_str()) != 0)
    return failure(backup_errc::target_unusable,
                   fmt::format("cannot remove the leftover {}: {}", file.string(), os_error(errno)));
  return {};
}

/// fsync of a file or directory; `what` says which in the message.
expected<void, backup_error> sync_path(const std::filesystem::path& path, int flags, std::string_view what) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | flags);
  if (fd < 0)
    return failure(backup_errc::io_error,
                   fmt::format("cannot open {} {} to sync it: {}", what, path.string(), os_error(errno)));
  int rc = ::fsync(fd);
  int error = errno;
  ::close(fd);
  if (rc != 0)
    return failure(backup_errc::io_error,
                   fmt::format("fsync of {} {} failed: {}", what, path.string(), os_error(error)));
  return {};
}

store_result<sqlite_connection> open_database(const std::filesystem::path& file, int flags) {
  sqlite3* raw = nullptr;
  auto rc = sqlite3_open_v2(file.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  sqlite_connection db{raw}; // closed on every path, also when the open failed
  if (rc != SQLITE_OK)
    return unexpected{sqlite_failure(raw, rc, fmt::format("opening {}", file.string()))};
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

/// The single integer of a query, or nothing for NULL.
store_result<std::optional<int64_t>> scalar(sqlite3* db, std::string_view sql, std::string_view doing) {
  auto query = sqlite_statement::prepare(db, sql, doing);
  if (!query)
    return unexpected{std::move(query).error()};
  auto rc = query->step();
  if (rc != SQLITE_ROW)
    return unexpected{sqlite_failure(db, rc, doing)};
  if (sqlite3_column_type(query->get(), 0) == SQLITE_NULL)
    return std::optional<int64_t>{};
  return std::optional<int64_t>{query->column_integer(0)};
}

/// Copies every page of `source` (in the read transaction it holds) into `copy`; the page count.
expected<int64_t, backup_error> copy_pages(sqlite3* source, sqlite3* copy, const std::filesystem::path& from,
                                           const std::filesystem::path& to, const backup_options& options) {
  auto doing = fmt::format("copying {} to {}", from.string(), to.string());
  sqlite3_backup* backup = sqlite3_backup_init(copy, "main", source, "main");
  if (!backup)
    return failure(backup_errc::copy_failed, sqlite_failure(copy, sqlite3_errcode(copy), doing));
  auto last_progress = steady::now();
  int rc = SQLITE_OK;
  for (;;) {
    rc = sqlite3_backup_step(backup, options.pages_per_step);
    if (rc == SQLITE_DONE || rc == SQLITE_OK) {
      last_progress = steady::now();
      if (rc == SQLITE_DONE)
        break;
      continue;
    }
    int primary = rc & 0xff;
    if (primary != SQLITE_BUSY && primary != SQLITE_LOCKED)
      break;
    if (steady::now() - last_progress >= options.give_up_after) {
      sqlite3_backup_finish(backup);
      return failure(backup_errc::busy_too_long,
                     fmt::format("{}: the database stayed busy or locked for {} s ({}); nothing was written to {}",
                                 doing, std::chrono::duration_cast<std::chrono::seconds>(options.give_up_after).count(),
                                 sqlite3_errstr(rc), to.string()));
    }
    std::this_thread::sleep_for(options.busy_pause);
  }
  int64_t pages = sqlite3_backup_pagecount(backup);
  // finish reports the step's error, if any, on the destination connection.
  auto finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE)
    return failure(backup_errc::copy_failed, fmt::format("{}: {}", doing, sqlite3_errstr(rc)));
  if (finished != SQLITE_OK)
    return failure(backup_errc::copy_failed, sqlite_failure(copy, finished, doing));
  return pages;
}

/// Reads the copy back: integrity_check, schema version, rows, the newest cycle.
backup_result read_back(const std::filesystem::path& copy, int64_t pages) {
  auto opened = open_database(copy, SQLITE_OPEN_READONLY);
  if (!opened)
    return failure(backup_errc::cannot_open, opened.error());
  auto* db = opened->get();
  auto name = copy.string();
  if (auto intact = check_integrity(db, integrity_check::full, name); !intact)
    return failure(intact.error().code == store_errc::corrupt || intact.error().code == store_errc::not_a_database
                     ? backup_errc::damaged_copy
                     : backup_errc::copy_failed,
                   intact.error());
  backup_figures figures;
  figures.pages = pages;
  auto version = schema_version(db, name);
  if (!version)
    return failure(backup_errc::copy_failed, version.error());
  figures.schema_version = *version;
  if (*version == 0) // an empty database: g6 opened it, nothing migrated yet
    return figures;
  auto doing = fmt::format("reading the copy {}", name);
  auto rows = scalar(db, "SELECT count(*) FROM option_quotes", doing);
  if (!rows)
    return failure(backup_errc::copy_failed, rows.error());
  figures.option_rows = rows->value_or(0);
  auto newest = scalar(db, "SELECT max(started_ms) FROM cycles", doing);
  if (!newest)
    return failure(backup_errc::copy_failed, newest.error());
  if (*newest)
    figures.newest_cycle = epoch_ms{**newest};
  return figures;
}

} // namespace

std::string_view to_string(backup_errc x) {
  switch (x) {
    case backup_errc::no_source:
      return "no_source";
    case backup_errc::target_exists:
      return "target_exists";
    case backup_errc::target_unusable:
      return "target_unusable";
    case backup_errc::cannot_open:
      return "cannot_open";
    case backup_errc::copy_failed:
      return "copy_failed";
    case backup_errc::busy_too_long:
      return "busy_too_long";
    case backup_errc::damaged_copy:
      return "damaged_copy";
    case backup_errc::io_error:
      return "io_error";
  }
  return "unknown";
}

std::filesystem::path partial_path_of(const std::filesystem::path& target) {
  return target.string() + ".partial";
}

expected<backup_figures, backup_error> backup_database(const std::filesystem::path& source,
                                                       const std::filesystem::path& target,
                                                       const backup_options& options) {
  auto start = steady::now();
  struct stat info {};
  if (::stat(source.c_str(), &info) != 0) {
    if (errno == ENOENT)
      return failure(backup_errc::no_source, fmt::format("no database at {}", source.string()));
    return failure(backup_errc::cannot_open, fmt::format("cannot read {}: {}", source.string(), os_error(errno)));
  }
  if (!S_ISREG(info.st_mode))
    return failure(backup_errc::cannot_open,
                   fmt::format("{} is {}, not a database file", source.string(), file_kind_text(info.st_mode)));
  if (auto usable = check_target(source, target, options.overwrite); !usable)
    return unexpected{std::move(usable).error()};
  partial_file partial{partial_path_of(target)};
  for (auto& leftover : {partial.path, journal_of(partial.path)})
    if (auto cleared = clear_leftover(leftover); !cleared) {
      partial.keep = true; // not ours to remove
      return unexpected{std::move(cleared).error()};
    }

  int64_t pages = 0;
  {
    auto from = open_database(source, SQLITE_OPEN_READONLY);
    if (!from)
      return failure(backup_errc::cannot_open, from.error());
    sqlite3_busy_timeout(from->get(), static_cast<int>(options.give_up_after.count()));
    // One read transaction for the whole copy: the backup sees one snapshot, and the daemon's commits in
    // the meantime (WAL) neither wait for it nor restart it.
    auto doing = fmt::format("starting a read transaction on {}", source.string());
    if (auto begun = execute(from->get(), "BEGIN", doing); !begun)
      return failure(backup_errc::cannot_open, begun.error());
    auto snapshot = scalar(from->get(), "SELECT count(*) FROM sqlite_schema", doing);
    if (!snapshot)
      return failure(is_corruption(snapshot.error().code) ? backup_errc::damaged_copy : backup_errc::cannot_open,
                     snapshot.error());
    auto to = open_database(partial.path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!to)
      return failure(backup_errc::cannot_open, to.error());
    auto copied = copy_pages(from->get(), to->get(), source, partial.path, options);
    if (!copied)
      return unexpected{std::move(copied).error()};
    pages = *copied;
    // The copy stands alone: rollback-journal mode, so it needs no -wal or -shm beside it (g6 switches
    // a restored file back to WAL when it opens it).
    if (auto alone = execute(to->get(), "PRAGMA journal_mode = DELETE",
                             fmt::format("making {} a single file", partial.path.string()));
        !alone)
      return failure(backup_errc::copy_failed, alone.error());
    auto closed = sqlite3_close(to->release());
    if (closed != SQLITE_OK)
      return failure(backup_errc::io_error,
                     fmt::format("closing {}: {}", partial.path.string(), sqlite3_errstr(closed)));
  }
  if (auto synced = sync_path(partial.path, 0, "the copy"); !synced)
    return unexpected{std::move(synced).error()};
  auto figures = read_back(partial.path, pages);
  if (!figures && figures.error().code == backup_errc::damaged_copy)
    return failure(backup_errc::damaged_copy,
                   fmt::format("{} is damaged, its copy failed the check ({}); {} is left as it was — {}",
                               source.string(), figures.error().message, target.string(),
                               corruption_advice(source.string())));
  if (!figures)
    return figures;
  if (::rename(partial.path.c_str(), target.c_str()) != 0)
    return failure(backup_errc::io_error,
                   fmt::format("cannot rename {} to {}: {}", partial.path.string(), target.string(), os_error(errno)));
  partial.keep = true;
  auto dir = target.parent_path().empty() ? std::filesystem::path{"."} : target.parent_path();
  if (auto synced = sync_path(dir, O_DIRECTORY, "the directory"); !synced)
    return unexpected{std::move(synced).error()};
  figures->file = target;
  std::error_code ec;
  figures->bytes = std::filesystem::file_size(target, ec);
  figures->seconds = std::chrono::duration<double>(steady::now() - start).count();
  return figures;
}

std::string describe(const backup_figures& f) {
  return fmt::format("backup {}: {} bytes, {} pages, {:.2f} s, schema {}, {} option_quotes rows, newest cycle {}, "
                     "integrity ok",
                     f.file.string(), f.bytes, f.pages, f.seconds, f.schema_version, f.option_rows,
                     f.newest_cycle ? format_ist(*f.newest_cycle) : std::string{"none"});
}

} // namespace g6
