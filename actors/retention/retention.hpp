// retention.hpp — what storage holds on disk and pruning it by age: per sink (SQLite rows, CSV day files,
// capture journals) the files, rows, bytes, oldest and newest trading day, and per index; and when the
// daemon's daily prune is due. Pure code (files and SQLite, no CAF); `g6 retention` and the retention
// actor are thin adapters over it.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/calendar.hpp"
#include "config/settings.hpp"
#include "messages/market.hpp"

namespace g6 {

/// Where the sinks keep their data.
struct storage_paths {
  std::filesystem::path sqlite_file;
  std::filesystem::path csv_dir;
  std::filesystem::path journal_dir;
};

struct usage {
  uint64_t files = 0;
  uint64_t rows = 0;  // SQLite: option and overview rows; CSV: lines; journal: records
  uint64_t bytes = 0; // SQLite: the database files, not split by index
  std::optional<day_number> oldest;
  std::optional<day_number> newest;
  void add_day(day_number day);
};

struct sink_usage {
  std::string sink; // sqlite, csv, journal
  usage total;
  std::map<std::string, usage> by_index;
  std::vector<std::string> errors; // unreadable files, named
};

/// Where the storage settings put the sinks: the database file, the CSV tree (storage.csv.dir, else
/// <data_dir>/csv) and <data_dir>/journal.
storage_paths storage_paths_of(const storage_settings& storage);

/// What each sink holds now.
std::vector<sink_usage> scan_storage(const storage_paths& paths);

/// What pruning removed (or, for a dry run, would remove) from one sink.
struct sink_pruned {
  std::string sink;
  uint64_t files = 0;
  uint64_t rows = 0;
  uint64_t bytes = 0; // files removed; SQLite space is reused by later rows rather than returned
  std::vector<std::string> errors;
};

/// Removes everything from trading days before `oldest_kept`: SQLite rows of every table, CSV day files
/// (and directories left empty) and journal day files. A dry run changes nothing and reports the same
/// figures.
std::vector<sink_pruned> prune_storage(const storage_paths& paths, day_number oldest_kept, bool dry_run);

/// Keeping `keep_days` days up to and including `last_day`: the oldest day kept (keep_days >= 1).
day_number oldest_kept_day(day_number last_day, int keep_days);

/// The latest trading day of `calendar` whose session closed at least `after_close` before `now`: the day
/// the daily prune after the close settles at `now`.
day_number last_closed_day(const exchange_calendar& calendar, epoch_ms now, std::chrono::minutes after_close);

/// One line saying what a prune removed, per sink ("sqlite 1200 rows, csv 14 files (3.1 MB), ...").
std::string describe(const std::vector<sink_pruned>& pruned);

} // namespace g6
