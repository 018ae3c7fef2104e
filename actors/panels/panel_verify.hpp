// panel_verify.hpp — checks a panels directory against its manifest: every listed file exists, reads as
// an envelope, and the sha256 of its canonical data equals the manifest's (and its short meta.hash
// agrees). Shared by `g6 panels verify` and the integrity monitor.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace g6 {

/// One finding. Codes: mismatch, file_missing, invalid_hash_format, read_error:<io|json|no_data|path>, and
/// for a file that is not read at all (panel_file.hpp): read_error:<symlink|not_regular|too_large|
/// nul_byte|too_deep>.
struct verify_issue {
  std::string code;
  std::string file;
  std::string detail;
};

struct verify_report {
  std::filesystem::path dir;
  bool manifest_readable = true;
  std::string manifest_error; // why manifest.json could not be used
  size_t files_checked = 0;
  std::vector<verify_issue> issues;
  bool ok() const { return manifest_readable && issues.empty(); }
};

verify_report verify_panels(const std::filesystem::path& dir);

nlohmann::json to_json(const verify_report& report);

struct verify_command_options {
  std::filesystem::path dir;
  bool strict = false; // issues make the exit code 1
  bool json = false;   // the report as JSON on out
  bool quiet = false;  // nothing on out
};

/// `g6 panels verify`: 0 without issues (or with issues but not strict), 1 with issues under strict,
/// 2 when the manifest is unreadable.
int panels_verify_command(const verify_command_options& options, std::ostream& out, std::ostream& err);

} // namespace g6
