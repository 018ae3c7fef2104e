// cmd_config.cpp — `g6 config validate FILE` and `g6 config show [FILE]`: check a config file (with the
// G6_* environment applied, as `g6 run` would load it) or print the effective settings. The logic is in
// config/loader.hpp; this file only maps options.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "config/loader.hpp"
#include "tools/commands.hpp"

namespace g6 {

void add_config_command(CLI::App& app) {
  auto* config = app.add_subcommand("config", "Check configuration files and show the effective settings");
  config->require_subcommand(1);

  auto validate_file = std::make_shared<std::string>();
  auto* validate =
    config->add_subcommand("validate", "Check FILE against the schema; print every problem, or FILE: ok");
  validate->add_option("FILE", *validate_file, "Config file")->required();
  validate->callback([validate_file] {
    if (int code = validate_config_command(*validate_file, process_environment(), std::cout, std::cerr))
      throw CLI::RuntimeError(code);
  });

  auto show_file = std::make_shared<std::string>();
  auto* show = config->add_subcommand(
    "show", "Print the effective settings as JSON (FILE, else G6_CONFIG, else the built-in g6.json)");
  show->add_option("FILE", *show_file, "Config file");
  show->callback([show_file] {
    std::optional<std::filesystem::path> file;
    if (!show_file->empty())
      file = *show_file;
    if (int code = show_config_command(file, process_environment(), std::cout, std::cerr))
      throw CLI::RuntimeError(code);
  });
}

} // namespace g6
