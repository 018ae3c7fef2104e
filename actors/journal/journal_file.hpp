// journal_file.hpp — the capture journal on disk: `<dir>/<YYYY-MM-DD>.g6j`, framed records
// (journal_frames.hpp). Readers skip damaged ranges and report them with any torn tail; the writer cuts
// only a torn tail before appending and leaves damage followed by whole frames in place, reporting it.
// Pure code (POSIX files, no CAF).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/journal/crc32c.hpp"
#include "actors/journal/journal_frames.hpp"
#include "actors/journal/journal_record.hpp"
#include "messages/expected.hpp"

namespace g6 {

/// When the writer flushes to disk.
enum class journal_fsync : uint8_t { never, cycle, every };
std::optional<journal_fsync> parse_journal_fsync(std::string_view text);

struct journal_error {
  std::filesystem::path file;
  std::string message;
};

/// What reading a journal file found.
struct journal_contents {
  std::vector<journal_record> records;
  uint64_t file_bytes = 0;
  uint64_t valid_bytes = 0; // up to the torn tail (the file size when there is none)
  uint64_t torn_bytes = 0;  // after the last whole frame
  std::string torn_reason;  // why the tail is torn, empty when it is not
  /// Ranges skipped before the torn tail, in file order: damaged bytes, and whole frames whose record
  /// does not decode.
  std::vector<journal_damage> damaged;
  uint64_t damaged_bytes() const;
};

/// Reads every whole frame of a journal's bytes, skipping damaged ranges. A torn tail and damage are
/// reported, not errors; bytes that do not begin with the magic are an error (its message).
expected<journal_contents, std::string> parse_journal(std::string_view bytes);

/// parse_journal of a file; a file that cannot be read is an error too.
expected<journal_contents, journal_error> read_journal(const std::filesystem::path& file);

/// The journal file of a trading day in `dir`.
std::filesystem::path journal_path(const std::filesystem::path& dir, day_number day);

/// Appends records to the day files of a directory.
class journal_writer {
public:
  journal_writer(std::filesystem::path dir, journal_fsync policy);
  ~journal_writer();
  journal_writer(const journal_writer&) = delete;
  journal_writer& operator=(const journal_writer&) = delete;

  /// Appends one encoded record to the file of `day` (opened on first use, the previous day's file
  /// closed). Opening cuts a torn tail; damaged ranges followed by whole frames stay, so that no whole
  /// frame is lost, and new frames follow the end (readers skip the damage). `sync_point` marks the end
  /// of a cycle's answers for the `cycle` policy. On a failed write the file is cut back to its previous
  /// size.
  expected<void, journal_error> append(day_number day, std::string_view payload, bool sync_point);

  const std::filesystem::path& dir() const { return dir_; }
  uint64_t records() const { return records_; }
  uint64_t bytes_written() const { return bytes_written_; }
  uint64_t torn_bytes_cut() const { return torn_bytes_cut_; }
  /// Damage found in the files opened so far (counted at each opening).
  uint64_t damaged_ranges_found() const { return damaged_ranges_found_; }
  uint64_t damaged_bytes_found() const { return damaged_bytes_found_; }
  /// Day files opened so far; after each, the three below describe it.
  uint64_t files_opened() const { return files_opened_; }
  /// The file opened last: its path, the torn tail cut from it and the damaged ranges left in it.
  const std::filesystem::path& file() const { return file_; }
  const std::optional<journal_damage>& torn_tail_cut() const { return torn_tail_cut_; }
  const std::vector<journal_damage>& damage_left() const { return damage_left_; }

private:
  expected<void, journal_error> open(day_number day);
  /// Cuts the torn tail of an existing day file and notes the damage left in it.
  expected<void, journal_error> repair(const std::filesystem::path& path);
  void close();

  std::filesystem::path dir_;
  journal_fsync policy_;
  day_number day_ = 0;
  int fd_ = -1;
  uint64_t records_ = 0;
  uint64_t bytes_written_ = 0;
  uint64_t torn_bytes_cut_ = 0;
  uint64_t damaged_ranges_found_ = 0;
  uint64_t damaged_bytes_found_ = 0;
  uint64_t files_opened_ = 0;
  std::filesystem::path file_;
  std::optional<journal_damage> torn_tail_cut_;
  std::vector<journal_damage> damage_left_;
};

/// A journal's summary for `g6 journal inspect`.
struct journal_summary {
  uint64_t file_bytes = 0;
  uint64_t torn_bytes = 0;
  std::string torn_reason;
  std::vector<journal_damage> damaged;
  uint64_t damaged_bytes = 0;
  uint64_t records = 0;
  uint64_t cycles = 0; // distinct cycle instants
  epoch_ms first_cycle = 0;
  epoch_ms last_cycle = 0;
  uint64_t instrument_lists = 0;
  uint64_t instruments = 0; // options in those lists
  uint64_t spots = 0;
  uint64_t quote_batches = 0;
  uint64_t quotes = 0;
  std::vector<std::string> indices; // sorted
};

journal_summary summarise(const journal_contents& contents);

} // namespace g6
