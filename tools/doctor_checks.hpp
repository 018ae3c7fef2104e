// doctor_checks.hpp — what `g6 doctor` checks on an installation, one function per check: the config
// loads and validates, the data directory is (or can become) a writable directory, the disk has room,
// the Kite token is there and unexpired (when Kite is configured), the SSE and metrics ports are free,
// the database passes quick_check and is not newer than this g6, and the clock is synchronised and
// plausible. Each answers ok, warn or fail with what it found and, when not ok, what to do. The verdicts
// are pure functions of what was found (free bytes, the clock's state) so tests can reach every branch;
// the probes around them touch only what they report on and leave nothing behind.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/loader.hpp"
#include "config/settings.hpp"
#include "messages/market.hpp"

namespace g6 {

enum class check_status : uint8_t { ok, warn, fail };

/// "ok", "warn", "fail".
std::string_view to_string(check_status x);

struct check_result {
  std::string name; // config, data_dir, disk_space, kite_token, ports, database, clock
  check_status status = check_status::ok;
  std::string detail; // what was found
  std::string fix;    // what to do about it; empty when ok
};

/// What the doctor was asked to look at.
struct doctor_request {
  std::string config_option;   // --config, as every command takes it (else G6_CONFIG, else built-in)
  std::string data_dir_option; // --data-dir: overrides storage.data_dir
  environment env;
  epoch_ms now = 0;
  int build_year = 0; // a clock before this year cannot be right
};

/// The config check and, when it passed, the settings the other checks look at (--data-dir applied).
struct config_check {
  check_result result;
  std::optional<settings> config;
};

config_check check_config(const std::string& config_option, const std::string& data_dir_option, const environment& env);

/// Exists as a writable directory (a probe file is created and removed), or its nearest existing
/// ancestor is a directory g6 may create it in.
check_result check_data_dir(const std::filesystem::path& dir);

/// Below these, free space on the data directory's filesystem is a warning, or a failure.
inline constexpr uint64_t disk_warn_below = uint64_t{1} << 30;   // 1 GiB
inline constexpr uint64_t disk_fail_below = uint64_t{100} << 20; // 100 MiB

/// The verdict on `free_bytes` available to g6 on the filesystem holding `dir`.
check_result judge_free_space(const std::filesystem::path& dir, uint64_t free_bytes);

/// statvfs on the data directory (or, before it exists, its nearest existing ancestor).
check_result check_disk_space(const std::filesystem::path& dir);

/// For every Kite app in the provider chain (primary and failover): the access token g6 would use
/// (KITE_ACCESS_TOKEN for providers.kite, else the app's token file) is there and unexpired at `now`.
/// ok "not used" when no Kite app is configured.
check_result check_kite_token(const settings& cfg, const environment& env, epoch_ms now);

/// Why `host`:`port` cannot be bound for listening ("127.0.0.1:9108 is in use"), or nothing.
std::optional<std::string> bind_problem(const std::string& host, int port);

/// The SSE port (when the stream is enabled) and the metrics port are free to bind; port 0 (any) is.
/// Ports in use while a g6 runs with this data directory (`running_g6`: its pid) are its own: ok.
check_result check_ports(const settings& cfg, std::optional<long> running_g6 = std::nullopt);

/// The pid of the g6 running with `data_dir` (its node file names a live process), if one is.
std::optional<long> running_g6_pid(const std::filesystem::path& data_dir);

/// The database at `file`: missing (created at start), or quick_check passes and its schema version is
/// not newer than the one this g6 writes.
check_result check_database(const std::filesystem::path& file);

/// The verdict on the clock: `synchronised` as the kernel says (nothing when it could not be read) and
/// the time `now`, which must not be before `build_year`.
check_result judge_clock(std::optional<bool> synchronised, epoch_ms now, int build_year);

/// The kernel's synchronisation state (ntp_adjtime, STA_UNSYNC), judged at `now`.
check_result check_clock(epoch_ms now, int build_year);

/// Every check in order. When the config fails, the checks that need it are left out (the clock is not).
std::vector<check_result> run_doctor(const doctor_request& request);

/// No check failed (warnings allowed).
bool healthy(const std::vector<check_result>& checks);

/// {"checks":[{"name","status","detail","fix"}],"ok":bool}
std::string doctor_json(const std::vector<check_result>& checks);

/// One line per check ("ok    config      ..."), a "fix:" line under each warning or failure, and a
/// closing count.
std::string doctor_text(const std::vector<check_result>& checks);

} // namespace g6
