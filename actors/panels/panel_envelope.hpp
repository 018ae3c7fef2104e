// panel_envelope.hpp — the on-disk form of panels: each panel's data in an envelope
// {panel, version: 1, generated_at, updated_at, data, meta: {source, schema: "panel-envelope-v1", hash}}
// in <dir>/<name>_enveloped.json, and manifest.json = {panels: [...], hashes: {file: sha256}} written
// last. Every file is written atomically (temp file, fsync, rename): a reader sees the old or the new
// file, never a torn one. Reading them back is panel_file.hpp's job.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "config/settings.hpp"
#include "messages/expected.hpp"
#include "messages/market.hpp"

namespace g6 {

inline constexpr const char* panel_envelope_schema = "panel-envelope-v1";

/// Where a node writes its panels: panels.dir, or <storage.data_dir>/panels when that is empty.
std::filesystem::path panels_dir(const settings& s);

/// "<name>_enveloped.json".
std::string panel_file_name(const std::string& panel);

/// The envelope of a panel; generated_at and updated_at are ISO 8601 instants in IST.
nlohmann::json make_envelope(const std::string& panel, const nlohmann::json& data, epoch_ms generated_at,
                             epoch_ms updated_at, const std::string& source);

/// One written panel as the manifest lists it.
struct manifest_entry {
  std::string panel;
  std::string file;
  std::string sha256; // of the canonical JSON of the data
};

nlohmann::json make_manifest(const std::vector<manifest_entry>& entries);

/// An advisory lock on <dir>/.lock (flock): the writer holds it exclusively while it writes a generation
/// of panels and their manifest; verifiers hold it shared, so they never compare a new panel with the
/// previous manifest. It waits at most `patience` for the lock and never blocks on a .lock that is not a
/// regular file; without a lock file (read-only directory) it holds nothing. Readers go on either way;
/// the writer writes only while it holds the lock.
class panels_lock {
public:
  panels_lock(const std::filesystem::path& dir, bool exclusive,
              std::chrono::milliseconds patience = std::chrono::seconds(2));
  ~panels_lock();
  panels_lock(const panels_lock&) = delete;
  panels_lock& operator=(const panels_lock&) = delete;

  bool held() const { return fd_ >= 0; }
  /// Why the lock is not held.
  const std::string& why_not() const { return why_not_; }

private:
  void release();

  int fd_ = -1;
  std::string why_not_;
};

/// Writes `content` to `file` atomically. Returns why it failed, or nothing.
expected<void, std::string> write_atomically(const std::filesystem::path& file, const std::string& content);

} // namespace g6
