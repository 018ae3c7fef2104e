// cmd_analyze.cpp — `g6 analyze FILE [--mode forward|nse] [--price ltp|mid] [--rate R] [--json]`: IV,
// Greeks and chain statistics of a saved NSE option-chain response. The logic is
// actors/analytics/analyze_report.hpp; this file only maps options and prints.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "actors/analytics/analyze_report.hpp"
#include "tools/commands.hpp"

namespace g6 {

void add_analyze_command(CLI::App& app) {
  auto query = std::make_shared<analyze_query>();
  auto* analyze = app.add_subcommand("analyze", "IV, Greeks and chain statistics of a saved NSE option chain");
  analyze->add_option("FILE", query->file, "NSE option-chain API response (JSON)")->required();
  analyze
    ->add_option("--mode", query->mode,
                 "forward: Black-76 on the synthetic forward; nse: NSE's convention (Black-Scholes on "
                 "spot, r 10%, calendar/365, T >= 1 day)")
    ->capture_default_str();
  analyze->add_option("--price", query->price, "Premium to solve from: ltp (last traded) or mid (bid/ask)")
    ->capture_default_str();
  analyze->add_option("--rate", query->rate, "Risk-free rate as a fraction (default 0.065, nse 0.10)");
  analyze->add_flag("--json", query->json, "Print JSON");
  analyze->callback([query] {
    auto report = run_analyze(*query);
    std::cerr << report.note;
    if (!report.ok()) {
      std::cerr << "g6 analyze: " << report.error << '\n';
      throw CLI::RuntimeError(1);
    }
    std::cout << report.output;
  });
}

} // namespace g6
