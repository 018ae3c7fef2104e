#include "tools/doctor_checks.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/timex.h>
#include <unistd.h>

#include "actors/network/node_file.hpp"
#include "actors/provider/kite/kite_credentials.hpp"
#include "actors/retention/retention.hpp"
#include "actors/storage/sqlite_handle.hpp"
#include "actors/storage/sqlite_integrity.hpp"
#include "actors/storage/sqlite_schema.hpp"
#include "config/ist_time.hpp"
#include "config/provider_chain.hpp"
#include "config/untrusted_input.hpp"

namespace g6 {

namespace {

namespace fs = std::filesystem;

check_result ok(std::string name, std::string detail) {
  return {std::move(name), check_status::ok, std::move(detail), {}};
}

check_result problem(std::string name, check_status status, std::string detail, std::string fix) {
  return {std::move(name), status, std::move(detail), std::move(fix)};
}

/// "12.3 GiB", "87.0 MiB": free space as people read it.
std::string human_bytes(uint64_t bytes) {
  constexpr const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  auto value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} bytes", bytes) : fmt::format("{:.1f} {}", value, units[unit]);
}

/// The directory itself when it exists, else its nearest existing ancestor.
fs::path nearest_existing(const fs::path& dir) {
  std::error_code ec;
  auto at = fs::absolute(dir, ec);
  if (ec)
    at = dir;
  while (!fs::exists(fs::symlink_status(at, ec)) && at.has_relative_path())
    at = at.parent_path();
  return at;
}

const char* kind_of(const fs::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? file_kind_text(info.st_mode) : "missing";
}

std::string data_dir_fix(const fs::path& dir) {
  return fmt::format("point storage.data_dir (or --data-dir) at a directory, or move {} aside", dir.string());
}

} // namespace

std::string_view to_string(check_status x) {
  switch (x) {
    case check_status::ok:
      return "ok";
    case check_status::warn:
      return "warn";
    case check_status::fail:
      return "fail";
  }
  return "unknown";
}

config_check check_config(const std::string& config_option, const std::string& data_dir_option,
                          const environment& env) {
  std::ostringstream said;
  auto loaded = load_command_config(config_option, env, said, true);
  auto text = said.str();
  while (!text.empty() && text.back() == '\n')
    text.pop_back();
  if (!loaded)
    return {problem("config", check_status::fail, text.empty() ? "the config did not load" : text,
                    "correct what is named above; `g6 config validate FILE` checks it again"),
            std::nullopt};
  auto cfg = std::move(loaded->value);
  if (!data_dir_option.empty())
    cfg.storage.data_dir = data_dir_option;
  if (!text.empty())
    return {problem("config", check_status::warn, fmt::format("{}: valid, with warnings: {}", loaded->source, text),
                    "remove the keys the warnings name (they change nothing)"),
            std::move(cfg)};
  return {ok("config", fmt::format("{}: valid", loaded->source)), std::move(cfg)};
}

check_result check_data_dir(const fs::path& dir) {
  const std::string name = "data_dir";
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0) {
    if (errno != ENOENT && errno != ENOTDIR)
      return problem(name, check_status::fail, fmt::format("cannot look at {}: {}", dir.string(), std::strerror(errno)),
                     data_dir_fix(dir));
    auto ancestor = nearest_existing(dir);
    if (::stat(ancestor.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
      return problem(name, check_status::fail,
                     fmt::format("{} cannot be created: {} is {}", dir.string(), ancestor.string(), kind_of(ancestor)),
                     data_dir_fix(ancestor));
    if (::access(ancestor.c_str(), W_OK | X_OK) != 0)
      return problem(name, check_status::fail,
                     fmt::format("{} does not exist and {} is not writable: {}", dir.string(), ancestor.string(),
                                 std::strerror(errno)),
                     fmt::format("create {} and give the user g6 runs as write access to it", dir.string()));
    return ok(name, fmt::format("{} does not exist yet: g6 creates it (in {})", dir.string(), ancestor.string()));
  }
  if (!S_ISDIR(info.st_mode))
    return problem(name, check_status::fail,
                   fmt::format("{} is {}, not a directory", dir.string(), file_kind_text(info.st_mode)),
                   data_dir_fix(dir));
  auto probe = dir / fmt::format(".g6-doctor-probe-{}", ::getpid());
  int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return problem(
      name, check_status::fail,
      fmt::format("{} is not writable: creating a file there failed: {}", dir.string(), std::strerror(errno)),
      fmt::format("give the user g6 runs as write access to {} (e.g. chown g6:g6)", dir.string()));
  ::close(fd);
  if (::unlink(probe.c_str()) != 0)
    return problem(name, check_status::fail,
                   fmt::format("{}: a file created there cannot be removed: {}", dir.string(), std::strerror(errno)),
                   fmt::format("remove {} and check the directory's permissions", probe.string()));
  return ok(name, fmt::format("{}: a writable directory", dir.string()));
}

check_result judge_free_space(const fs::path& dir, uint64_t free_bytes) {
  const std::string name = "disk_space";
  auto found = fmt::format("{} free on the filesystem of {}", human_bytes(free_bytes), dir.string());
  auto fix = fmt::format("free space there, prune old days (g6 retention prune --keep-days N) or move "
                         "storage.data_dir to a larger filesystem");
  if (free_bytes < disk_fail_below)
    return problem(name, check_status::fail, fmt::format("{} (below {})", found, human_bytes(disk_fail_below)), fix);
  if (free_bytes < disk_warn_below)
    return problem(name, check_status::warn, fmt::format("{} (below {})", found, human_bytes(disk_warn_below)), fix);
  return ok(name, found);
}

check_result check_disk_space(const fs::path& dir) {
  auto at = nearest_existing(dir);
  struct statvfs fs_info {};
  if (::statvfs(at.c_str(), &fs_info) != 0)
    return problem("disk_space", check_status::fail,
                   fmt::format("cannot read the free space of {}: {}", at.string(), std::strerror(errno)),
                   data_dir_fix(dir));
  return judge_free_space(at, static_cast<uint64_t>(fs_info.f_bavail) * fs_info.f_frsize);
}

check_result check_kite_token(const settings& cfg, const environment& env, epoch_ms now) {
  const std::string name = "kite_token";
  std::vector<std::string> found;
  std::vector<std::string> fixes;
  auto status = check_status::ok;
  // The apps of the chain, and those a stream-mode app's ticker spills onto: each needs its own token.
  std::vector<kite_app_config> apps;
  auto add = [&](kite_app_config app) {
    if (std::none_of(apps.begin(), apps.end(), [&](auto& a) { return a.provider == app.provider; }))
      apps.push_back(std::move(app));
  };
  for (auto& provider : provider_chain(cfg.providers))
    if (auto app = kite_app_of(cfg, provider, env)) {
      add(*app);
      if (app->settings.quotes == kite_quote_source::stream)
        for (auto& spill : spill_apps_of(cfg, *app))
          add(std::move(spill));
    }
  for (auto& app : apps) {
    auto& provider = app.provider;
    if (app.env("KITE_ACCESS_TOKEN")) {
      found.push_back(
        fmt::format("{}: KITE_ACCESS_TOKEN from the environment (its expiry is not known here)", provider));
      continue;
    }
    auto session = load_session(app.token_file);
    if (!session) {
      status = check_status::fail;
      found.push_back(fmt::format("{}: {}", provider, session.error().message));
      fixes.push_back(fmt::format("log in and run `{}`", token_command(provider)));
    } else if (session->expires <= now) {
      status = check_status::fail;
      found.push_back(fmt::format("{}: the access token in {} expired at {}", provider, app.token_file,
                                  format_ist(session->expires)));
      fixes.push_back(
        fmt::format("log in and run `{}` (Kite tokens expire at 06:00 IST every day)", token_command(provider)));
    } else {
      found.push_back(fmt::format("{}: the access token in {} is valid until {}", provider, app.token_file,
                                  format_ist(session->expires)));
    }
  }
  if (found.empty())
    return ok(name, "not used: no Kite app in providers.primary or providers.failover");
  return {name, status, fmt::format("{}", fmt::join(found, "; ")), fmt::format("{}", fmt::join(fixes, "; "))};
}

std::optional<std::string> bind_problem(const std::string& host, int port) {
  auto where = fmt::format("{}:{}", host, port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  auto service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found); rc != 0)
    return fmt::format("cannot resolve {}: {}", where, ::gai_strerror(rc));
  std::optional<std::string> why;
  int fd = ::socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, found->ai_protocol);
  if (fd < 0) {
    why = fmt::format("cannot open a socket for {}: {}", where, std::strerror(errno));
  } else {
    // As the servers do: a port held only by connections in TIME_WAIT is free for them.
    int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(fd, found->ai_addr, found->ai_addrlen) != 0) {
      int error = errno;
      if (error == EADDRINUSE)
        why = fmt::format("{} is in use", where);
      else if (error == EADDRNOTAVAIL)
        why = fmt::format("{} cannot be bound: the address is not one of this host's", where);
      else
        why = fmt::format("{} cannot be bound: {}", where, std::strerror(error));
    }
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return why;
}

check_result check_ports(const settings& cfg, std::optional<long> running_g6) {
  struct listener {
    const char* what;
    const char* key;
    const std::string& host;
    int port;
  };
  std::vector<listener> listeners;
  if (cfg.sse.enabled)
    listeners.push_back({"sse", "sse.port (G6_SSE_PORT)", cfg.sse.bind_address, cfg.sse.port});
  listeners.push_back({"metrics", "metrics.port (G6_METRICS_PORT)", cfg.metrics.bind_address, cfg.metrics.port});
  std::vector<std::string> found;
  std::vector<std::string> busy_keys;
  for (auto& l : listeners) {
    if (l.port == 0) {
      found.push_back(fmt::format("{} {}:0 (any free port)", l.what, l.host));
      continue;
    }
    if (auto why = bind_problem(l.host, l.port)) {
      found.push_back(fmt::format("{}: {}", l.what, *why));
      busy_keys.push_back(l.key);
    } else {
      found.push_back(fmt::format("{} {}:{} free", l.what, l.host, l.port));
    }
  }
  auto detail = fmt::format("{}", fmt::join(found, "; "));
  if (busy_keys.empty())
    return ok("ports", detail);
  if (running_g6)
    return ok("ports",
              fmt::format("{} (held by the g6 running with this data directory, pid {})", detail, *running_g6));
  return problem("ports", check_status::fail, detail,
                 fmt::format("stop what listens there (`ss -ltnp` names it) or set {} to a free port",
                             fmt::join(busy_keys, " and ")));
}

std::optional<long> running_g6_pid(const fs::path& data_dir) {
  auto node = read_node_file(data_dir);
  if (!node || node->pid <= 0)
    return std::nullopt;
  // EPERM: alive, only not ours to signal (doctor run by another user than the daemon's).
  if (::kill(static_cast<pid_t>(node->pid), 0) == 0 || errno == EPERM)
    return node->pid;
  return std::nullopt;
}

check_result check_database(const fs::path& file) {
  const std::string name = "database";
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) {
    if (errno == ENOENT)
      return ok(name, fmt::format("{} does not exist yet: it will be created", file.string()));
    return problem(name, check_status::fail, fmt::format("cannot look at {}: {}", file.string(), std::strerror(errno)),
                   data_dir_fix(file.parent_path()));
  }
  if (!S_ISREG(info.st_mode))
    return problem(name, check_status::fail,
                   fmt::format("{} is {}, not a database file", file.string(), file_kind_text(info.st_mode)),
                   fmt::format("move {} aside", file.string()));
  sqlite3* raw = nullptr;
  auto rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  sqlite_connection db{raw};
  auto refusal = [&](const store_error& err) {
    return problem(name, check_status::fail, err.message,
                   is_corruption(err.code)
                     ? corruption_advice(file.string())
                     : fmt::format("check that {} is readable by the user g6 runs as", file.string()));
  };
  if (rc != SQLITE_OK)
    return refusal(sqlite_failure(raw, rc, fmt::format("opening {}", file.string())));
  sqlite3_extended_result_codes(raw, 1);
  auto version = schema_version(raw, file.string());
  if (!version)
    return refusal(version.error());
  if (auto known = refuse_unknown_version(*version, current_schema_version, file.string()); !known) {
    if (known.error().code == store_errc::newer_schema)
      return problem(name, check_status::fail, fmt::format("written by a newer g6: {}", known.error().message),
                     "install the newer g6 again, or restore a backup this version wrote");
    return refusal(known.error());
  }
  if (auto intact = check_integrity(raw, integrity_check::quick, file.string()); !intact)
    return refusal(intact.error());
  return ok(name, fmt::format("{}: quick_check ok, schema version {}{}", file.string(), *version,
                              *version < current_schema_version
                                ? fmt::format(" (g6 migrates it to {} when it starts)", current_schema_version)
                                : std::string{}));
}

check_result judge_clock(std::optional<bool> synchronised, epoch_ms now, int build_year) {
  const std::string name = "clock";
  auto fix_sync = "enable systemd-timesyncd or chrony (`timedatectl set-ntp true`)";
  using namespace std::chrono;
  auto year_start = sys_days{year{build_year} / January / 1};
  auto earliest = duration_cast<milliseconds>(year_start.time_since_epoch()).count();
  if (now < earliest)
    return problem(name, check_status::fail,
                   fmt::format("the system clock says {}, before this g6 was built ({})", format_ist(now), build_year),
                   fmt::format("set the time (`timedatectl set-time`) and {}", fix_sync));
  if (!synchronised)
    return problem(name, check_status::warn,
                   fmt::format("{}; the kernel's synchronisation state cannot be read", format_ist(now)), fix_sync);
  if (!*synchronised)
    return problem(name, check_status::warn,
                   fmt::format("{}; the kernel says the clock is not synchronised (STA_UNSYNC)", format_ist(now)),
                   fix_sync);
  return ok(name, fmt::format("{}; synchronised", format_ist(now)));
}

check_result check_clock(epoch_ms now, int build_year) {
  timex state{};
  std::optional<bool> synchronised;
  if (int rc = ::ntp_adjtime(&state); rc != -1)
    synchronised = rc != TIME_ERROR && (state.status & STA_UNSYNC) == 0;
  return judge_clock(synchronised, now, build_year);
}

std::vector<check_result> run_doctor(const doctor_request& request) {
  std::vector<check_result> checks;
  auto config = check_config(request.config_option, request.data_dir_option, request.env);
  checks.push_back(config.result);
  if (config.config) {
    auto& cfg = *config.config;
    fs::path data_dir{cfg.storage.data_dir};
    checks.push_back(check_data_dir(data_dir));
    checks.push_back(check_disk_space(data_dir));
    checks.push_back(check_kite_token(cfg, request.env, request.now));
    checks.push_back(check_ports(cfg, running_g6_pid(data_dir)));
    checks.push_back(check_database(storage_paths_of(cfg.storage).sqlite_file));
  }
  checks.push_back(check_clock(request.now, request.build_year));
  return checks;
}

bool healthy(const std::vector<check_result>& checks) {
  return std::none_of(checks.begin(), checks.end(), [](auto& c) { return c.status == check_status::fail; });
}

std::string doctor_json(const std::vector<check_result>& checks) {
  auto list = nlohmann::json::array();
  for (auto& c : checks)
    list.push_back({{"name", c.name}, {"status", to_string(c.status)}, {"detail", c.detail}, {"fix", c.fix}});
  return nlohmann::json{{"checks", list}, {"ok", healthy(checks)}}.dump(2);
}

std::string doctor_text(const std::vector<check_result>& checks) {
  std::string text;
  size_t counts[3] = {};
  for (auto& c : checks) {
    ++counts[static_cast<size_t>(c.status)];
    text += fmt::format("{:<5} {:<11} {}\n", to_string(c.status), c.name, c.detail);
    if (!c.fix.empty())
      text += fmt::format("{:<17} fix: {}\n", "", c.fix);
  }
  auto status = [&](check_status s) { return counts[static_cast<size_t>(s)]; };
  text += fmt::format("doctor: {} failed, {} warned, {} ok\n", status(check_status::fail), status(check_status::warn),
                      status(check_status::ok));
  return text;
}

} // namespace g6
