#include "actors/journal/journal_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

#include "config/ist_time.hpp"

namespace g6 {

namespace {

journal_error os_error(const std::filesystem::path& file, const char* what) {
  return {file, std::string{what} + ": " + std::strerror(errno)};
}

expected<std::string, journal_error> slurp(const std::filesystem::path& file) {
  std::ifstream in{file, std::ios::binary};
  if (!in)
    return unexpected{journal_error{file, "cannot open for reading"}};
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  if (ec)
    return unexpected{journal_error{file, "size: " + ec.message()}};
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size)))
    return unexpected{journal_error{file, "read failed"}};
  return bytes;
}

} // namespace

std::optional<journal_fsync> parse_journal_fsync(std::string_view text) {
  if (text == "never")
    return journal_fsync::never;
  if (text == "cycle")
    return journal_fsync::cycle;
  if (text == "every")
    return journal_fsync::every;
  return std::nullopt;
}

uint64_t journal_contents::damaged_bytes() const {
  return total_length(damaged);
}

expected<journal_contents, std::string> parse_journal(std::string_view bytes) {
  if (!bytes.starts_with(journal_magic))
    return unexpected{std::string{"not a g6 journal (bad magic)"}};
  auto scan = scan_journal_frames(bytes);
  journal_contents contents;
  contents.file_bytes = bytes.size();
  contents.valid_bytes = scan.torn_tail ? scan.torn_tail->offset : bytes.size();
  contents.torn_bytes = bytes.size() - contents.valid_bytes;
  if (scan.torn_tail)
    contents.torn_reason = scan.torn_tail->reason;
  contents.damaged = std::move(scan.damaged);
  contents.records.reserve(scan.frames.size());
  for (auto& frame : scan.frames) {
    auto record = decode_journal_record(frame.payload);
    // Its framing is whole, so the next frame starts after it: only this record is lost.
    if (!record)
      contents.damaged.push_back({frame.offset, journal_frame_bytes(frame.payload.size()), record.error().message});
    else
      contents.records.push_back(*std::move(record));
  }
  std::sort(contents.damaged.begin(), contents.damaged.end(),
            [](const journal_damage& a, const journal_damage& b) { return a.offset < b.offset; });
  return contents;
}

expected<journal_contents, journal_error> read_journal(const std::filesystem::path& file) {
  auto read = slurp(file);
  if (!read)
    return unexpected{std::move(read).error()};
  auto parsed = parse_journal(*read);
  if (!parsed)
    return unexpected{journal_error{file, std::move(parsed).error()}};
  return *std::move(parsed);
}

std::filesystem::path journal_path(const std::filesystem::path& dir, day_number day) {
  return dir / (format_date(day) + ".g6j");
}

journal_writer::journal_writer(std::filesystem::path dir, journal_fsync policy)
  : dir_(std::move(dir)), policy_(policy) {}

journal_writer::~journal_writer() {
  close();
}

void journal_writer::close() {
  if (fd_ >= 0) {
    if (policy_ != journal_fsync::never)
      ::fsync(fd_);
    ::close(fd_);
  }
  fd_ = -1;
}

expected<void, journal_error> journal_writer::open(day_number day) {
  close();
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec)
    return unexpected{journal_error{dir_, "create directory: " + ec.message()}};
  auto path = journal_path(dir_, day);
  file_ = path;
  torn_tail_cut_.reset();
  damage_left_.clear();
  ++files_opened_;
  if (std::filesystem::exists(path, ec))
    if (auto repaired = repair(path); !repaired)
      return repaired;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0)
    return unexpected{os_error(path, "open")};
  day_ = day;
  struct stat st {};
  if (::fstat(fd_, &st) != 0)
    return unexpected{os_error(path, "stat")};
  if (st.st_size == 0
      && ::write(fd_, journal_magic.data(), journal_magic.size()) != static_cast<ssize_t>(journal_magic.size()))
    return unexpected{os_error(path, "write")};
  return {};
}

expected<void, journal_error> journal_writer::repair(const std::filesystem::path& path) {
  auto read = slurp(path);
  if (!read)
    return unexpected{std::move(read).error()};
  auto& bytes = *read;
  // Less than the magic is a file whose creation was torn: it is written again.
  if (bytes.size() < journal_magic.size()) {
    if (!bytes.empty())
      torn_tail_cut_ = journal_damage{0, bytes.size(), "incomplete magic"};
  } else {
    if (!std::string_view{bytes}.starts_with(journal_magic))
      return unexpected{journal_error{path, "exists but is not a g6 journal (bad magic); not appending to it"}};
    auto scan = scan_journal_frames(bytes);
    torn_tail_cut_ = std::move(scan.torn_tail);
    damage_left_ = std::move(scan.damaged);
  }
  // A torn tail is what a crash mid-append leaves: cut it, so new frames follow the last whole one.
  if (torn_tail_cut_) {
    std::error_code ec;
    std::filesystem::resize_file(path, torn_tail_cut_->offset, ec);
    if (ec) {
      torn_tail_cut_.reset();
      return unexpected{journal_error{path, "cut torn tail: " + ec.message()}};
    }
    torn_bytes_cut_ += torn_tail_cut_->length;
  }
  damaged_bytes_found_ += total_length(damage_left_);
  damaged_ranges_found_ += damage_left_.size();
  return {};
}

expected<void, journal_error> journal_writer::append(day_number day, std::string_view payload, bool sync_point) {
  if (fd_ < 0 || day != day_)
    if (auto opened = open(day); !opened) {
      close();
      return opened;
    }
  auto path = journal_path(dir_, day_);
  struct stat st {};
  if (::fstat(fd_, &st) != 0)
    return unexpected{os_error(path, "stat")};
  auto frame = journal_frame(payload);
  size_t done = 0;
  while (done < frame.size()) {
    auto n = ::write(fd_, frame.data() + done, frame.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      auto err = os_error(path, "write");
      if (::ftruncate(fd_, st.st_size) != 0)
        err.message += "; could not cut back the partial frame: " + std::string{std::strerror(errno)};
      close();
      return unexpected{std::move(err)};
    }
    done += static_cast<size_t>(n);
  }
  ++records_;
  bytes_written_ += frame.size();
  if (policy_ == journal_fsync::every || (policy_ == journal_fsync::cycle && sync_point))
    if (::fdatasync(fd_) != 0)
      return unexpected{os_error(path, "fsync")};
  return {};
}

journal_summary summarise(const journal_contents& contents) {
  journal_summary s;
  s.file_bytes = contents.file_bytes;
  s.torn_bytes = contents.torn_bytes;
  s.torn_reason = contents.torn_reason;
  s.damaged = contents.damaged;
  s.damaged_bytes = contents.damaged_bytes();
  s.records = contents.records.size();
  std::set<epoch_ms> cycles;
  std::set<std::string> indices;
  for (auto& r : contents.records) {
    cycles.insert(r.cycle_ts);
    indices.insert(r.index);
    switch (r.kind) {
      case journal_kind::instruments:
        ++s.instrument_lists;
        s.instruments += r.instruments.options.size();
        break;
      case journal_kind::spot:
        ++s.spots;
        break;
      case journal_kind::quotes:
        ++s.quote_batches;
        s.quotes += r.quotes.quotes.size();
        break;
    }
  }
  s.cycles = cycles.size();
  if (!cycles.empty()) {
    s.first_cycle = *cycles.begin();
    s.last_cycle = *cycles.rbegin();
  }
  s.indices.assign(indices.begin(), indices.end());
  return s;
}

} // namespace g6
