// main.cpp — the `g6` command line: one binary, one subcommand per job.
#include <CLI/CLI.hpp>

#include "tools/commands.hpp"
#include "tools/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"g6 — Indian index options chain collector and analytics"};
  app.set_version_flag("--version", std::string{g6::version_string});
  app.require_subcommand(1);
  g6::add_run_command(app);
  g6::add_config_command(app);
  g6::add_calendar_command(app);
  g6::add_analyze_command(app);
  g6::add_surface_command(app);
  g6::add_bench_command(app);
  g6::add_panels_command(app);
  g6::add_summary_command(app);
  g6::add_status_command(app);
  g6::add_instruments_command(app);
  g6::add_token_command(app);
  g6::add_journal_command(app);
  g6::add_retention_command(app);
  g6::add_tail_command(app);
  g6::add_console_command(app);
  g6::add_backup_command(app);
  g6::add_doctor_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    // A subcommand's own exit code (its reason is already printed).
    return e.get_exit_code();
  } catch (const CLI::Error& e) {
    // --help and --version exit 0; every parse or validation error is a bad option: CLI11's message, 2.
    return app.exit(e) == 0 ? 0 : 2;
  }
  return 0;
}
