// commands.hpp — the `g6` subcommands; each file in tools/ adds one to the CLI11 app.
#pragma once

namespace CLI {
class App;
}

namespace g6 {

void add_run_command(CLI::App& app);
void add_config_command(CLI::App& app);
void add_calendar_command(CLI::App& app);
void add_analyze_command(CLI::App& app);
void add_surface_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_panels_command(CLI::App& app);
void add_summary_command(CLI::App& app);
void add_status_command(CLI::App& app);
void add_instruments_command(CLI::App& app);
void add_token_command(CLI::App& app);
void add_journal_command(CLI::App& app);
void add_retention_command(CLI::App& app);
void add_tail_command(CLI::App& app);
void add_console_command(CLI::App& app);
void add_backup_command(CLI::App& app);
void add_doctor_command(CLI::App& app);

} // namespace g6
