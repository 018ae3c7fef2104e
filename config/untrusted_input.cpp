// untrusted_input.cpp — bounded reading of regular files and the NUL/depth scan of JSON text (see
// untrusted_input.hpp).
#include "config/untrusted_input.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

namespace g6 {

namespace {

/// Closes the descriptor on every path out.
struct descriptor {
  int fd;
  ~descriptor() {
    if (fd >= 0)
      ::close(fd);
  }
};

} // namespace

const char* file_kind_text(unsigned mode) {
  if (S_ISREG(mode))
    return "a regular file";
  if (S_ISDIR(mode))
    return "a directory";
  if (S_ISLNK(mode))
    return "a symlink";
  if (S_ISFIFO(mode))
    return "a FIFO";
  if (S_ISCHR(mode))
    return "a character device";
  if (S_ISBLK(mode))
    return "a block device";
  if (S_ISSOCK(mode))
    return "a socket";
  return "an unknown kind";
}

std::string byte_size_text(size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
    return fmt::format("{} bytes ({} MiB)", bytes, bytes >> 20);
  if (bytes >= (1u << 10) && bytes % (1u << 10) == 0)
    return fmt::format("{} bytes ({} KiB)", bytes, bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

expected<std::string, read_refusal> read_regular_file(const std::filesystem::path& file, const read_limits& limits) {
  auto refused = [](file_refusal reason, std::string message) {
    return unexpected{read_refusal{reason, std::move(message)}};
  };
  auto os_error = [&](file_refusal reason, int error) {
    return refused(reason, fmt::format("cannot read: {}", std::strerror(error)));
  };
  // O_NONBLOCK: opening a FIFO without a writer would otherwise wait for one forever. It changes nothing
  // for the regular file that is all this function reads.
  int flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (limits.follow_symlinks ? 0 : O_NOFOLLOW);
  descriptor in{::open(file.c_str(), flags)};
  if (in.fd < 0) {
    int error = errno;
    if (error == ENOENT)
      return os_error(file_refusal::missing, error);
    if (error == ELOOP && !limits.follow_symlinks)
      return refused(file_refusal::symlink, "a symlink, not followed");
    return os_error(file_refusal::io, error);
  }
  struct stat st {};
  if (::fstat(in.fd, &st) != 0)
    return os_error(file_refusal::io, errno);
  if (!S_ISREG(st.st_mode))
    return refused(file_refusal::not_regular, fmt::format("not a regular file ({})", file_kind_text(st.st_mode)));
  auto limit = byte_size_text(limits.max_bytes);
  if (static_cast<uint64_t>(st.st_size) > limits.max_bytes)
    return refused(file_refusal::too_large, fmt::format("too large: {}, the limit is {}",
                                                        byte_size_text(static_cast<size_t>(st.st_size)), limit));
  // Read into the string itself, one byte more than fstat said: a file that grew since is noticed.
  std::string text(static_cast<size_t>(st.st_size) + 1, '\0');
  size_t used = 0;
  for (;;) {
    if (used == text.size()) {
      if (used > limits.max_bytes)
        return refused(file_refusal::too_large,
                       fmt::format("too large: it grew past the limit of {} while it was read", limit));
      text.resize(std::min(2 * used, limits.max_bytes + 1));
    }
    auto n = ::read(in.fd, text.data() + used, text.size() - used);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return os_error(file_refusal::io, errno);
    if (n == 0)
      break;
    used += static_cast<size_t>(n);
  }
  text.resize(used);
  return text;
}

expected<void, json_text_problem> check_json_text(std::string_view text, const json_text_limits& limits) {
  std::vector<size_t> members; // per open object or array: the commas seen in it so far, plus one
  bool in_string = false;
  bool escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\0')
      return unexpected{json_text_problem{json_text_fault::nul_byte, i, fmt::format("a NUL byte at offset {}", i)}};
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (members.size() == limits.max_depth)
        return unexpected{json_text_problem{
          json_text_fault::too_deep, i, fmt::format("nested deeper than {} levels at offset {}", limits.max_depth, i)}};
      members.push_back(1);
    } else if ((c == ']' || c == '}') && !members.empty()) {
      members.pop_back();
    } else if (c == ',' && !members.empty() && ++members.back() > limits.max_members) {
      return unexpected{json_text_problem{
        json_text_fault::too_many_members, i,
        fmt::format("more than {} members in one object or array at offset {}", limits.max_members, i)}};
    }
  }
  return {};
}

} // namespace g6
