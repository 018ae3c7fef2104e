// cmd_backup.cpp — `g6 backup --to FILE [--config F] [--data-dir D] [--force]`: an online, consistent copy
// of the daemon's SQLite database while `g6 run` keeps writing to it. The logic is
// actors/storage/sqlite_backup.hpp; this file finds the database from the config and prints.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "actors/retention/retention.hpp"
#include "actors/storage/sqlite_backup.hpp"
#include "config/loader.hpp"
#include "tools/commands.hpp"
#include "tools/option_checks.hpp"

namespace g6 {

namespace {

struct backup_command_options {
  std::string config_file;
  std::string data_dir;
  std::string target;
  bool force = false;
};

int run_backup(const backup_command_options& opts) {
  auto loaded = load_command_config(opts.config_file, process_environment(), std::cerr);
  if (!loaded)
    return 2;
  auto storage = loaded->value.storage;
  if (!opts.data_dir.empty())
    storage.data_dir = opts.data_dir;
  backup_options options;
  options.overwrite = opts.force;
  auto done = backup_database(storage_paths_of(storage).sqlite_file, opts.target, options);
  if (!done) {
    std::cerr << "g6 backup: " << done.error().message
              << (done.error().code == backup_errc::target_exists ? " (--force replaces it)" : "") << '\n';
    return 1;
  }
  std::cout << describe(*done) << '\n';
  return 0;
}

} // namespace

void add_backup_command(CLI::App& app) {
  auto opts = std::make_shared<backup_command_options>();
  auto* backup = app.add_subcommand("backup", "Copy the SQLite database while g6 runs (consistent, checked)");
  backup->add_option("--to", opts->target, "The backup file (written as FILE.partial, then renamed)")
    ->required()
    ->check(not_empty);
  backup->add_option("--config", opts->config_file, "Config file (default: G6_CONFIG or the built-in g6.json)")
    ->check(not_empty);
  backup->add_option("--data-dir", opts->data_dir, "Data directory (overrides storage.data_dir)")->check(not_empty);
  backup->add_flag("--force", opts->force, "Replace FILE when it exists (a regular file only)");
  backup->callback([opts] {
    if (int code = run_backup(*opts); code != 0)
      throw CLI::RuntimeError(code);
  });
}

} // namespace g6
