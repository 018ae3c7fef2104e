#include "actors/network/node_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace g6 {

namespace fs = std::filesystem;

fs::path node_file_path(const fs::path& data_dir) {
  return data_dir / "node.json";
}

expected<void, std::string> write_node_file(const fs::path& data_dir, const node_file& file) {
  nlohmann::json j{{"role", to_string(file.role)},
                   {"pid", file.pid},
                   {"host", file.host},
                   {"port", file.port},
                   {"secret", file.secret}};
  auto text = j.dump(2) + "\n";
  auto target = node_file_path(data_dir);
  auto partial = fs::path{target}.concat(".partial");
  // Created 0600 from the start: the secret is never readable by others, not even briefly.
  int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return unexpected{fmt::format("{}: {}", partial.string(), std::strerror(errno))};
  auto written = ::write(fd, text.data(), text.size());
  bool ok = written == static_cast<ssize_t>(text.size()) && ::fchmod(fd, 0600) == 0;
  ::close(fd);
  std::error_code ec;
  if (ok)
    fs::rename(partial, target, ec);
  if (!ok || ec) {
    fs::remove(partial, ec);
    return unexpected{fmt::format("{}: cannot write", target.string())};
  }
  return {};
}

expected<node_file, std::string> read_node_file(const fs::path& data_dir) {
  auto path = node_file_path(data_dir);
  std::ifstream in{path};
  if (!in)
    return unexpected{fmt::format("no running node found: {} does not exist (start one with g6 run, or use "
                                  "--connect)",
                                  path.string())};
  try {
    auto j = nlohmann::json::parse(in);
    node_file f;
    auto role = j.at("role").get<std::string>();
    auto parsed = parse_node_role(role);
    if (!parsed)
      return unexpected{
        fmt::format("{}: not a node file: role '{}' is not {}", path.string(), role, node_role_words())};
    f.role = *parsed;
    f.pid = j.at("pid").get<long>();
    f.host = j.at("host").get<std::string>();
    f.port = j.at("port").get<uint16_t>();
    f.secret = j.at("secret").get<std::string>();
    return f;
  } catch (const std::exception& e) {
    return unexpected{fmt::format("{}: not a node file: {}", path.string(), e.what())};
  }
}

} // namespace g6
