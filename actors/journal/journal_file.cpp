#include "actors/journal/journal_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

#include "config/ist_time.hpp"

namespace g6 {

namespace {

constexpr size_t frame_header_bytes = 8;
constexpr uint32_t max_payload_bytes = 256u << 20; // a larger length is damage, not data

constexpr std::array<uint32_t, 256> crc32c_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k)
      c = (c & 1) ? 0x82F63B78u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

void put_u32(std::string& out, uint32_t x) {
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<char>((x >> (8 * i)) & 0xFF));
}

uint32_t get_u32(std::string_view in) {
  uint32_t x = 0;
  for (int i = 3; i >= 0; --i)
    x = (x << 8) | static_cast<uint8_t>(in[static_cast<size_t>(i)]);
  return x;
}

journal_error os_error(const std::filesystem::path& file, const char* what) {
  return {file, std::string{what} + ": " + std::strerror(errno)};
}

/// Where the whole frames of a journal's bytes end, and why reading stopped there if not at the end.
struct frame_scan {
  std::vector<std::string_view> payloads;
  size_t valid = 0;
  std::string torn_reason;
};

frame_scan scan_frames(std::string_view bytes) {
  frame_scan scan;
  size_t at = journal_magic.size();
  scan.valid = at;
  while (at < bytes.size()) {
    if (bytes.size() - at < frame_header_bytes) {
      scan.torn_reason = "incomplete frame header";
      break;
    }
    auto length = get_u32(bytes.substr(at, 4));
    auto checksum = get_u32(bytes.substr(at + 4, 4));
    if (length > max_payload_bytes || bytes.size() - at - frame_header_bytes < length) {
      scan.torn_reason = "frame runs past the end of the file";
      break;
    }
    auto payload = bytes.substr(at + frame_header_bytes, length);
    if (crc32c(payload) != checksum) {
      scan.torn_reason = "frame checksum mismatch";
      break;
    }
    scan.payloads.push_back(payload);
    at += frame_header_bytes + length;
    scan.valid = at;
  }
  return scan;
}

std::variant<std::string, journal_error> slurp(const std::filesystem::path& file) {
  std::ifstream in{file, std::ios::binary};
  if (!in)
    return journal_error{file, "cannot open for reading"};
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  if (ec)
    return journal_error{file, "size: " + ec.message()};
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size)))
    return journal_error{file, "read failed"};
  return bytes;
}

} // namespace

uint32_t crc32c(std::string_view bytes) {
  static constexpr auto table = crc32c_table();
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes)
    c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::string journal_frame(std::string_view payload) {
  std::string frame;
  frame.reserve(frame_header_bytes + payload.size());
  put_u32(frame, static_cast<uint32_t>(payload.size()));
  put_u32(frame, crc32c(payload));
  frame.append(payload);
  return frame;
}

std::optional<journal_fsync> parse_journal_fsync(std::string_view text) {
  if (text == "never")
    return journal_fsync::never;
  if (text == "cycle")
    return journal_fsync::cycle;
  if (text == "every")
    return journal_fsync::every;
  return std::nullopt;
}

std::variant<journal_contents, journal_error> read_journal(const std::filesystem::path& file) {
  auto read = slurp(file);
  if (auto* err = std::get_if<journal_error>(&read))
    return *err;
  auto& bytes = std::get<std::string>(read);
  if (bytes.compare(0, journal_magic.size(), journal_magic) != 0)
    return journal_error{file, "not a g6 journal (bad magic)"};
  auto scan = scan_frames(bytes);
  journal_contents contents;
  contents.file_bytes = bytes.size();
  contents.valid_bytes = scan.valid;
  contents.torn_bytes = bytes.size() - scan.valid;
  contents.torn_reason = scan.torn_reason;
  contents.records.reserve(scan.payloads.size());
  for (size_t i = 0; i < scan.payloads.size(); ++i) {
    auto record = decode_journal_record(scan.payloads[i]);
    // A checked frame that does not decode was written by something else: refuse rather than guess.
    if (auto* err = std::get_if<journal_decode_error>(&record))
      return journal_error{file, "record " + std::to_string(i + 1) + ": " + err->message};
    contents.records.push_back(std::move(std::get<journal_record>(record)));
  }
  return contents;
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

std::optional<journal_error> journal_writer::open(day_number day) {
  close();
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec)
    return journal_error{dir_, "create directory: " + ec.message()};
  auto path = journal_path(dir_, day);
  // Cut a torn tail left by a crash, so new frames follow the last whole one.
  if (std::filesystem::exists(path, ec)) {
    auto read = slurp(path);
    if (auto* err = std::get_if<journal_error>(&read))
      return *err;
    auto& bytes = std::get<std::string>(read);
    if (bytes.compare(0, journal_magic.size(), journal_magic) != 0 && bytes.size() >= journal_magic.size())
      return journal_error{path, "exists but is not a g6 journal (bad magic); not appending to it"};
    auto valid = bytes.size() < journal_magic.size() ? 0 : scan_frames(bytes).valid;
    if (valid < bytes.size()) {
      std::filesystem::resize_file(path, valid, ec);
      if (ec)
        return journal_error{path, "cut torn tail: " + ec.message()};
      torn_bytes_cut_ += bytes.size() - valid;
    }
  }
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0)
    return os_error(path, "open");
  day_ = day;
  struct stat st {};
  if (::fstat(fd_, &st) != 0)
    return os_error(path, "stat");
  if (st.st_size == 0 && ::write(fd_, journal_magic.data(), journal_magic.size())
                           != static_cast<ssize_t>(journal_magic.size()))
    return os_error(path, "write");
  return std::nullopt;
}

std::optional<journal_error> journal_writer::append(day_number day, std::string_view payload, bool sync_point) {
  if (fd_ < 0 || day != day_)
    if (auto err = open(day)) {
      close();
      return err;
    }
  auto path = journal_path(dir_, day_);
  struct stat st {};
  if (::fstat(fd_, &st) != 0)
    return os_error(path, "stat");
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
      return err;
    }
    done += static_cast<size_t>(n);
  }
  ++records_;
  bytes_written_ += frame.size();
  if (policy_ == journal_fsync::every || (policy_ == journal_fsync::cycle && sync_point))
    if (::fdatasync(fd_) != 0)
      return os_error(path, "fsync");
  return std::nullopt;
}

journal_summary summarise(const journal_contents& contents) {
  journal_summary s;
  s.file_bytes = contents.file_bytes;
  s.torn_bytes = contents.torn_bytes;
  s.torn_reason = contents.torn_reason;
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
