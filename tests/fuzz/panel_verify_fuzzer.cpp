// panel_verify_fuzzer.cpp — libFuzzer target: any bytes as a panel file. They go through the bounded
// parse of panel files, then onto disk as both the manifest and a panel of a scratch panels directory,
// which `g6 panels verify`, the integrity monitor (verify_panels) and `g6 summary`/`g6 status`
// (read_panels, render_summary) read. None may crash, hang or recurse without bound.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "actors/panels/panel_envelope.hpp"
#include "actors/panels/panel_file.hpp"
#include "actors/panels/panel_summary.hpp"
#include "actors/panels/panel_verify.hpp"

namespace {

/// A panels directory of this process's own. libFuzzer ends without running exit handlers, so each run
/// removes what runs that are gone left behind.
const std::filesystem::path& scratch_dir() {
  static const auto dir = [] {
    // Two files are rewritten per input: in memory (/dev/shm) that costs microseconds, on a disk
    // filesystem it can mean a flush each time.
    std::filesystem::path base =
      std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    const std::string prefix = "g6-panel-fuzz-";
    std::error_code ec;
    for (auto& entry : std::filesystem::directory_iterator(base, ec)) {
      auto name = entry.path().filename().string();
      if (name.rfind(prefix, 0) == 0 && ::kill(std::atoi(name.c_str() + prefix.size()), 0) != 0 && errno == ESRCH)
        std::filesystem::remove_all(entry.path(), ec);
    }
    auto d = base / (prefix + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text{reinterpret_cast<const char*>(data), size};
  (void)g6::parse_panel_text(text, "input");
  auto& dir = scratch_dir();
  for (auto name : {"manifest.json", "summary_enveloped.json"})
    std::ofstream{dir / name, std::ios::binary | std::ios::trunc}.write(text.data(),
                                                                        static_cast<std::streamsize>(size));
  auto report = g6::verify_panels(dir);
  (void)g6::to_json(report).dump();
  (void)g6::render_summary(g6::read_panels(dir), true);
  return 0;
}
