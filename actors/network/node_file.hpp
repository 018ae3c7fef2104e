// node_file.hpp — `<data-dir>/node.json`: how a console on the same machine finds the local node. The
// node writes its role, pid, listening address and shared secret there (mode 0600, so only its user can
// read the secret) once it listens, and removes it when it stops. Pure code.
#pragma once

#include <filesystem>
#include <string>

#include "actors/network/node_role.hpp"
#include "messages/expected.hpp"

namespace g6 {

struct node_file {
  node_role role = node_role::all;
  long pid = 0;
  std::string host;
  uint16_t port = 0;
  std::string secret;
};

std::filesystem::path node_file_path(const std::filesystem::path& data_dir);

/// Writes the file with mode 0600 (atomically: a reader never sees half of it); the reason on failure.
expected<void, std::string> write_node_file(const std::filesystem::path& data_dir, const node_file& file);

/// Reads the file, or says why it cannot (absent: no node running with this data directory).
expected<node_file, std::string> read_node_file(const std::filesystem::path& data_dir);

} // namespace g6
