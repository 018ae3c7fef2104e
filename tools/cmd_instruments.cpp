// cmd_instruments.cpp — `g6 instruments FILE --index I --at DATE [--json]`: what the Kite resolver
// derives from an instrument dump. The logic is actors/provider/kite/instruments_report.hpp.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "actors/provider/kite/instruments_report.hpp"
#include "tools/commands.hpp"

namespace g6 {

void add_instruments_command(CLI::App& app) {
  auto query = std::make_shared<instruments_query>();
  auto* cmd = app.add_subcommand("instruments", "What the Kite resolver derives from an instrument dump");
  cmd->add_option("file", query->file, "A Kite instrument dump (CSV, as GET /instruments serves it)")->required();
  cmd->add_option("--index", query->index, "NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY, SENSEX, ...")->required();
  cmd->add_option("--at", query->at, "The trading date, YYYY-MM-DD (IST)")->required();
  cmd->add_flag("--json", query->json, "Print JSON");
  cmd->callback([query] {
    auto report = instruments_report(*query);
    std::cerr << report.note;
    if (!report.ok()) {
      std::cerr << "g6 instruments: " << report.error << '\n';
      throw CLI::RuntimeError(1);
    }
    std::cout << report.output;
  });
}

} // namespace g6
