// cmd_status.cpp — `g6 status [--dir D] [--json]`: the local node's components, cycle and health. It
// reads the summary and system panels the running node writes; asking a node over the network is the
// job of `g6 console`.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "actors/panels/panel_summary.hpp"
#include "tools/commands.hpp"
#include "tools/panels_location.hpp"

namespace g6 {

void add_status_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  auto* status = app.add_subcommand("status", "Runtime status of the local node (from its panels)");
  status->add_option("--dir", *dir, "Panels directory (default: panels.dir, else <data_dir>/panels)");
  status->add_flag("--json", *as_json, "Print the status as JSON");
  status->callback([dir, as_json] {
    auto where = dir->empty() ? default_panels_dir() : std::filesystem::path{*dir};
    int code = status_command(where, *as_json, std::cout, std::cerr);
    if (code != 0)
      throw CLI::RuntimeError(code);
  });
}

} // namespace g6
