// retention.hpp — what storage holds on disk and pruning it by age: per sink (SQLite rows, CSV day files,
// capture journals) the files, rows, bytes, oldest and newest trading day, and per index. Pure code
// (files and SQLite, no CAF); `g6 retention` is a thin adapter over it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

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

} // namespace g6
