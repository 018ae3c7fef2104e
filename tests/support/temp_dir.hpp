// temp_dir.hpp — a fresh directory per test under the system temp dir, removed afterwards (kept when
// G6_TEST_KEEP is set, to look at what a failing test left).
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace g6::testing {

class temp_dir {
public:
  temp_dir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("g6-test-" + std::to_string(rd()) + std::to_string(getpid()));
    std::filesystem::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ec;
    if (!std::getenv("G6_TEST_KEEP"))
      std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
};

} // namespace g6::testing
