// cmd_surface.cpp — `g6 surface FILE [--mode forward|nse] [--rate R] [--json]`: the raw-SVI volatility
// surface of a saved NSE option-chain response, per expiry, with market against fitted IV. The logic is
// actors/analytics/surface_report.hpp; this file only maps options and prints.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "actors/analytics/surface_report.hpp"
#include "tools/commands.hpp"

namespace g6 {

void add_surface_command(CLI::App& app) {
  auto query = std::make_shared<surface_query>();
  auto* surface = app.add_subcommand("surface", "Volatility surface (raw SVI per expiry) of a saved NSE option chain");
  surface->add_option("FILE", query->file, "NSE option-chain API response (JSON)")->required();
  surface
    ->add_option("--mode", query->mode,
                 "forward: Black-76 on the synthetic forward; nse: NSE's convention (Black-Scholes on "
                 "spot, r 10%, calendar/365, T >= 1 day)")
    ->capture_default_str();
  surface->add_option("--rate", query->rate, "Risk-free rate as a fraction (default 0.065, nse 0.10)");
  surface->add_flag("--json", query->json, "Print JSON");
  surface->callback([query] {
    auto report = run_surface(*query);
    std::cerr << report.note;
    if (!report.ok()) {
      std::cerr << "g6 surface: " << report.error << '\n';
      throw CLI::RuntimeError(1);
    }
    std::cout << report.output;
  });
}

} // namespace g6
