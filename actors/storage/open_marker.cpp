#include "actors/storage/open_marker.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "config/ist_time.hpp"
#include "messages/market.hpp"

namespace g6 {

namespace {

/// A marker is one short line; more is not ours, and never worth reading whole.
constexpr size_t marker_read_limit = 256;

/// Closes a descriptor when it goes out of scope.
struct descriptor {
  int fd = -1;
  ~descriptor() {
    if (fd >= 0)
      ::close(fd);
  }
};

store_error marker_error(const std::filesystem::path& marker, std::string_view doing) {
  return {store_errc::io_error,
          fmt::format("cannot {} the open marker {}: {}", doing, marker.string(), std::strerror(errno))};
}

} // namespace

std::filesystem::path open_marker_path(const std::filesystem::path& database) {
  auto marker = database;
  marker += ".open";
  return marker;
}

std::optional<std::string> read_open_marker(const std::filesystem::path& database) {
  auto marker = open_marker_path(database);
  std::error_code ec;
  auto status = std::filesystem::symlink_status(marker, ec);
  if (ec || status.type() == std::filesystem::file_type::not_found)
    return std::nullopt;
  // Anything in the marker's place counts as a marker; only a regular file is read (a FIFO would block).
  if (status.type() != std::filesystem::file_type::regular)
    return fmt::format("{} is there but is not a regular file", marker.string());
  descriptor file{::open(marker.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)};
  if (file.fd < 0)
    return fmt::format("{} is there but unreadable: {}", marker.string(), std::strerror(errno));
  std::array<char, marker_read_limit> text{};
  auto n = ::read(file.fd, text.data(), text.size());
  std::string line{text.data(), n > 0 ? static_cast<size_t>(n) : 0};
  while (!line.empty() && (line.back() == '\n' || line.back() == '\0'))
    line.pop_back();
  if (line.empty())
    return fmt::format("{} is there but empty", marker.string());
  return line;
}

expected<void, store_error> write_open_marker(const std::filesystem::path& database) {
  auto marker = open_marker_path(database);
  auto line = fmt::format("pid {} opened {} at {}\n", ::getpid(), database.string(), format_ist(wall_clock_ms()));
  {
    descriptor file{::open(marker.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644)};
    if (file.fd < 0)
      return unexpected{marker_error(marker, "create")};
    if (::write(file.fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
      return unexpected{marker_error(marker, "write")};
    if (::fsync(file.fd) != 0)
      return unexpected{marker_error(marker, "sync")};
  }
  // The marker's name must reach the disk too, or a power loss could take the marker with it.
  auto dir = marker.has_parent_path() ? marker.parent_path() : std::filesystem::path{"."};
  descriptor directory{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (directory.fd < 0 || ::fsync(directory.fd) != 0)
    return unexpected{marker_error(marker, "sync the directory of")};
  return {};
}

void remove_open_marker(const std::filesystem::path& database) {
  std::error_code ec;
  std::filesystem::remove(open_marker_path(database), ec);
}

} // namespace g6
