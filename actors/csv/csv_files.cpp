#include "actors/csv/csv_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

namespace g6 {

namespace {

unexpected<csv_write_error> os_error(const std::filesystem::path& file, const char* what) {
  return unexpected{csv_write_error{file, std::string{what} + ": " + std::strerror(errno)}};
}

/// The size of an open file after cutting an incomplete last line.
expected<uint64_t, csv_write_error> cut_torn_tail(int fd, const std::filesystem::path& file, uint64_t& bytes_cut) {
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    return os_error(file, "stat");
  auto size = static_cast<uint64_t>(st.st_size);
  bytes_cut = 0;
  if (size == 0)
    return size;
  // Read backwards in blocks until the last newline is found (or the file start is reached).
  char block[4096];
  uint64_t end = size;
  while (end > 0) {
    auto n = std::min<uint64_t>(end, sizeof block);
    auto got = ::pread(fd, block, n, static_cast<off_t>(end - n));
    if (got != static_cast<ssize_t>(n))
      return os_error(file, "read");
    if (end == size && block[n - 1] == '\n')
      return size;
    for (auto i = n; i > 0; --i)
      if (block[i - 1] == '\n') {
        auto keep = end - n + i;
        if (::ftruncate(fd, static_cast<off_t>(keep)) != 0)
          return os_error(file, "truncate");
        bytes_cut = size - keep;
        return keep;
      }
    end -= n;
  }
  if (::ftruncate(fd, 0) != 0)
    return os_error(file, "truncate");
  bytes_cut = size;
  return uint64_t{0};
}

} // namespace

expected<uint64_t, csv_write_error> repair_torn_tail(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return os_error(file, "open");
  uint64_t cut = 0;
  auto size = cut_torn_tail(fd, file, cut);
  ::close(fd);
  if (!size)
    return unexpected{std::move(size).error()};
  return cut;
}

csv_repair_report repair_csv_tree(const std::filesystem::path& dir) {
  csv_repair_report report;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec))
    return report;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".csv")
      continue;
    ++report.files;
    auto cut = repair_torn_tail(it->path());
    if (!cut) {
      report.errors.push_back(std::move(cut).error());
    } else if (*cut > 0) {
      ++report.files_repaired;
      report.bytes_cut += *cut;
    }
  }
  if (ec)
    report.errors.push_back({dir, "scan: " + ec.message()});
  return report;
}

csv_files::csv_files(std::filesystem::path base) : base_(std::move(base)) {}

csv_files::~csv_files() {
  close_all();
}

void csv_files::close_all() {
  for (auto& [path, fd] : open_)
    ::close(fd);
  open_.clear();
}

expected<int, csv_write_error> csv_files::open(const std::filesystem::path& path) {
  if (auto i = open_.find(path.string()); i != open_.end())
    return i->second;
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec)
    return unexpected{csv_write_error{path.parent_path(), "create directory: " + ec.message()}};
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    return os_error(path, "open");
  // A file this process has not written yet may end in a line torn by a crash: cut it before appending.
  uint64_t cut = 0;
  if (auto size = cut_torn_tail(fd, path, cut); !size) {
    ::close(fd);
    return unexpected{std::move(size).error()};
  }
  open_.emplace(path.string(), fd);
  return fd;
}

expected<void, csv_write_error> csv_files::append(const std::filesystem::path& file, std::string_view header,
                                                  std::string_view lines) {
  auto path = base_ / file;
  auto opened = open(path);
  if (!opened)
    return unexpected{std::move(opened).error()};
  int fd = *opened;
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    return os_error(path, "stat");
  std::string text;
  if (st.st_size == 0) {
    text.reserve(header.size() + 1 + lines.size());
    text.append(header).push_back('\n');
  }
  text.append(lines);
  // One write per file and batch: a kill between batches leaves whole lines. Should the write itself be
  // cut short (disk full, a signal), the file goes back to its old size.
  size_t done = 0;
  while (done < text.size()) {
    auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      auto err = os_error(path, "write");
      if (::ftruncate(fd, st.st_size) != 0)
        err.error.message += "; could not cut back the partial write: " + std::string{std::strerror(errno)};
      ::close(fd);
      open_.erase(path.string());
      return err;
    }
    done += static_cast<size_t>(n);
  }
  bytes_written_ += text.size();
  return {};
}

} // namespace g6
