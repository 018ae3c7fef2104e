#include "actors/collector/cycle_benchmark.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <span>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "actors/analytics/chain_analysis.hpp"
#include "actors/collector/cycle_bench_book.hpp"
#include "actors/collector/cycle_bench_pool.hpp"
#include "actors/panels/panel_generation.hpp"
#include "actors/storage/sqlite_handle.hpp"
#include "actors/storage/sqlite_store.hpp"
#include "config/ist_time.hpp"
#include "messages/observability.hpp"

namespace g6 {

std::string_view to_string(cycle_stage x) {
  switch (x) {
    case cycle_stage::snapshot:
      return "snapshot";
    case cycle_stage::sanitise:
      return "sanitise";
    case cycle_stage::iv_greeks:
      return "iv_greeks";
    case cycle_stage::statistics:
      return "statistics";
    case cycle_stage::surface:
      return "surface";
    case cycle_stage::sqlite:
      return "sqlite";
    case cycle_stage::panels:
      return "panels";
  }
  return "unknown";
}

namespace {

constexpr std::array<cycle_stage, cycle_stage_count> all_stages{
  cycle_stage::snapshot, cycle_stage::sanitise, cycle_stage::iv_greeks, cycle_stage::statistics,
  cycle_stage::surface,  cycle_stage::sqlite,   cycle_stage::panels};

using steady = std::chrono::steady_clock;

/// A trading Thursday mid-session; cycle k runs k minutes later.
epoch_ms first_cycle_at() {
  return ist_instant(make_date(2026, 11, 26), 11, 0);
}

/// The data directory of the run: the one asked for, or a fresh temp directory removed afterwards.
class bench_directory {
public:
  explicit bench_directory(const std::string& asked) {
    if (!asked.empty()) {
      path_ = asked;
      std::filesystem::create_directories(path_);
      return;
    }
    auto pattern = (std::filesystem::temp_directory_path() / "g6-bench-cycle-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
      throw std::runtime_error("cannot create a temp directory under "
                               + std::filesystem::temp_directory_path().string());
    path_ = pattern;
    owned_ = true;
  }
  ~bench_directory() {
    std::error_code ec;
    if (owned_)
      std::filesystem::remove_all(path_, ec);
  }
  bench_directory(const bench_directory&) = delete;
  bench_directory& operator=(const bench_directory&) = delete;
  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
  bool owned_ = false;
};

/// Runs `f`, adding its wall time to `seconds`.
template <class F>
auto timed(double& seconds, F&& f) {
  auto start = steady::now();
  struct add_on_exit {
    double& seconds;
    steady::time_point start;
    ~add_on_exit() { seconds += std::chrono::duration<double>(steady::now() - start).count(); }
  } add{seconds, start};
  return f();
}

template <class T>
T unwrap(store_result<T> result) {
  if (!result)
    throw std::runtime_error(result.error().message);
  return *std::move(result);
}

/// What the bench keeps between cycles, as the daemon's components keep it.
struct bench_run {
  synthetic_market market;
  analytics_params params;
  epoch_ms max_quote_age_ms;
  sqlite_store store;
  std::filesystem::path panels_dir;
  std::string validate;
  std::map<std::string, index_snapshot> snapshots; // the panels actor's latest snapshot per index
  analytics_pool_timer pool;
  bool group_commit = true;
  uint64_t cycle_id = 0;
};

/// One cycle of every index of the book, each stage timed; appends one entry per figure to `size`.
void run_cycle(bench_run& run, const cycle_bench_book& book, cycle_bench_size& size) {
  auto cycle_id = ++run.cycle_id;
  auto ts = first_cycle_at() + static_cast<epoch_ms>(cycle_id - 1) * 60'000;
  std::array<double, cycle_stage_count> t{};
  auto stage = [&t](cycle_stage s) -> double& { return t[static_cast<size_t>(s)]; };
  cycle_record record;
  record.cycle_id = cycle_id;
  record.started = ts;
  record.status = cycle_status::ok;
  size.rows_committed = size.dropped = size.missing = size.iv_solved = size.iv_failed = size.surfaces_fitted = 0;
  std::vector<chain_request> requests;
  std::vector<cycle_batch> batches;
  auto commit_us_before = run.store.counters().commit_us_total;
  for (auto& share : book.indices) {
    auto& name = share.spot.index;
    // The collector: spot and quotes from the provider, sanitised into the analytics request.
    auto spot = timed(stage(cycle_stage::snapshot), [&] { return *run.market.spot(name, ts); });
    auto quotes = timed(stage(cycle_stage::snapshot), [&] { return snapshot_quotes(run.market, share.plan, ts); });
    auto chain = timed(stage(cycle_stage::sanitise), [&] {
      return assemble_chain(name, share.plan, quotes, spot.last_price, ts, run.max_quote_age_ms);
    });
    // The analytics worker: analyze_chain's three steps.
    auto priced = timed(stage(cycle_stage::iv_greeks), [&] { return price_chain(chain.request, run.params); });
    timed(stage(cycle_stage::statistics), [&] { add_statistics(priced); });
    auto& analysed = priced.detailed.result;
    timed(stage(cycle_stage::surface),
          [&] { analysed.surfaces = fit_surface(analysed, run.params.risk_free_rate, run.params.surface); });
    // The collector's batch with its overview row.
    cycle_batch batch;
    timed(stage(cycle_stage::statistics), [&] {
      batch.cycle_id = cycle_id;
      batch.index = name;
      batch.ts = ts;
      batch.spot = spot;
      batch.overview = summarise(name, ts, share.plan, spot, analysed);
      batch.options = std::move(analysed.rows);
      batch.surfaces = std::move(analysed.surfaces);
    });
    size.rows_committed += batch.options.size();
    size.dropped += chain.drops.total();
    size.missing += chain.missing;
    for (auto& e : analysed.expiries) {
      size.iv_solved += e.iv_solved;
      size.iv_failed += e.iv_failed;
    }
    for (auto& s : batch.surfaces)
      size.surfaces_fitted += s.status == surface_status::fitted ? 1 : 0;
    index_cycle_result result;
    result.index = name;
    result.status = cycle_status::ok;
    result.options_expected = share.plan.options_expected;
    result.options_collected = static_cast<uint32_t>(batch.options.size());
    result.dropped = chain.drops.total();
    record.indices.push_back(result);
    requests.push_back(std::move(chain.request));
    batches.push_back(std::move(batch));
  }
  // The storage actor: the batches that arrived together in one transaction, or one transaction each.
  auto results = timed(stage(cycle_stage::sqlite), [&] {
    if (run.group_commit)
      return run.store.store(std::span<const cycle_batch>{batches});
    std::vector<store_result<uint64_t>> each;
    for (auto& batch : batches)
      each.push_back(run.store.store(batch));
    return each;
  });
  for (size_t i = 0; i < batches.size(); ++i) {
    auto& batch = batches[i];
    auto rows = unwrap(std::move(results[i]));
    if (rows == 0)
      throw std::runtime_error(fmt::format("{} cycle {} was stored already: the data directory holds an earlier "
                                           "bench run; give a new one",
                                           batch.index, cycle_id));
    if (rows != batch.options.size() + 1)
      throw std::runtime_error(fmt::format("{} cycle {}: {} rows written for a batch of {} options", batch.index,
                                           cycle_id, rows, batch.options.size()));
    // The collector's snapshot for the panels actor, which keeps the latest per index.
    timed(stage(cycle_stage::panels), [&] { run.snapshots[batch.index] = snapshot_of(batch); });
  }
  // The clock's cycle record, stored and then handed to the panels actor.
  record.ended = ts + 1;
  timed(stage(cycle_stage::sqlite), [&] { return unwrap(run.store.store(record)); });
  timed(stage(cycle_stage::panels), [&] {
    panel_inputs in;
    in.cycle = record;
    for (auto& share : book.indices)
      in.indices.push_back(share.spot.index);
    in.snapshots = std::move(run.snapshots); // as the panels actor lends them
    for (auto& share : book.indices)
      in.last_cycle_of[share.spot.index] = cycle_id;
    in.now = wall_clock_ms();
    in.node_name = "bench";
    auto written = write_panel_generation(run.panels_dir, in, run.validate);
    run.snapshots = std::move(in.snapshots);
    if (!written.errors.empty())
      throw std::runtime_error("panels: " + written.errors.front());
    return written;
  });
  // The storage actor's checkpoint once no batch waits: between cycles, outside the cycle's total.
  double checkpoint_seconds = 0;
  timed(checkpoint_seconds, [&] {
    if (auto checkpointed = run.store.checkpoint(); !checkpointed)
      throw std::runtime_error(checkpointed.error().message);
  });
  size.checkpoints.push_back(checkpoint_seconds);
  // The same analytics through the pool, every chain at once.
  std::vector<chain_result> pooled;
  auto pooled_seconds = run.pool.analyse(requests, pooled);
  double total = 0;
  for (auto s : all_stages) {
    size.stages[static_cast<size_t>(s)].push_back(stage(s));
    total += stage(s);
  }
  size.total.push_back(total);
  size.commits.push_back(static_cast<double>(run.store.counters().commit_us_total - commit_us_before) * 1e-6);
  size.pooled_analytics.push_back(pooled_seconds);
  size.pooled_total.push_back(total - stage(cycle_stage::iv_greeks) - stage(cycle_stage::statistics)
                              - stage(cycle_stage::surface) + pooled_seconds);
}

uint64_t count_option_rows(const std::filesystem::path& file) {
  sqlite3* raw = nullptr;
  auto rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  sqlite_connection db{raw};
  if (rc != SQLITE_OK)
    throw std::runtime_error(sqlite_failure(raw, rc, "opening " + file.string()).message);
  auto stmt = unwrap(sqlite_statement::prepare(raw, "SELECT count(*) FROM option_quotes", "counting rows"));
  if (stmt.step() != SQLITE_ROW)
    throw std::runtime_error("counting the rows of " + file.string() + " failed");
  return static_cast<uint64_t>(stmt.column_integer(0));
}

double best(const std::vector<double>& xs) {
  return *std::min_element(xs.begin(), xs.end());
}

double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  auto n = xs.size();
  return n % 2 == 1 ? xs[n / 2] : 0.5 * (xs[n / 2 - 1] + xs[n / 2]);
}

std::string count_label(size_t n) {
  return n % 1000 == 0 ? fmt::format("{}k", n / 1000) : fmt::format("{}", n);
}

} // namespace

cycle_bench_report run_cycle_benchmark(const cycle_bench_options& options) {
  cycle_bench_report report;
  report.options = options;
  report.cores = std::thread::hardware_concurrency();
  bench_directory dir{options.data_dir};
  settings defaults; // the daemon's default storage, analytics and collection settings
  defaults.storage.data_dir = dir.path().string();
  defaults.storage.synchronous = options.synchronous;
  auto file = database_path(defaults.storage);
  report.database = file.string();
  {
    bench_run run{
      synthetic_market{options.seed},
      from_settings(defaults.greeks, defaults.analytics.surface),
      static_cast<epoch_ms>(defaults.collection.quote_max_age_seconds * 1000),
      unwrap(sqlite_store::open(file, defaults.storage)),
      dir.path() / "panels",
      defaults.panels.validate,
      {},
      analytics_pool_timer{options.pool_workers, from_settings(defaults.greeks, defaults.analytics.surface)},
      options.group_commit};
    report.pool_workers = run.pool.workers();
    for (auto n : options.options) {
      auto book = make_cycle_bench_book(run.market, n, first_cycle_at());
      cycle_bench_size size;
      size.options = book.options;
      size.indices = book.indices.size();
      size.expiries = book.expiries;
      size.most_strikes = book.most_strikes;
      for (int r = 0; r < options.repeat; ++r)
        run_cycle(run, book, size);
      report.sizes.push_back(std::move(size));
    }
  }
  report.database_rows = count_option_rows(file);
  return report;
}

std::string format_cycle_bench(const cycle_bench_report& r) {
  auto out =
    fmt::format("g6 bench cycle: one collection cycle in process on the real code, stage by stage on one thread, "
                "{} cycle{} per size (best and median), synthetic market seed {} at {}\n"
                "  SQLite {} (WAL, synchronous={}: {} and the cycle record; the WAL checkpoint after "
                "the cycle, outside its total); panels validated (warn)\n"
                "  analytics pool: {} worker{} on {} core{}, one whole chain per worker at a time (requests spread "
                "round-robin), so it runs indices in parallel, never one chain\n",
                r.options.repeat, r.options.repeat == 1 ? "" : "s", r.options.seed, format_ist(first_cycle_at()),
                r.database, r.options.synchronous,
                r.options.group_commit ? "the indices' batches in one committed transaction (group commit)"
                                       : "one committed transaction per index",
                r.pool_workers, r.pool_workers == 1 ? "" : "s", r.cores, r.cores == 1 ? "" : "s");
  for (auto& s : r.sizes) {
    auto per_option = [&](double seconds) {
      return seconds * 1e9 / static_cast<double>(std::max<size_t>(1, s.options));
    };
    out += fmt::format(
      "\n{} options: {} indices, {} expiries, up to {} strikes an expiry; per cycle {} rows committed, {} dropped, "
      "{} not quoted, IV {} solved {} failed, {} of {} smiles fitted\n",
      s.options, s.indices, s.expiries, s.most_strikes, s.rows_committed, s.dropped, s.missing, s.iv_solved,
      s.iv_failed, s.surfaces_fitted, s.expiries);
    out += fmt::format("  {:<22} {:>10} {:>10} {:>12}\n", "stage", "best ms", "median ms", "ns/option");
    for (auto stage : all_stages) {
      auto& xs = s.stages[static_cast<size_t>(stage)];
      out += fmt::format("  {:<22} {:>10.2f} {:>10.2f} {:>12.0f}\n", to_string(stage), best(xs) * 1e3, median(xs) * 1e3,
                         per_option(median(xs)));
      if (stage == cycle_stage::sqlite)
        out += fmt::format("  {:<22} {:>10.2f} {:>10.2f} {:>12.0f}   (of which COMMIT)\n", "", best(s.commits) * 1e3,
                           median(s.commits) * 1e3, per_option(median(s.commits)));
      if (stage == cycle_stage::panels)
        out +=
          fmt::format("  {:<22} {:>10.2f} {:>10.2f} {:>12.0f}   (between cycles, not in the total)\n", "checkpoint",
                      best(s.checkpoints) * 1e3, median(s.checkpoints) * 1e3, per_option(median(s.checkpoints)));
    }
    out += fmt::format("  {:<22} {:>10.2f} {:>10.2f} {:>12.0f}\n", "total (one thread)", best(s.total) * 1e3,
                       median(s.total) * 1e3, per_option(median(s.total)));
    out += fmt::format("  {:<22} {:>10.2f} {:>10.2f} {:>12.0f}   (iv_greeks + statistics + surface)\n",
                       "analytics via pool", best(s.pooled_analytics) * 1e3, median(s.pooled_analytics) * 1e3,
                       per_option(median(s.pooled_analytics)));
    out += fmt::format("  {:<22} {:>10.2f} {:>10.2f} {:>12.0f}\n", "total with pool", best(s.pooled_total) * 1e3,
                       median(s.pooled_total) * 1e3, per_option(median(s.pooled_total)));
  }
  if (r.sizes.size() > 1) {
    out += "\ngrowth (median), per stage, between successive sizes:\n";
    for (size_t k = 1; k < r.sizes.size(); ++k) {
      auto& a = r.sizes[k - 1];
      auto& b = r.sizes[k];
      auto ratio = [](const std::vector<double>& x, const std::vector<double>& y) { return median(y) / median(x); };
      out += fmt::format("  {}/{}: {:.1f}x for {:.1f}x options (", count_label(b.options), count_label(a.options),
                         ratio(a.total, b.total), static_cast<double>(b.options) / static_cast<double>(a.options));
      for (size_t i = 0; i < cycle_stage_count; ++i)
        out += fmt::format("{}{} {:.1f}x", i == 0 ? "" : ", ", to_string(static_cast<cycle_stage>(i)),
                           ratio(a.stages[i], b.stages[i]));
      out += ")\n";
    }
  }
  out += "\n";
  for (auto& [options, seconds] : cycle_bench_targets) {
    auto s = std::find_if(r.sizes.begin(), r.sizes.end(), [&](auto& x) { return x.options == options; });
    if (s == r.sizes.end())
      continue;
    out += fmt::format("target: {} options in <= {:.0f} ms: {} (best {:.1f} ms, median {:.1f} ms on one thread; "
                       "best {:.1f} ms with the pool)\n",
                       count_label(options), seconds * 1e3, best(s->total) <= seconds ? "met" : "not met",
                       best(s->total) * 1e3, median(s->total) * 1e3, best(s->pooled_total) * 1e3);
  }
  uint64_t expected_rows = 0;
  for (auto& s : r.sizes)
    expected_rows += s.rows_committed * static_cast<uint64_t>(r.options.repeat);
  out +=
    fmt::format("rows in the database: {} option rows (committed by the cycles: {})\n", r.database_rows, expected_rows);
  return out;
}

} // namespace g6
