// cmd_bench.cpp — `g6 bench iv [--count N] [--seed S] [--passes P]`: the implied-volatility solver timed
// and checked against QuantLib (when built in). The logic is actors/analytics/iv_benchmark.hpp; this
// file only maps options and prints.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "actors/analytics/iv_benchmark.hpp"
#include "tools/commands.hpp"

namespace g6 {

void add_bench_command(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Benchmarks");
  bench->require_subcommand(1);
  auto options = std::make_shared<iv_bench_options>();
  auto* iv =
    bench->add_subcommand("iv", "Implied volatility: ns per IV, accuracy, failures; QuantLib for reference");
  iv->add_option("--count", options->count, "Options in the book")
    ->capture_default_str()
    ->check(CLI::Range(1, 100'000'000));
  iv->add_option("--seed", options->seed, "Random seed of the book")->capture_default_str();
  iv->add_option("--passes", options->passes, "Timed passes per solver (median reported)")
    ->capture_default_str()
    ->check(CLI::Range(1, 100));
  iv->callback([options] { std::cout << format_iv_bench(run_iv_benchmark(*options)) << std::flush; });
}

} // namespace g6
