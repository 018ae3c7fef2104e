// fake_kite_process.hpp — runs g6-fake-kite for end-to-end tests: on a free port (it binds port 0 and
// prints it), its output in a file, killed on destruction; faults switched and counters read over its
// admin endpoints.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace g6::testing {

class fake_kite_process {
public:
  fake_kite_process(const std::vector<std::string>& args, const std::filesystem::path& log_file);
  ~fake_kite_process();
  fake_kite_process(const fake_kite_process&) = delete;
  fake_kite_process& operator=(const fake_kite_process&) = delete;

  int port() const { return port_; }
  std::string base_url() const;

  /// Queues a fault (fake_kite.hpp: kind[:count[:param]]), or "none" to clear them.
  void fault(const std::string& spec);
  /// GET /admin/stats as JSON text.
  std::string stats();

private:
  int pid_ = -1;
  int port_ = 0;
};

/// The g6-fake-kite binary under test (set by CMake).
std::string fake_kite_binary();

} // namespace g6::testing
