#include "actors/panels/panel_verify.hpp"

#include <ostream>

#include "actors/panels/panel_envelope.hpp"
#include "actors/panels/panel_file.hpp"
#include "actors/panels/panel_hash.hpp"

namespace g6 {

namespace {

/// The file names a manifest may list: plain names inside the directory.
bool plain_name(const std::string& name) {
  return !name.empty() && name.find('/') == std::string::npos && name != "." && name != "..";
}

void check_file(const std::filesystem::path& dir, const std::string& file, const nlohmann::json& expected,
                verify_report& report) {
  auto issue = [&](std::string code, std::string detail) {
    report.issues.push_back({std::move(code), file, std::move(detail)});
  };
  if (!plain_name(file)) {
    issue("read_error:path", "the manifest names a file outside the panels directory");
    return;
  }
  if (!expected.is_string() || !is_sha256_hex(expected.get<std::string>())) {
    issue("invalid_hash_format", "manifest hash is not 64 lower-case hex digits: " + expected.dump());
    return;
  }
  auto path = dir / file;
  auto read = read_panel_file(path);
  if (!read && read.error().missing()) {
    issue("file_missing", path.string() + " does not exist");
    return;
  }
  ++report.files_checked;
  if (!read) {
    issue("read_error:" + std::string{read.error().code()}, read.error().detail);
    return;
  }
  auto& envelope = *read;
  if (!envelope.is_object() || !envelope.contains("data")) {
    issue("read_error:no_data", path.string() + " has no data member");
    return;
  }
  auto actual = data_sha256(envelope["data"]);
  if (actual != expected.get<std::string>()) {
    issue("mismatch", "data sha256 " + actual + " != manifest " + expected.get<std::string>());
    return;
  }
  auto meta_hash = envelope.contains("meta") && envelope["meta"].is_object() && envelope["meta"].contains("hash")
                     ? envelope["meta"]["hash"]
                     : nlohmann::json{};
  if (meta_hash != actual.substr(0, 12))
    issue("mismatch", "meta.hash " + meta_hash.dump() + " != " + actual.substr(0, 12));
}

} // namespace

verify_report verify_panels(const std::filesystem::path& dir) {
  verify_report report;
  report.dir = dir;
  panels_lock lock{dir, false};
  auto manifest_file = dir / "manifest.json";
  auto read = read_panel_file(manifest_file);
  if (!read) {
    report.manifest_readable = false;
    report.manifest_error = read.error().detail;
    return report;
  }
  auto& manifest = *read;
  if (!manifest.is_object() || !manifest.contains("hashes") || !manifest["hashes"].is_object()) {
    report.manifest_readable = false;
    report.manifest_error = manifest_file.string() + " is not a manifest (a JSON object with a hashes object)";
    return report;
  }
  for (auto& [file, hash] : manifest["hashes"].items())
    check_file(dir, file, hash, report);
  return report;
}

nlohmann::json to_json(const verify_report& report) {
  auto issues = nlohmann::json::array();
  for (auto& i : report.issues)
    issues.push_back({{"code", i.code}, {"file", i.file}, {"detail", i.detail}});
  nlohmann::json j{{"dir", report.dir.string()},
                   {"ok", report.ok()},
                   {"manifest_readable", report.manifest_readable},
                   {"files_checked", report.files_checked},
                   {"issues", issues}};
  if (!report.manifest_readable)
    j["manifest_error"] = report.manifest_error;
  return j;
}

int panels_verify_command(const verify_command_options& options, std::ostream& out, std::ostream& err) {
  auto report = verify_panels(options.dir);
  if (options.json && !options.quiet)
    out << to_json(report).dump(2) << '\n';
  if (!report.manifest_readable) {
    err << "g6 panels verify: " << report.manifest_error << '\n';
    return 2;
  }
  if (!options.json && !options.quiet) {
    for (auto& i : report.issues)
      out << i.code << ' ' << i.file << ": " << i.detail << '\n';
    if (report.issues.empty())
      out << "ok: " << report.files_checked << " panels in " << options.dir.string() << " match the manifest\n";
    else
      out << report.issues.size() << " issue(s) in " << options.dir.string() << '\n';
  }
  return !report.issues.empty() && options.strict ? 1 : 0;
}

} // namespace g6
