// journal_file.hpp — the capture journal on disk: `<dir>/<YYYY-MM-DD>.g6j`, a 4-byte magic followed by
// frames of [payload length: u32 LE][CRC-32C of the payload: u32 LE][payload: one msgpack record]. A frame
// whose length runs past the end of the file or whose checksum does not match is a torn tail: reading
// stops there, and the writer cuts it before appending. Pure code (POSIX files, no CAF).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "actors/journal/journal_record.hpp"

namespace g6 {

/// The file's first bytes.
inline constexpr std::string_view journal_magic = "G6J1";

/// CRC-32C (Castagnoli) of bytes.
uint32_t crc32c(std::string_view bytes);

/// A payload as one frame.
std::string journal_frame(std::string_view payload);

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
  uint64_t valid_bytes = 0;  // magic plus every whole, checked frame
  uint64_t torn_bytes = 0;   // after the last good frame
  std::string torn_reason;   // why reading stopped early, empty when it did not
};

/// Reads every whole frame of a journal file. A torn tail is reported, not an error; a file that is not
/// a journal (bad magic) or cannot be read is.
std::variant<journal_contents, journal_error> read_journal(const std::filesystem::path& file);

/// The journal file of a trading day in `dir`.
std::filesystem::path journal_path(const std::filesystem::path& dir, day_number day);

/// Appends records to the day files of a directory.
class journal_writer {
public:
  journal_writer(std::filesystem::path dir, journal_fsync policy);
  ~journal_writer();
  journal_writer(const journal_writer&) = delete;
  journal_writer& operator=(const journal_writer&) = delete;

  /// Appends one encoded record to the file of `day` (opened, its torn tail cut, on first use; the
  /// previous day's file is closed). `sync_point` marks the end of a cycle's answers for the `cycle`
  /// policy. On a failed write the file is cut back to its previous size.
  std::optional<journal_error> append(day_number day, std::string_view payload, bool sync_point);

  const std::filesystem::path& dir() const { return dir_; }
  uint64_t records() const { return records_; }
  uint64_t bytes_written() const { return bytes_written_; }
  uint64_t torn_bytes_cut() const { return torn_bytes_cut_; }

private:
  std::optional<journal_error> open(day_number day);
  void close();

  std::filesystem::path dir_;
  journal_fsync policy_;
  day_number day_ = 0;
  int fd_ = -1;
  uint64_t records_ = 0;
  uint64_t bytes_written_ = 0;
  uint64_t torn_bytes_cut_ = 0;
};

/// A journal's summary for `g6 journal inspect`.
struct journal_summary {
  uint64_t file_bytes = 0;
  uint64_t torn_bytes = 0;
  std::string torn_reason;
  uint64_t records = 0;
  uint64_t cycles = 0;          // distinct cycle instants
  epoch_ms first_cycle = 0;
  epoch_ms last_cycle = 0;
  uint64_t instrument_lists = 0;
  uint64_t instruments = 0;     // options in those lists
  uint64_t spots = 0;
  uint64_t quote_batches = 0;
  uint64_t quotes = 0;
  std::vector<std::string> indices; // sorted
};

journal_summary summarise(const journal_contents& contents);

} // namespace g6
