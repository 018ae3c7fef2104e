// cmd_panels.cpp — `g6 panels verify [--dir D] [--strict] [--json] [--quiet]`: checks the panel files
// against their manifest (actors/panels/panel_verify.hpp has the logic and the exit codes).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "actors/panels/panel_verify.hpp"
#include "tools/commands.hpp"
#include "tools/panels_location.hpp"

namespace g6 {

void add_panels_command(CLI::App& app) {
  auto* panels = app.add_subcommand("panels", "Inspect the JSON panels a node writes");
  panels->require_subcommand(1);
  auto opts = std::make_shared<verify_command_options>();
  auto dir = std::make_shared<std::string>();
  auto* verify = panels->add_subcommand("verify", "Check every panel file against manifest.json");
  verify->add_option("--dir", *dir, "Panels directory (default: panels.dir, else <data_dir>/panels)");
  verify->add_flag("--strict", opts->strict, "Exit 1 when there are issues");
  verify->add_flag("--json", opts->json, "Print the report as JSON");
  verify->add_flag("--quiet", opts->quiet, "Print nothing (the exit code tells)");
  verify->callback([opts, dir] {
    opts->dir = dir->empty() ? default_panels_dir() : std::filesystem::path{*dir};
    int code = panels_verify_command(*opts, std::cout, std::cerr);
    if (code != 0)
      throw CLI::RuntimeError(code);
  });
}

} // namespace g6
