#include "actors/panels/panel_envelope.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <thread>

#include "actors/panels/panel_hash.hpp"
#include "config/ist_time.hpp"

namespace g6 {

std::filesystem::path panels_dir(const settings& s) {
  return s.panels.dir.empty() ? std::filesystem::path{s.storage.data_dir} / "panels"
                              : std::filesystem::path{s.panels.dir};
}

std::string panel_file_name(const std::string& panel) {
  return panel + "_enveloped.json";
}

nlohmann::json make_envelope(const std::string& panel, const nlohmann::json& data, epoch_ms generated_at,
                             epoch_ms updated_at, const std::string& source) {
  return {{"panel", panel},
          {"version", 1},
          {"generated_at", format_ist(generated_at)},
          {"updated_at", format_ist(updated_at)},
          {"data", data},
          {"meta", {{"source", source}, {"schema", panel_envelope_schema}, {"hash", short_hash(data)}}}};
}

nlohmann::json make_manifest(const std::vector<manifest_entry>& entries) {
  auto panels = nlohmann::json::array();
  auto hashes = nlohmann::json::object();
  for (auto& e : entries) {
    panels.push_back(e.panel);
    hashes[e.file] = e.sha256;
  }
  return {{"panels", panels}, {"hashes", hashes}};
}

namespace {

std::string errno_text(const std::string& what, const std::filesystem::path& file) {
  return what + " " + file.string() + ": " + std::strerror(errno);
}

/// <dir>/.lock opened as a regular file, or -1 with why_not set. Never a FIFO (opening one waits for a
/// writer) nor whatever a symlink planted there points to.
int open_lock_file(const std::filesystem::path& file, bool exclusive, std::string& why_not) {
  int flags = (exclusive ? O_RDWR | O_CREAT : O_RDONLY) | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
  int fd = ::open(file.c_str(), flags, 0644);
  if (fd < 0) {
    why_not = errno == ELOOP ? file.string() + " is a symlink" : errno_text("cannot open", file);
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    why_not = file.string() + " is not a regular file";
    ::close(fd);
    return -1;
  }
  return fd;
}

} // namespace

panels_lock::panels_lock(const std::filesystem::path& dir, bool exclusive, std::chrono::milliseconds patience) {
  auto file = dir / ".lock";
  fd_ = open_lock_file(file, exclusive, why_not_);
  // The writer owns the directory: something other than a lock file under that name is removed (no
  // reader can hold a lock on it, as readers open only regular files) and a lock file made.
  if (fd_ < 0 && exclusive && ::unlink(file.c_str()) == 0)
    fd_ = open_lock_file(file, exclusive, why_not_);
  if (fd_ < 0)
    return;
  // A lock held for longer than `patience` (by a stuck or hostile process) must not stall the caller: the
  // writer skips a generation, a reader goes on without it, and shutdown is never held up.
  auto deadline = std::chrono::steady_clock::now() + patience;
  for (;;) {
    if (::flock(fd_, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0)
      return;
    if (errno != EWOULDBLOCK && errno != EINTR) {
      why_not_ = errno_text("cannot lock", file);
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      why_not_ = file.string() + " is locked by another process";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  release();
}

panels_lock::~panels_lock() {
  release();
}

void panels_lock::release() {
  if (fd_ >= 0)
    ::close(fd_); // releases the lock
  fd_ = -1;
}

expected<void, std::string> write_atomically(const std::filesystem::path& file, const std::string& content) {
  auto temp = file;
  temp += ".tmp." + std::to_string(getpid());
  // The temp file is always a new one: whatever was planted under its name (a FIFO that would block the
  // open, a symlink that would redirect the write) is removed, and O_EXCL refuses anything that appears
  // in between. The rename below replaces `file` itself, never what a symlink there points to.
  if (::unlink(temp.c_str()) != 0 && errno != ENOENT)
    return unexpected{errno_text("cannot remove", temp)};
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0)
    return unexpected{errno_text("cannot create", temp)};
  size_t written = 0;
  while (written < content.size()) {
    auto n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      auto error = errno_text("cannot write", temp);
      ::close(fd);
      ::unlink(temp.c_str());
      return unexpected{std::move(error)};
    }
    written += static_cast<size_t>(n);
  }
  // The data reaches the disk before the rename makes it visible under the real name.
  int synced = ::fsync(fd);
  int closed = ::close(fd);
  if (synced != 0 || closed != 0) {
    auto error = errno_text("cannot flush", temp);
    ::unlink(temp.c_str());
    return unexpected{std::move(error)};
  }
  if (::rename(temp.c_str(), file.c_str()) != 0) {
    auto error = errno_text("cannot rename into place", file);
    ::unlink(temp.c_str());
    return unexpected{std::move(error)};
  }
  return {};
}

} // namespace g6
