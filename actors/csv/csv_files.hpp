// csv_files.hpp — appending lines to CSV files so that a crash never leaves a partial line behind: each
// file gets its lines in one write, its header exactly once (with its first lines), a failed or short
// write is cut back, and a torn tail left by an earlier crash is cut off before the file is used again.
// Pure code (POSIX files, no CAF).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "messages/expected.hpp"

namespace g6 {

/// Why lines could not be appended, naming the file.
struct csv_write_error {
  std::filesystem::path file;
  std::string message;
};

/// Cuts a file back to its last newline when its last line is incomplete. Returns the bytes cut (0 for a
/// whole file), or the error.
expected<uint64_t, csv_write_error> repair_torn_tail(const std::filesystem::path& file);

/// What a start-up scan of a CSV tree found.
struct csv_repair_report {
  uint64_t files = 0;          // .csv files looked at
  uint64_t files_repaired = 0; // files whose torn tail was cut
  uint64_t bytes_cut = 0;
  std::vector<csv_write_error> errors;
};

/// Repairs every .csv file under `dir` (a missing dir is an empty tree).
csv_repair_report repair_csv_tree(const std::filesystem::path& dir);

/// Open CSV files under a base directory, appended to by whole lines.
class csv_files {
public:
  explicit csv_files(std::filesystem::path base);
  ~csv_files();
  csv_files(const csv_files&) = delete;
  csv_files& operator=(const csv_files&) = delete;

  /// Appends `lines` (whole lines, each ending in '\n') to `file` (relative to the base), preceded by
  /// `header` and a newline when the file is empty. Directories are created as needed. On failure the
  /// file is left as it was before the call.
  expected<void, csv_write_error> append(const std::filesystem::path& file, std::string_view header,
                                         std::string_view lines);

  /// Closes every open file (when the trading day changes, so yesterday's files are not held open).
  void close_all();

  const std::filesystem::path& base() const { return base_; }
  uint64_t bytes_written() const { return bytes_written_; }

private:
  expected<int, csv_write_error> open(const std::filesystem::path& path);

  std::filesystem::path base_;
  std::unordered_map<std::string, int> open_;
  uint64_t bytes_written_ = 0;
};

} // namespace g6
