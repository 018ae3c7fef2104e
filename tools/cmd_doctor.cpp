// cmd_doctor.cpp — `g6 doctor [--config F] [--data-dir D] [--env-file F] [--json]`: checks an installation and says,
// per check, ok, warn or fail, what it found and what to fix. The checks are tools/doctor_checks.hpp; this file maps
// options, prints and sets the exit code (0: nothing failed, 1: something failed).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "config/environment_file.hpp"
#include "tools/commands.hpp"
#include "tools/doctor_checks.hpp"
#include "tools/option_checks.hpp"
#include "tools/version.hpp"

namespace g6 {

namespace {

struct doctor_options {
  std::string config_file;
  std::string data_dir;
  std::string env_file; // the service's EnvironmentFile= (/etc/g6/kite.env), in front of this environment
  bool json = false;
};

int run_doctor_command(const doctor_options& opts) {
  doctor_request request;
  request.config_option = opts.config_file;
  request.data_dir_option = opts.data_dir;
  request.env = process_environment();
  if (!opts.env_file.empty()) {
    auto variables = read_environment_file(opts.env_file);
    if (!variables) {
      std::cerr << "g6 doctor: --env-file " << variables.error() << '\n';
      return 2;
    }
    request.env = overlay_environment(std::move(*variables), request.env);
  }
  request.now = wall_clock_ms();
  request.build_year = build_year;
  auto checks = run_doctor(request);
  std::cout << (opts.json ? doctor_json(checks) + "\n" : doctor_text(checks));
  return healthy(checks) ? 0 : 1;
}

} // namespace

void add_doctor_command(CLI::App& app) {
  auto opts = std::make_shared<doctor_options>();
  auto* doctor = app.add_subcommand("doctor", "Check an installation: config, data dir, disk, token, ports, "
                                              "database, clock; say what to fix");
  doctor->add_option("--config", opts->config_file, "Config file (default: G6_CONFIG or the built-in g6.json)")
    ->check(not_empty);
  doctor->add_option("--data-dir", opts->data_dir, "Data directory (overrides storage.data_dir)")->check(not_empty);
  doctor
    ->add_option("--env-file", opts->env_file,
                 "Check with the variables of this systemd EnvironmentFile too (e.g. /etc/g6/kite.env)")
    ->check(not_empty);
  doctor->add_flag("--json", opts->json, "Print JSON: {\"checks\":[{name,status,detail,fix}],\"ok\":bool}");
  doctor->callback([opts] {
    if (int code = run_doctor_command(*opts); code != 0)
      throw CLI::RuntimeError(code);
  });
}

} // namespace g6
