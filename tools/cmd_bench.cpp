// cmd_bench.cpp — `g6 bench iv [--count N] [--seed S] [--passes P]`: the implied-volatility solver timed
// and checked against QuantLib (when built in); `g6 bench surface [--slices N] [--seed S] [--passes P]`:
// the SVI smile fit likewise; `g6 bench sse`: the live stream; `g6 bench ticker [--packets N]`: Kite
// ticker messages read into ticks; `g6 bench cycle [--options N,...] [--repeat R]`: one collection cycle of
// N options through the real pipeline, stage by stage. The logic is actors/analytics/iv_benchmark.hpp,
// actors/analytics/surface_benchmark.hpp, actors/sse/sse_bench.hpp,
// actors/provider/kite/ticker/ticker_benchmark.hpp and actors/collector/cycle_benchmark.hpp; this file
// only maps options and prints.
#include <CLI/CLI.hpp>

#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "actors/analytics/iv_benchmark.hpp"
#include "actors/analytics/surface_benchmark.hpp"
#include "actors/collector/cycle_benchmark.hpp"
#include "actors/provider/kite/ticker/ticker_benchmark.hpp"
#include "actors/sse/sse_bench.hpp"
#include "tools/commands.hpp"

namespace g6 {

void add_bench_command(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Benchmarks");
  bench->require_subcommand(1);
  auto options = std::make_shared<iv_bench_options>();
  auto* iv = bench->add_subcommand("iv", "Implied volatility: ns per IV, accuracy, failures; QuantLib for reference");
  iv->add_option("--count", options->count, "Options in the book")
    ->capture_default_str()
    ->check(CLI::Range(1, 100'000'000));
  iv->add_option("--seed", options->seed, "Random seed of the book")->capture_default_str();
  iv->add_option("--passes", options->passes, "Timed passes per solver (median reported)")
    ->capture_default_str()
    ->check(CLI::Range(1, 100));
  iv->callback([options] { std::cout << format_iv_bench(run_iv_benchmark(*options)) << std::flush; });

  auto surface_options = std::make_shared<surface_bench_options>();
  auto* surface = bench->add_subcommand(
    "surface", "SVI smile fit: us per slice, fit error, curve error on known smiles; QuantLib for reference");
  surface->add_option("--slices", surface_options->slices, "Slices per size (20, 40 and 120 strikes)")
    ->capture_default_str()
    ->check(CLI::Range(1, 1'000'000));
  surface->add_option("--seed", surface_options->seed, "Random seed of the slices")->capture_default_str();
  surface->add_option("--passes", surface_options->passes, "Timed passes per fitter (median reported)")
    ->capture_default_str()
    ->check(CLI::Range(1, 100));
  surface->callback(
    [surface_options] { std::cout << format_surface_bench(run_surface_benchmark(*surface_options)) << std::flush; });

  auto ticker_options = std::make_shared<ticker_bench_options>();
  auto* ticker = bench->add_subcommand(
    "ticker", "Kite ticker messages read into ticks on one core: packets/s and ns/packet for ltp, quote, full");
  ticker->add_option("--packets", ticker_options->packets, "Packets per mode (at least)")
    ->capture_default_str()
    ->check(CLI::Range(size_t{1}, size_t{10'000'000'000}));
  ticker->add_option("--per-message", ticker_options->packets_per_message, "Packets per message")
    ->capture_default_str()
    ->check(CLI::Range(1, 65535));
  ticker->add_option("--seed", ticker_options->seed, "Random seed of the messages")->capture_default_str();
  ticker->callback(
    [ticker_options] { std::cout << format_ticker_bench(run_ticker_benchmark(*ticker_options)) << std::flush; });

  auto cycle_options = std::make_shared<cycle_bench_options>();
  auto* cycle = bench->add_subcommand(
    "cycle", "One collection cycle of N options in process, stage by stage: ms, ns per option, growth with N");
  cycle->add_option("--options", cycle_options->options, "Options per cycle, one size or a list (1000,10000)")
    ->capture_default_str()
    ->delimiter(',')
    ->check(CLI::Range(size_t{1}, size_t{1'000'000}));
  cycle->add_option("--repeat", cycle_options->repeat, "Cycles per size (best and median reported)")
    ->capture_default_str()
    ->check(CLI::Range(1, 1000));
  cycle->add_option("--seed", cycle_options->seed, "Seed of the synthetic market")->capture_default_str();
  cycle
    ->add_option("--data-dir", cycle_options->data_dir,
                 "Keep the database and panels here (a new directory; default: a temp directory, removed)")
    ->check(CLI::NonexistentPath);
  cycle->add_option("--pool", cycle_options->pool_workers, "Analytics pool workers (0: one per core)")
    ->capture_default_str()
    ->check(CLI::Range(size_t{0}, size_t{256}));
  cycle
    ->add_option("--commit", cycle_options->group_commit,
                 "grouped: the indices' batches in one transaction, as the storage actor commits batches that "
                 "arrive together; each: one transaction per index")
    ->transform(CLI::CheckedTransformer(std::map<std::string, bool>{{"grouped", true}, {"each", false}}))
    ->default_str("grouped");
  cycle
    ->add_option("--synchronous", cycle_options->synchronous,
                 "SQLite's synchronous mode (full: the daemon's default, every commit survives power loss)")
    ->capture_default_str()
    ->check(CLI::IsMember({"full", "normal"}));
  cycle->callback(
    [cycle_options] { std::cout << format_cycle_bench(run_cycle_benchmark(*cycle_options)) << std::flush; });

  auto sse_options = std::make_shared<sse::sse_bench_options>();
  auto* sse = bench->add_subcommand(
    "sse", "Live stream: N loopback clients; events/s, publish -> receive latency, RSS, lost/duplicated events");
  sse->add_option("--clients", sse_options->clients, "Clients")->capture_default_str()->check(CLI::Range(1, 100000));
  sse->add_option("--duration", sse_options->duration_seconds, "Seconds of updates")
    ->capture_default_str()
    ->check(CLI::Range(0.1, 86400.0));
  sse->add_option("--rate", sse_options->rate, "Panel updates per second")
    ->capture_default_str()
    ->check(CLI::Range(0.01, 10000.0));
  sse->add_option("--io-threads", sse_options->io_threads, "Server I/O threads")
    ->capture_default_str()
    ->check(CLI::Range(1, 64));
  sse->add_option("--rows", sse_options->chain_rows, "Rows of the synthetic chain panel")
    ->capture_default_str()
    ->check(CLI::Range(1, 100000));
  sse->add_option("--mode", sse_options->mode, "diff or full")
    ->capture_default_str()
    ->check(CLI::IsMember({"diff", "full"}));
  sse->callback([sse_options] {
    auto result = sse::run_sse_bench(*sse_options);
    std::cout << sse::format_sse_bench(*sse_options, result) << std::flush;
    // Lost or duplicated events, or clients that never connected, fail the benchmark.
    if (result.lost > 0 || result.duplicated > 0 || result.clients_connected < sse_options->clients)
      throw CLI::RuntimeError(1);
  });
}

} // namespace g6
