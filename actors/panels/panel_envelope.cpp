#include "actors/panels/panel_envelope.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "actors/panels/panel_hash.hpp"
#include "config/ist_time.hpp"

namespace g6 {

std::filesystem::path panels_dir(const settings& s) {
  return s.panels.dir.empty() ? std::filesystem::path{s.storage.data_dir} / "panels" : std::filesystem::path{s.panels.dir};
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

} // namespace

panels_lock::panels_lock(const std::filesystem::path& dir, bool exclusive) {
  auto file = dir / ".lock";
  fd_ = ::open(file.c_str(), exclusive ? O_RDWR | O_CREAT | O_CLOEXEC : O_RDONLY | O_CLOEXEC, 0644);
  if (fd_ < 0)
    return;
  while (::flock(fd_, exclusive ? LOCK_EX : LOCK_SH) != 0 && errno == EINTR) {
  }
}

panels_lock::~panels_lock() {
  if (fd_ >= 0)
    ::close(fd_); // releases the lock
}

std::optional<std::string> write_atomically(const std::filesystem::path& file, const std::string& content) {
  auto temp = file;
  temp += ".tmp." + std::to_string(getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return errno_text("cannot create", temp);
  size_t written = 0;
  while (written < content.size()) {
    auto n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      auto error = errno_text("cannot write", temp);
      ::close(fd);
      ::unlink(temp.c_str());
      return error;
    }
    written += static_cast<size_t>(n);
  }
  // The data reaches the disk before the rename makes it visible under the real name.
  int synced = ::fsync(fd);
  int closed = ::close(fd);
  if (synced != 0 || closed != 0) {
    auto error = errno_text("cannot flush", temp);
    ::unlink(temp.c_str());
    return error;
  }
  if (::rename(temp.c_str(), file.c_str()) != 0) {
    auto error = errno_text("cannot rename into place", file);
    ::unlink(temp.c_str());
    return error;
  }
  return std::nullopt;
}

} // namespace g6
