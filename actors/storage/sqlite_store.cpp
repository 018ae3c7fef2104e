#include "actors/storage/sqlite_store.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "actors/storage/open_marker.hpp"
#include "actors/storage/sqlite_handle.hpp"
#include "actors/storage/sqlite_schema.hpp"
#include "config/ist_time.hpp"

namespace g6 {

namespace {

constexpr std::string_view insert_option_sql = R"sql(
INSERT OR IGNORE INTO option_quotes (ts_ms, index_name, expiry, bucket, strike, option_type, token, symbol,
  last_price, bid, ask, volume, oi, oi_change, iv, delta, gamma, theta, vega, rho, underlying, forward,
  quote_ts_ms, flags)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
  ?23, ?24))sql";

constexpr std::string_view insert_overview_sql = R"sql(
INSERT OR IGNORE INTO overview (ts_ms, index_name, underlying, day_high, day_low, day_width,
  pcr_oi_this_week, pcr_oi_next_week, pcr_oi_this_month, pcr_oi_next_month,
  pcr_volume_this_week, pcr_volume_next_week, pcr_volume_this_month, pcr_volume_next_month,
  atm_iv_this_week, atm_iv_next_week, atm_iv_this_month, atm_iv_next_month,
  expected_mask, collected_mask, missing_mask, options_expected, options_collected,
  max_pain_this_week, max_pain_next_week, max_pain_this_month, max_pain_next_month,
  rr25_this_week, rr25_next_week, rr25_this_month, rr25_next_month,
  bf25_this_week, bf25_next_week, bf25_this_month, bf25_next_month,
  calls_adding_oi_this_week, calls_adding_oi_next_week, calls_adding_oi_this_month, calls_adding_oi_next_month,
  calls_shedding_oi_this_week, calls_shedding_oi_next_week, calls_shedding_oi_this_month,
  calls_shedding_oi_next_month,
  puts_adding_oi_this_week, puts_adding_oi_next_week, puts_adding_oi_this_month, puts_adding_oi_next_month,
  puts_shedding_oi_this_week, puts_shedding_oi_next_week, puts_shedding_oi_this_month,
  puts_shedding_oi_next_month,
  fit_atm_iv_this_week, fit_atm_iv_next_week, fit_atm_iv_this_month, fit_atm_iv_next_month,
  fit_rr25_this_week, fit_rr25_next_week, fit_rr25_this_month, fit_rr25_next_month,
  fit_bf25_this_week, fit_bf25_next_week, fit_bf25_this_month, fit_bf25_next_month,
  fit_atm_skew_this_week, fit_atm_skew_next_week, fit_atm_skew_this_month, fit_atm_skew_next_month)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
  ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44,
  ?45, ?46, ?47, ?48, ?49, ?50, ?51, ?52, ?53, ?54, ?55, ?56, ?57, ?58, ?59, ?60, ?61, ?62, ?63, ?64, ?65, ?66,
  ?67))sql";

constexpr std::string_view insert_surface_sql = R"sql(
INSERT OR IGNORE INTO surface (ts_ms, index_name, expiry, bucket, status, t_years, forward, a, b, rho, m, sigma,
  points_used, excluded, rmse_vol_pts, max_err_vol_pts, k_min, k_max, butterfly_ok, butterfly_worst_k, wing_ok,
  calendar_ok, calendar_worst_k, atm_iv, rr25, bf25, atm_skew, fit_us)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
  ?23, ?24, ?25, ?26, ?27, ?28))sql";

constexpr std::string_view find_batch_sql = "SELECT 1 FROM batches WHERE ts_ms = ?1 AND index_name = ?2";

constexpr std::string_view insert_batch_sql = R"sql(
INSERT INTO batches (ts_ms, index_name, cycle_id, option_rows, committed_at_ms)
VALUES (?1, ?2, ?3, ?4, ?5))sql";

constexpr std::string_view insert_cycle_sql = R"sql(
INSERT OR IGNORE INTO cycles (started_ms, cycle_id, ended_ms, status, indices, errors)
VALUES (?1, ?2, ?3, ?4, ?5, ?6))sql";

constexpr std::string_view insert_event_sql = R"sql(
INSERT OR IGNORE INTO events (ts_ms, component, kind, detail) VALUES (?1, ?2, ?3, ?4))sql";

using steady = std::chrono::steady_clock;

int64_t micros_between(steady::time_point from, steady::time_point to) {
  return std::chrono::duration_cast<std::chrono::microseconds>(to - from).count();
}

std::optional<std::string_view> synchronous_pragma(const std::string& mode) {
  if (mode == "full" || mode == "FULL")
    return "PRAGMA synchronous = FULL";
  if (mode == "normal" || mode == "NORMAL")
    return "PRAGMA synchronous = NORMAL";
  return std::nullopt;
}

/// Switches the file to write-ahead logging (persistent in the file) and checks SQLite agreed.
expected<void, store_error> enable_wal(sqlite3* db, const std::string& name) {
  auto doing = fmt::format("switching {} to WAL mode", name);
  auto prepared = sqlite_statement::prepare(db, "PRAGMA journal_mode = WAL", doing);
  if (!prepared)
    return unexpected{std::move(prepared).error()};
  auto& stmt = *prepared;
  auto rc = stmt.step();
  if (rc != SQLITE_ROW)
    return unexpected{sqlite_failure(db, rc, doing)};
  auto mode = std::string{stmt.column_text(0)};
  stmt.reset();
  if (mode != "wal")
    return unexpected{
      store_error{store_errc::sqlite_error, fmt::format("{}: SQLite kept journal mode \"{}\"", doing, mode)}};
  return {};
}

std::string describe(const cycle_batch& batch) {
  return fmt::format("batch of {} at {} (cycle {})", batch.index, format_ist(batch.ts), batch.cycle_id);
}

/// A batch must describe one index at one instant: rows of another would break the batch's identity.
expected<void, store_error> check_batch(const cycle_batch& batch) {
  auto invalid = [&](std::string why) {
    return unexpected{store_error{store_errc::invalid_batch, fmt::format("{}: {}", describe(batch), why)}};
  };
  if (batch.index.empty())
    return invalid("the batch names no index");
  if (batch.overview.index != batch.index || batch.overview.ts != batch.ts)
    return invalid(fmt::format("its overview row is of {} at {}", batch.overview.index, format_ist(batch.overview.ts)));
  for (size_t i = 0; i < batch.options.size(); ++i) {
    auto& row = batch.options[i];
    if (row.index != batch.index || row.ts != batch.ts)
      return invalid(fmt::format("option row {} ({}) is of {} at {}", i, row.symbol, row.index, format_ist(row.ts)));
    if (!is_present(row.strike))
      return invalid(fmt::format("option row {} ({}) has no strike", i, row.symbol));
  }
  return {};
}

void bind_option(sqlite_statement& s, const option_row& r) {
  s.bind_integer(1, r.ts);
  s.bind_text(2, r.index);
  s.bind_text(3, format_date(r.expiry));
  s.bind_text(4, to_string(r.bucket));
  s.bind_real(5, r.strike);
  s.bind_text(6, to_string(r.type));
  s.bind_integer(7, static_cast<int64_t>(r.token));
  s.bind_text(8, r.symbol);
  s.bind_real(9, r.last_price);
  s.bind_real(10, r.bid);
  s.bind_real(11, r.ask);
  s.bind_integer(12, r.volume);
  s.bind_real(13, r.oi);
  s.bind_real(14, r.oi_change);
  s.bind_real(15, r.iv);
  s.bind_real(16, r.delta);
  s.bind_real(17, r.gamma);
  s.bind_real(18, r.theta);
  s.bind_real(19, r.vega);
  s.bind_real(20, r.rho);
  s.bind_real(21, r.underlying);
  s.bind_real(22, r.forward);
  // A provider without quote times sends 0: unknown, not 1970.
  if (r.quote_ts > 0)
    s.bind_integer(23, r.quote_ts);
  else
    s.bind_null(23);
  s.bind_integer(24, r.flags);
}

void bind_overview(sqlite_statement& s, const overview_row& r) {
  s.bind_integer(1, r.ts);
  s.bind_text(2, r.index);
  s.bind_real(3, r.underlying);
  s.bind_real(4, r.day_high);
  s.bind_real(5, r.day_low);
  s.bind_real(6, r.day_width);
  for (size_t b = 0; b < expiry_bucket_count; ++b) {
    auto offset = static_cast<int>(b);
    s.bind_real(7 + offset, r.pcr_oi[b]);
    s.bind_real(11 + offset, r.pcr_volume[b]);
    s.bind_real(15 + offset, r.atm_iv[b]);
  }
  s.bind_integer(19, r.expected_mask);
  s.bind_integer(20, r.collected_mask);
  s.bind_integer(21, r.missing_mask);
  s.bind_integer(22, r.options_expected);
  s.bind_integer(23, r.options_collected);
  // Counts of a bucket without statistics (−1) are NULL, like its absent ratios.
  auto bind_count = [&s](int index, int32_t count) {
    if (count >= 0)
      s.bind_integer(index, count);
    else
      s.bind_null(index);
  };
  for (size_t b = 0; b < expiry_bucket_count; ++b) {
    auto offset = static_cast<int>(b);
    s.bind_real(24 + offset, r.max_pain[b]);
    s.bind_real(28 + offset, r.rr25[b]);
    s.bind_real(32 + offset, r.bf25[b]);
    bind_count(36 + offset, r.calls_adding_oi[b]);
    bind_count(40 + offset, r.calls_shedding_oi[b]);
    bind_count(44 + offset, r.puts_adding_oi[b]);
    bind_count(48 + offset, r.puts_shedding_oi[b]);
    s.bind_real(52 + offset, r.fit_atm_iv[b]);
    s.bind_real(56 + offset, r.fit_rr25[b]);
    s.bind_real(60 + offset, r.fit_bf25[b]);
    s.bind_real(64 + offset, r.fit_atm_skew[b]);
  }
}

void bind_surface(sqlite_statement& s, const cycle_batch& batch, const surface_slice& x) {
  s.bind_integer(1, batch.ts);
  s.bind_text(2, batch.index);
  s.bind_text(3, format_date(x.expiry));
  s.bind_text(4, to_string(x.bucket));
  s.bind_text(5, to_string(x.status));
  s.bind_real(6, x.years);
  s.bind_real(7, x.forward);
  s.bind_real(8, x.a);
  s.bind_real(9, x.b);
  s.bind_real(10, x.rho);
  s.bind_real(11, x.m);
  s.bind_real(12, x.sigma);
  s.bind_integer(13, x.points_used);
  s.bind_integer(14, x.excluded);
  s.bind_real(15, x.rmse_vol_pts);
  s.bind_real(16, x.max_err_vol_pts);
  s.bind_real(17, x.k_min);
  s.bind_real(18, x.k_max);
  // The checks say something only about a fitted curve.
  auto fitted = x.status == surface_status::fitted;
  auto bind_check = [&](int index, bool ok) {
    if (fitted)
      s.bind_integer(index, ok ? 1 : 0);
    else
      s.bind_null(index);
  };
  bind_check(19, x.butterfly_ok);
  s.bind_real(20, x.butterfly_worst_k);
  bind_check(21, x.wing_ok);
  bind_check(22, x.calendar_ok);
  s.bind_real(23, x.calendar_worst_k);
  s.bind_real(24, x.atm_iv);
  s.bind_real(25, x.rr25);
  s.bind_real(26, x.bf25);
  s.bind_real(27, x.atm_skew);
  s.bind_integer(28, x.fit_us);
}

/// The per-index results of a cycle as a JSON array, and their errors joined ("INDEX: error; ...").
std::pair<std::string, std::optional<std::string>> describe_indices(const cycle_record& cycle) {
  auto indices = nlohmann::json::array();
  std::string errors;
  for (auto& r : cycle.indices) {
    indices.push_back({{"index", r.index},
                       {"status", to_string(r.status)},
                       {"options_expected", r.options_expected},
                       {"options_collected", r.options_collected},
                       {"dropped", r.dropped},
                       {"latency_us", r.latency_us},
                       {"error", r.error}});
    if (!r.error.empty())
      errors += fmt::format("{}{}: {}", errors.empty() ? "" : "; ", r.index, r.error);
  }
  return {indices.dump(), errors.empty() ? std::nullopt : std::optional{errors}};
}

} // namespace

std::filesystem::path database_path(const storage_settings& settings) {
  return std::filesystem::path{settings.data_dir} / settings.sqlite_file;
}

/// Removes the open marker once the connection declared after it has closed, unless the file was found
/// damaged: then the marker stays and the next open runs the full check.
struct open_marker_keeper {
  std::filesystem::path database;
  bool written = false;
  bool damaged = false;
  open_marker_keeper() = default;
  open_marker_keeper(const open_marker_keeper&) = delete;
  open_marker_keeper& operator=(const open_marker_keeper&) = delete;
  ~open_marker_keeper() {
    if (written && !damaged)
      remove_open_marker(database);
  }
};

struct sqlite_store::connection {
  std::filesystem::path file;
  std::string name; // the file as text, for messages
  // Declared before the connection so that the marker goes only after SQLite closed the file.
  open_marker_keeper marker;
  // Declared before the statements so that it is destroyed after them.
  sqlite_connection db;
  sqlite_statement begin;
  sqlite_statement commit;
  sqlite_statement rollback;
  sqlite_statement find_batch;
  sqlite_statement insert_option;
  sqlite_statement insert_overview;
  sqlite_statement insert_surface;
  sqlite_statement insert_batch;
  sqlite_statement insert_cycle;
  sqlite_statement insert_event;
  store_counters counters;
  open_report report;

  /// Opens, checks, marks, migrates and prepares the file (sqlite_store::open).
  expected<void, store_error> open(int busy_timeout_ms, std::string_view sync, integrity_check setting);
  expected<void, store_error> prepare_statements();

  /// The error of a failed statement. One saying the file is damaged is counted, keeps the open marker
  /// and tells what to do.
  store_error failure(int rc, std::string_view doing) {
    auto err = sqlite_failure(db.get(), rc, doing);
    if (is_corruption(err.code)) {
      ++counters.corruption_errors;
      marker.damaged = true;
      err.message += fmt::format(" — {}", corruption_advice(name));
    }
    return err;
  }

  /// Runs a statement that returns no rows and makes it ready for the next run.
  expected<void, store_error> run(sqlite_statement& stmt, std::string_view doing) {
    auto rc = stmt.step();
    expected<void, store_error> ran;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
      ran = unexpected{failure(rc, doing)};
    stmt.reset();
    return ran;
  }

  /// Like run, for an insert: the rows it wrote (0 when OR IGNORE skipped it).
  store_result<uint64_t> insert(sqlite_statement& stmt, std::string_view doing) {
    if (auto ran = run(stmt, doing); !ran)
      return unexpected{std::move(ran).error()};
    return static_cast<uint64_t>(sqlite3_changes(db.get()));
  }

  /// Whether the batch's receipt is in `batches`: then all of it was stored by an earlier call.
  store_result<bool> has_receipt(const cycle_batch& batch, std::string_view doing) {
    find_batch.bind_integer(1, batch.ts);
    find_batch.bind_text(2, batch.index);
    auto rc = find_batch.step();
    expected<void, store_error> looked;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      looked = unexpected{failure(rc, doing)};
    find_batch.reset();
    if (!looked)
      return unexpected{std::move(looked).error()};
    return rc == SQLITE_ROW;
  }

  /// COMMIT, timed: the latency the caller waits for durability.
  expected<void, store_error> commit_timed(std::string_view doing) {
    auto start = steady::now();
    if (auto committed = run(commit, doing); !committed)
      return committed;
    auto us = micros_between(start, steady::now());
    ++counters.commits;
    counters.commit_us_last = us;
    counters.commit_us_total += us;
    return {};
  }

  /// Why a transaction stored nothing; `whole_transaction` when it was not one batch's rows that failed
  /// but BEGIN or COMMIT.
  struct transaction_failure {
    store_error err;
    bool whole_transaction = false;
  };

  /// Writes one checked batch inside the open transaction: the option and overview rows newly written,
  /// 0 when its receipt says an earlier transaction (or an earlier batch of this one) stored it.
  store_result<uint64_t> write_batch(const cycle_batch& batch, std::string_view doing, store_counters& tally);

  /// Stores checked batches in one IMMEDIATE transaction: the rows each wrote, or why none was stored.
  /// The counters move only once COMMIT succeeded.
  expected<std::vector<uint64_t>, transaction_failure> write_together(std::span<const cycle_batch* const> batches);

  /// An IMMEDIATE write transaction that rolls back unless committed, so that no way out of a store call
  /// leaves part of a batch behind.
  class write_transaction {
  public:
    explicit write_transaction(connection& c) : c_(c) {}
    write_transaction(const write_transaction&) = delete;
    write_transaction& operator=(const write_transaction&) = delete;
    ~write_transaction() {
      // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL): then autocommit is on.
      if (begun_ && !committed_ && sqlite3_get_autocommit(c_.db.get()) == 0)
        c_.run(c_.rollback, "rolling back");
    }

    expected<void, store_error> begin(std::string_view doing) {
      if (auto begun = c_.run(c_.begin, doing); !begun)
        return begun;
      begun_ = true;
      return {};
    }

    expected<void, store_error> commit(std::string_view doing) {
      if (auto committed = c_.commit_timed(doing); !committed)
        return committed;
      committed_ = true;
      return {};
    }

  private:
    connection& c_;
    bool begun_ = false;
    bool committed_ = false;
  };
};

store_result<uint64_t> sqlite_store::connection::write_batch(const cycle_batch& batch, std::string_view doing,
                                                             store_counters& tally) {
  auto stored_before = has_receipt(batch, doing);
  if (!stored_before)
    return unexpected{std::move(stored_before).error()};
  if (*stored_before) {
    ++tally.duplicate_batches;
    return uint64_t{0};
  }
  uint64_t option_rows = 0;
  for (size_t i = 0; i < batch.options.size(); ++i) {
    auto& row = batch.options[i];
    bind_option(insert_option, row);
    auto written = insert(insert_option, doing);
    if (!written) {
      written.error().message += fmt::format(" (at option row {}, {})", i, row.symbol);
      return written;
    }
    option_rows += *written;
  }
  bind_overview(insert_overview, batch.overview);
  auto overview_rows = insert(insert_overview, doing);
  if (!overview_rows)
    return overview_rows;
  for (auto& slice : batch.surfaces) {
    bind_surface(insert_surface, batch, slice);
    if (auto written = insert(insert_surface, doing); !written) {
      written.error().message += fmt::format(" (at the surface slice of {})", format_date(slice.expiry));
      return written;
    }
  }
  insert_batch.bind_integer(1, batch.ts);
  insert_batch.bind_text(2, batch.index);
  insert_batch.bind_integer(3, static_cast<int64_t>(batch.cycle_id));
  insert_batch.bind_integer(4, static_cast<int64_t>(option_rows));
  insert_batch.bind_integer(5, wall_clock_ms());
  if (auto receipt = run(insert_batch, doing); !receipt)
    return unexpected{std::move(receipt).error()};
  auto rows = option_rows + *overview_rows;
  ++tally.batches;
  tally.rows_written += rows;
  tally.duplicate_rows += batch.options.size() + 1 - rows;
  return rows;
}

expected<std::vector<uint64_t>, sqlite_store::connection::transaction_failure>
sqlite_store::connection::write_together(std::span<const cycle_batch* const> batches) {
  std::string doing;
  if (batches.size() == 1) {
    doing = fmt::format("storing the {} in {}", describe(*batches.front()), name);
  } else {
    doing = fmt::format("storing {} batches together in {}:", batches.size(), name);
    for (auto* batch : batches)
      doing += fmt::format(" {} at {} (cycle {}),", batch->index, format_ist(batch->ts), batch->cycle_id);
    doing.pop_back();
  }
  auto whole = [](store_error err) { return unexpected{transaction_failure{std::move(err), true}}; };
  auto start = steady::now();
  write_transaction tx{*this};
  if (auto begun = tx.begin(doing); !begun)
    return whole(std::move(begun).error());
  store_counters tally;
  std::vector<uint64_t> rows;
  for (auto* batch : batches) {
    // Each batch's own errors name it, also inside a group.
    auto batch_doing = batches.size() == 1 ? doing : fmt::format("storing the {} in {}", describe(*batch), name);
    auto written = write_batch(*batch, batch_doing, tally);
    if (!written)
      return unexpected{transaction_failure{std::move(written).error(), false}};
    rows.push_back(*written);
  }
  // Nothing new (every batch stored before): nothing to commit, the transaction rolls back empty.
  if (tally.batches == 0) {
    counters.duplicate_batches += tally.duplicate_batches;
    return rows;
  }
  if (auto committed = tx.commit(doing); !committed)
    return whole(std::move(committed).error());
  if (batches.size() > 1)
    ++counters.grouped_commits;
  counters.batch_us_total += micros_between(start, steady::now());
  counters.batches += tally.batches;
  counters.duplicate_batches += tally.duplicate_batches;
  counters.rows_written += tally.rows_written;
  counters.duplicate_rows += tally.duplicate_rows;
  return rows;
}

store_result<sqlite_store> sqlite_store::open(const std::filesystem::path& file, const storage_settings& settings) {
  auto name = file.string();
  auto sync = synchronous_pragma(settings.synchronous);
  if (!sync)
    return unexpected{
      store_error{store_errc::invalid_setting,
                  fmt::format("storage.synchronous must be \"full\" or \"normal\", not \"{}\"", settings.synchronous)}};
  if (settings.busy_timeout_ms < 0)
    return unexpected{
      store_error{store_errc::invalid_setting,
                  fmt::format("storage.busy_timeout_ms must not be negative, got {}", settings.busy_timeout_ms)}};
  if (file.empty())
    return unexpected{store_error{store_errc::invalid_setting, "storage: the database file name is empty"}};
  if (file.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec)
      return unexpected{
        store_error{store_errc::cannot_create_directory, fmt::format("cannot create the directory {} for {}: {}",
                                                                     file.parent_path().string(), name, ec.message())}};
  }
  auto check = parse_integrity_check(settings.integrity_check);
  if (!check)
    return unexpected{store_error{store_errc::invalid_setting,
                                  fmt::format("storage.integrity_check must be \"quick\", \"full\" or \"off\", "
                                              "not \"{}\"",
                                              settings.integrity_check)}};
  auto c = std::make_unique<connection>();
  c->file = file;
  c->name = name;
  c->marker.database = file;
  if (auto opened = c->open(settings.busy_timeout_ms, *sync, *check); !opened) {
    if (is_corruption(opened.error().code)) {
      c->marker.damaged = true;
      opened.error().message += fmt::format(" — {}", corruption_advice(name));
    }
    return unexpected{std::move(opened).error()};
  }
  return sqlite_store{std::move(c)};
}

expected<void, store_error> sqlite_store::connection::open(int busy_timeout_ms, std::string_view sync,
                                                           integrity_check setting) {
  // Read before SQLite touches the file: a marker left behind means the last writer did not close it.
  if (auto previous = read_open_marker(file)) {
    report.unclean_shutdown = true;
    report.previous_writer = *std::move(previous);
  }
  sqlite3* raw = nullptr;
  auto rc =
    sqlite3_open_v2(name.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  db.reset(raw); // SQLite may hand out a handle even on failure; it must be closed either way
  if (rc != SQLITE_OK)
    return unexpected{sqlite_failure(raw, rc, fmt::format("opening {}", name))};
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  // Refuse a newer file before anything below writes to it.
  auto version = schema_version(raw, name);
  if (!version)
    return unexpected{std::move(version).error()};
  if (auto known = refuse_unknown_version(*version, current_schema_version, name); !known)
    return known;
  // Nothing is written to a damaged file: writing on could spread the damage, and rows committed into
  // it could not be read back.
  report.check = check_at_open(setting, report.unclean_shutdown);
  auto check_start = steady::now();
  if (auto intact = check_integrity(raw, report.check, name); !intact)
    return intact;
  report.check_us = micros_between(check_start, steady::now());
  if (auto marked = write_open_marker(file); !marked)
    return marked;
  marker.written = true;
  // Takes effect only on a file without tables yet: before WAL mode and the first migration write it.
  if (auto sized = execute(raw, fmt::format("PRAGMA page_size = {}", new_database_page_size),
                           fmt::format("setting the page size of {}", name));
      !sized)
    return sized;
  if (auto logged = enable_wal(raw, name); !logged)
    return logged;
  if (auto synced = execute(raw, sync, fmt::format("setting {} on {}", sync, name)); !synced)
    return synced;
  if (auto bounded = execute(raw, fmt::format("PRAGMA wal_autocheckpoint = {}", wal_checkpoint_bound_pages),
                             fmt::format("bounding the write-ahead log of {}", name));
      !bounded)
    return bounded;
  auto migrated = migrate(raw, schema_migrations(), name);
  if (!migrated)
    return unexpected{std::move(migrated).error()};
  return prepare_statements();
}

expected<void, store_error> sqlite_store::connection::prepare_statements() {
  auto doing = fmt::format("preparing the statements of {}", name);
  std::initializer_list<std::pair<sqlite_statement*, std::string_view>> statements{
    {&begin, "BEGIN IMMEDIATE"},
    {&commit, "COMMIT"},
    {&rollback, "ROLLBACK"},
    {&find_batch, find_batch_sql},
    {&insert_option, insert_option_sql},
    {&insert_overview, insert_overview_sql},
    {&insert_surface, insert_surface_sql},
    {&insert_batch, insert_batch_sql},
    {&insert_cycle, insert_cycle_sql},
    {&insert_event, insert_event_sql},
  };
  for (auto& [stmt, sql] : statements) {
    auto prepared = sqlite_statement::prepare(db.get(), sql, doing);
    if (!prepared)
      return unexpected{std::move(prepared).error()};
    *stmt = *std::move(prepared);
  }
  return {};
}

sqlite_store::sqlite_store(std::unique_ptr<connection> impl) : impl_(std::move(impl)) {}
sqlite_store::sqlite_store(sqlite_store&&) noexcept = default;
sqlite_store& sqlite_store::operator=(sqlite_store&&) noexcept = default;
sqlite_store::~sqlite_store() = default;

store_result<uint64_t> sqlite_store::store(const cycle_batch& batch) {
  return std::move(store(std::span{&batch, 1}).front());
}

std::vector<store_result<uint64_t>> sqlite_store::store(std::span<const cycle_batch> batches) {
  auto& c = *impl_;
  std::vector<store_result<uint64_t>> results(batches.size(), uint64_t{0});
  std::vector<const cycle_batch*> group;
  std::vector<size_t> position; // of each group member in `batches`
  for (size_t i = 0; i < batches.size(); ++i) {
    if (auto checked = check_batch(batches[i]); !checked) {
      results[i] = unexpected{std::move(checked).error()};
      continue;
    }
    group.push_back(&batches[i]);
    position.push_back(i);
  }
  if (group.empty())
    return results;
  auto together = c.write_together(group);
  if (together) {
    for (size_t k = 0; k < group.size(); ++k)
      results[position[k]] = (*together)[k];
    return results;
  }
  // A batch alone, a damaged file (nothing more may be written) or a failed BEGIN or COMMIT: the error is
  // every member's, and none of them is stored.
  if (group.size() == 1 || together.error().whole_transaction || is_corruption(together.error().err.code)) {
    for (auto i : position)
      results[i] = unexpected{together.error().err};
    return results;
  }
  // One batch failed inside the group and the group was rolled back: each batch alone gets its own outcome.
  for (size_t k = 0; k < group.size(); ++k) {
    auto alone = c.write_together(std::span{&group[k], 1});
    if (alone)
      results[position[k]] = alone->front();
    else
      results[position[k]] = unexpected{std::move(alone).error().err};
  }
  return results;
}

store_result<uint64_t> sqlite_store::store(const cycle_record& cycle) {
  auto& c = *impl_;
  auto doing = fmt::format("storing cycle {} started {} in {}", cycle.cycle_id, format_ist(cycle.started), c.name);
  auto [indices, errors] = describe_indices(cycle);
  connection::write_transaction tx{c};
  if (auto begun = tx.begin(doing); !begun)
    return unexpected{std::move(begun).error()};
  c.insert_cycle.bind_integer(1, cycle.started);
  c.insert_cycle.bind_integer(2, static_cast<int64_t>(cycle.cycle_id));
  c.insert_cycle.bind_integer(3, cycle.ended);
  c.insert_cycle.bind_text(4, to_string(cycle.status));
  c.insert_cycle.bind_text(5, indices);
  if (errors)
    c.insert_cycle.bind_text(6, *errors);
  else
    c.insert_cycle.bind_null(6);
  auto written = c.insert(c.insert_cycle, doing);
  if (!written)
    return written;
  if (auto committed = tx.commit(doing); !committed)
    return unexpected{std::move(committed).error()};
  c.counters.cycles += *written;
  return written;
}

store_result<uint64_t> sqlite_store::store(const event_record& event) {
  auto& c = *impl_;
  auto doing = fmt::format("storing the {} event of {} in {}", event.kind, event.component, c.name);
  connection::write_transaction tx{c};
  if (auto begun = tx.begin(doing); !begun)
    return unexpected{std::move(begun).error()};
  c.insert_event.bind_integer(1, event.ts);
  c.insert_event.bind_text(2, event.component);
  c.insert_event.bind_text(3, event.kind);
  c.insert_event.bind_text(4, event.detail);
  auto written = c.insert(c.insert_event, doing);
  if (!written)
    return written;
  if (auto committed = tx.commit(doing); !committed)
    return unexpected{std::move(committed).error()};
  c.counters.events += *written;
  return written;
}

expected<void, store_error> sqlite_store::checkpoint() {
  auto& c = *impl_;
  auto start = steady::now();
  auto rc = sqlite3_wal_checkpoint_v2(c.db.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  // Busy: another connection (a backup, say) is checkpointing right now, which does the same work.
  if (rc == SQLITE_BUSY)
    return {};
  if (rc != SQLITE_OK)
    return unexpected{c.failure(rc, fmt::format("checkpointing the write-ahead log of {}", c.name))};
  auto us = micros_between(start, steady::now());
  ++c.counters.checkpoints;
  c.counters.checkpoint_us_last = us;
  c.counters.checkpoint_us_total += us;
  return {};
}

const store_counters& sqlite_store::counters() const {
  return impl_->counters;
}

const open_report& sqlite_store::opened() const {
  return impl_->report;
}

uint64_t sqlite_store::database_bytes() const {
  uint64_t total = 0;
  for (auto& part : {impl_->file, std::filesystem::path{impl_->name + "-wal"}}) {
    std::error_code ec;
    auto size = std::filesystem::file_size(part, ec);
    if (!ec)
      total += size;
  }
  return total;
}

const std::filesystem::path& sqlite_store::file() const {
  return impl_->file;
}

} // namespace g6
