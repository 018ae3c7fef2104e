// cycle_benchmark.hpp — `g6 bench cycle`: one collection cycle of N options through the real code, in
// process, stage by stage: the book snapshot (the synthetic market's quotes, as its provider answers),
// sanitising (assemble_chain), IV and Greeks (price_chain), chain statistics and the overview
// (add_statistics, summarise), the SVI surface (fit_surface), the committed SQLite batches (sqlite_store:
// the indices' batches in one transaction, as the storage actor commits batches that arrive together, or
// one per index; then the cycle record) and the panels
// (snapshot_of and write_panel_generation, as the collector and the panels actor do). Stages run one
// index after the other on one thread, so each stage's figure is its cost; the analytics step is also
// timed through the analytics pool, every index's chain at once, as the daemon runs it. The checkpoint of
// the write-ahead log, which the storage actor runs when no batch waits, is timed after each cycle and
// kept out of its total. The targets: 32k options in 250 ms, 100k in 1 s.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace g6 {

enum class cycle_stage : uint8_t { snapshot, sanitise, iv_greeks, statistics, surface, sqlite, panels };
inline constexpr size_t cycle_stage_count = 7;
std::string_view to_string(cycle_stage x);

struct cycle_bench_options {
  std::vector<size_t> options{1'000, 10'000, 32'000, 100'000};
  int repeat = 3;                   // cycles per size: the best and the median are reported
  uint64_t seed = 20261126;         // of the synthetic market
  std::string data_dir;             // database and panels kept here; empty: a temp directory, removed after
  size_t pool_workers = 0;          // analytics pool workers; 0: one per core, as the daemon's default
  bool group_commit = true;         // the indices' batches in one transaction; false: one transaction each
  std::string synchronous = "full"; // SQLite's synchronous mode, the daemon's default unless asked
};

/// One size's figures; times in seconds, one entry per repetition.
struct cycle_bench_size {
  size_t options = 0; // in the book
  size_t indices = 0;
  size_t expiries = 0;
  size_t most_strikes = 0;     // of one expiry
  uint64_t rows_committed = 0; // option rows newly stored per cycle (the last one)
  uint32_t dropped = 0;        // by the sanitiser, per cycle
  uint32_t missing = 0;        // not quoted by the market
  uint32_t iv_solved = 0;
  uint32_t iv_failed = 0;
  uint32_t surfaces_fitted = 0;
  std::array<std::vector<double>, cycle_stage_count> stages;
  std::vector<double> commits;          // of the sqlite stage, the time spent in COMMIT (the WAL's fsync)
  std::vector<double> checkpoints;      // after the cycle, outside its total
  std::vector<double> total;            // the stages' sum, per cycle
  std::vector<double> pooled_analytics; // IV, Greeks, statistics and surface through the pool
  std::vector<double> pooled_total;     // total with the pooled analytics in place of the three stages
};

struct cycle_bench_report {
  cycle_bench_options options;
  std::string database;       // where the rows went
  uint64_t database_rows = 0; // option rows in it at the end (counted by SQL)
  size_t pool_workers = 0;
  unsigned cores = 0;
  std::vector<cycle_bench_size> sizes;
};

/// Targets of the issue, in seconds, by option count.
inline constexpr std::array<std::pair<size_t, double>, 2> cycle_bench_targets{{{32'000, 0.25}, {100'000, 1.0}}};

cycle_bench_report run_cycle_benchmark(const cycle_bench_options& options);

/// The report as `g6 bench cycle` prints it: per size the layout and per stage best and median ms and
/// ns per option; growth between successive sizes; the targets.
std::string format_cycle_bench(const cycle_bench_report& report);

} // namespace g6
