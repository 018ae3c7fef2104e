// cmd_retention.cpp — `g6 retention scan [--json]` (what each sink holds: files, rows, bytes, oldest and
// newest day, per index) and `g6 retention prune --keep-days N [--dry-run]` (removes older trading days).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

#include "actors/retention/retention.hpp"
#include "config/ist_time.hpp"
#include "config/loader.hpp"
#include "tools/commands.hpp"
#include "tools/option_checks.hpp"

namespace g6 {

namespace {

struct retention_options {
  std::string config_file;
  std::string data_dir;
  bool json = false;
  int keep_days = 0;
  bool dry_run = false;
  std::string today;
};

/// The sinks' locations from the config (and --data-dir), or nullopt after printing the problems.
std::optional<storage_paths> locate(const retention_options& opts) {
  auto loaded = load_command_config(opts.config_file, process_environment(), std::cerr);
  if (!loaded)
    return std::nullopt;
  auto storage = loaded->value.storage;
  if (!opts.data_dir.empty())
    storage.data_dir = opts.data_dir;
  return storage_paths_of(storage);
}

std::string day_text(const std::optional<day_number>& day) {
  return day ? format_date(*day) : std::string{"-"};
}

nlohmann::json to_json(const usage& u) {
  return {{"files", u.files},
          {"rows", u.rows},
          {"bytes", u.bytes},
          {"oldest", u.oldest ? nlohmann::json(format_date(*u.oldest)) : nlohmann::json()},
          {"newest", u.newest ? nlohmann::json(format_date(*u.newest)) : nlohmann::json()}};
}

int scan(const retention_options& opts) {
  auto paths = locate(opts);
  if (!paths)
    return 2;
  auto sinks = scan_storage(*paths);
  bool errors = false;
  if (opts.json) {
    auto out = nlohmann::json::array();
    for (auto& s : sinks) {
      auto j = to_json(s.total);
      j["sink"] = s.sink;
      j["by_index"] = nlohmann::json::object();
      for (auto& [index, u] : s.by_index)
        j["by_index"][index] = to_json(u);
      j["errors"] = s.errors;
      errors = errors || !s.errors.empty();
      out.push_back(std::move(j));
    }
    std::cout << nlohmann::json{{"sinks", out}}.dump(2) << '\n';
  } else {
    fmt::print("{:<10} {:<12} {:>7} {:>12} {:>14} {:<10} {:<10}\n", "sink", "index", "files", "rows", "bytes", "oldest",
               "newest");
    for (auto& s : sinks) {
      auto line = [&](const std::string& index, const usage& u) {
        fmt::print("{:<10} {:<12} {:>7} {:>12} {:>14} {:<10} {:<10}\n", s.sink, index, u.files, u.rows, u.bytes,
                   day_text(u.oldest), day_text(u.newest));
      };
      line("all", s.total);
      for (auto& [index, u] : s.by_index)
        line(index, u);
      for (auto& e : s.errors) {
        std::cerr << "g6 retention scan: " << e << '\n';
        errors = true;
      }
    }
  }
  return errors ? 1 : 0;
}

int prune(const retention_options& opts) {
  auto paths = locate(opts);
  if (!paths)
    return 2;
  auto today = opts.today.empty() ? std::optional<day_number>{ist_date(wall_clock_ms())} : parse_date(opts.today);
  if (!today) {
    std::cerr << "g6 retention prune: --today " << opts.today << " is not a date (YYYY-MM-DD)\n";
    return 2;
  }
  auto oldest_kept = oldest_kept_day(*today, opts.keep_days);
  auto pruned = prune_storage(*paths, oldest_kept, opts.dry_run);
  fmt::print("{} trading days before {}{}\n", opts.dry_run ? "would remove" : "removed", format_date(oldest_kept),
             opts.dry_run ? " (dry run: nothing changed)" : "");
  bool errors = false;
  for (auto& p : pruned) {
    fmt::print("{:<10} {:>7} files {:>12} rows {:>14} bytes\n", p.sink, p.files, p.rows, p.bytes);
    for (auto& e : p.errors) {
      std::cerr << "g6 retention prune: " << e << '\n';
      errors = true;
    }
  }
  return errors ? 1 : 0;
}

void common_options(CLI::App* cmd, retention_options& opts) {
  cmd->add_option("--config", opts.config_file, "Config file (default: G6_CONFIG or the built-in g6.json)");
  cmd->add_option("--data-dir", opts.data_dir, "Data directory (overrides storage.data_dir)");
}

} // namespace

void add_retention_command(CLI::App& app) {
  auto* retention = app.add_subcommand("retention", "Disk use per sink, and pruning old trading days");
  retention->require_subcommand(1);
  auto opts = std::make_shared<retention_options>();
  auto* scan_cmd = retention->add_subcommand("scan", "Files, rows, bytes, oldest and newest day per sink and index");
  common_options(scan_cmd, *opts);
  scan_cmd->add_flag("--json", opts->json, "Print JSON");
  scan_cmd->callback([opts] {
    if (int code = scan(*opts); code != 0)
      throw CLI::RuntimeError(code);
  });
  auto* prune_cmd = retention->add_subcommand("prune", "Remove SQLite rows, CSV days and journals older than N days");
  common_options(prune_cmd, *opts);
  prune_cmd->add_option("--keep-days", opts->keep_days, "Trading days to keep, today included")
    ->required()
    ->check(whole_number(1, 100'000));
  prune_cmd->add_flag("--dry-run", opts->dry_run, "Report what would be removed; change nothing");
  prune_cmd->add_option("--today", opts->today, "The IST date taken as today (default: now)");
  prune_cmd->callback([opts] {
    if (int code = prune(*opts); code != 0)
      throw CLI::RuntimeError(code);
  });
}

} // namespace g6
