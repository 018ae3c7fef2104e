#include "actors/storage/sqlite_schema.hpp"

#include <fmt/format.h>

#include <array>
#include <string>

namespace g6 {

namespace {

// Primary keys lead with time, so a cycle's inserts append to the end of each b-tree. Tables with small
// rows and a natural key are WITHOUT ROWID (the key is the row's address); cycles and events keep a
// rowid (INTEGER PRIMARY KEY) because their rows are larger or have no natural key.
constexpr std::string_view schema_v1 = R"sql(
CREATE TABLE option_quotes (
  ts_ms INTEGER NOT NULL,
  index_name TEXT NOT NULL,
  expiry TEXT NOT NULL,
  bucket TEXT NOT NULL,
  strike REAL NOT NULL,
  option_type TEXT NOT NULL CHECK (option_type IN ('CE', 'PE')),
  token INTEGER NOT NULL,
  symbol TEXT NOT NULL,
  last_price REAL,
  bid REAL,
  ask REAL,
  volume INTEGER,
  oi REAL,
  oi_change REAL,
  iv REAL,
  delta REAL,
  gamma REAL,
  theta REAL,
  vega REAL,
  rho REAL,
  underlying REAL,
  forward REAL,
  quote_ts_ms INTEGER,
  flags INTEGER NOT NULL,
  PRIMARY KEY (ts_ms, index_name, expiry, strike, option_type)
) WITHOUT ROWID;

CREATE TABLE overview (
  ts_ms INTEGER NOT NULL,
  index_name TEXT NOT NULL,
  underlying REAL,
  day_high REAL,
  day_low REAL,
  day_width REAL,
  pcr_oi_this_week REAL,
  pcr_oi_next_week REAL,
  pcr_oi_this_month REAL,
  pcr_oi_next_month REAL,
  pcr_volume_this_week REAL,
  pcr_volume_next_week REAL,
  pcr_volume_this_month REAL,
  pcr_volume_next_month REAL,
  atm_iv_this_week REAL,
  atm_iv_next_week REAL,
  atm_iv_this_month REAL,
  atm_iv_next_month REAL,
  expected_mask INTEGER NOT NULL,
  collected_mask INTEGER NOT NULL,
  missing_mask INTEGER NOT NULL,
  options_expected INTEGER NOT NULL,
  options_collected INTEGER NOT NULL,
  PRIMARY KEY (ts_ms, index_name)
) WITHOUT ROWID;

CREATE TABLE batches (
  ts_ms INTEGER NOT NULL,
  index_name TEXT NOT NULL,
  cycle_id INTEGER NOT NULL,
  option_rows INTEGER NOT NULL,
  committed_at_ms INTEGER NOT NULL,
  PRIMARY KEY (ts_ms, index_name)
) WITHOUT ROWID;

CREATE TABLE cycles (
  started_ms INTEGER PRIMARY KEY,
  cycle_id INTEGER NOT NULL,
  ended_ms INTEGER NOT NULL,
  status TEXT NOT NULL,
  indices TEXT NOT NULL,
  errors TEXT
);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  ts_ms INTEGER NOT NULL,
  component TEXT NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX events_by_time ON events (ts_ms);
)sql";

// Version 2: the overview row carries every per-expiry statistic (max pain, 25-delta risk reversal and
// butterfly, OI-change breadth) for each bucket. Rows written before it read NULL there.
constexpr std::string_view schema_v2 = R"sql(
ALTER TABLE overview ADD COLUMN max_pain_this_week REAL;
ALTER TABLE overview ADD COLUMN max_pain_next_week REAL;
ALTER TABLE overview ADD COLUMN max_pain_this_month REAL;
ALTER TABLE overview ADD COLUMN max_pain_next_month REAL;
ALTER TABLE overview ADD COLUMN rr25_this_week REAL;
ALTER TABLE overview ADD COLUMN rr25_next_week REAL;
ALTER TABLE overview ADD COLUMN rr25_this_month REAL;
ALTER TABLE overview ADD COLUMN rr25_next_month REAL;
ALTER TABLE overview ADD COLUMN bf25_this_week REAL;
ALTER TABLE overview ADD COLUMN bf25_next_week REAL;
ALTER TABLE overview ADD COLUMN bf25_this_month REAL;
ALTER TABLE overview ADD COLUMN bf25_next_month REAL;
ALTER TABLE overview ADD COLUMN calls_adding_oi_this_week INTEGER;
ALTER TABLE overview ADD COLUMN calls_adding_oi_next_week INTEGER;
ALTER TABLE overview ADD COLUMN calls_adding_oi_this_month INTEGER;
ALTER TABLE overview ADD COLUMN calls_adding_oi_next_month INTEGER;
ALTER TABLE overview ADD COLUMN calls_shedding_oi_this_week INTEGER;
ALTER TABLE overview ADD COLUMN calls_shedding_oi_next_week INTEGER;
ALTER TABLE overview ADD COLUMN calls_shedding_oi_this_month INTEGER;
ALTER TABLE overview ADD COLUMN calls_shedding_oi_next_month INTEGER;
ALTER TABLE overview ADD COLUMN puts_adding_oi_this_week INTEGER;
ALTER TABLE overview ADD COLUMN puts_adding_oi_next_week INTEGER;
ALTER TABLE overview ADD COLUMN puts_adding_oi_this_month INTEGER;
ALTER TABLE overview ADD COLUMN puts_adding_oi_next_month INTEGER;
ALTER TABLE overview ADD COLUMN puts_shedding_oi_this_week INTEGER;
ALTER TABLE overview ADD COLUMN puts_shedding_oi_next_week INTEGER;
ALTER TABLE overview ADD COLUMN puts_shedding_oi_this_month INTEGER;
ALTER TABLE overview ADD COLUMN puts_shedding_oi_next_month INTEGER;
)sql";

// Version 3: an event is stored once. A collector re-sends an event whose acknowledgement was lost; the
// copies already stored collapse to the first.
constexpr std::string_view schema_v3 = R"sql(
DELETE FROM events WHERE id NOT IN (SELECT min(id) FROM events GROUP BY ts_ms, component, kind, detail);
CREATE UNIQUE INDEX events_once ON events (ts_ms, component, kind, detail);
)sql";

// Version 4: the volatility surface. One row per index, cycle and expiry with the raw-SVI parameters of
// its smile (NULL when it could not be fitted: `status` says why), the fit's quality and the
// no-arbitrage checks; the overview carries the figures read off each bucket's fitted curve.
constexpr std::string_view schema_v4 = R"sql(
CREATE TABLE surface (
  ts_ms INTEGER NOT NULL,
  index_name TEXT NOT NULL,
  expiry TEXT NOT NULL,
  bucket TEXT NOT NULL,
  status TEXT NOT NULL,
  t_years REAL NOT NULL,
  forward REAL,
  a REAL,
  b REAL,
  rho REAL,
  m REAL,
  sigma REAL,
  points_used INTEGER NOT NULL,
  excluded INTEGER NOT NULL,
  rmse_vol_pts REAL,
  max_err_vol_pts REAL,
  k_min REAL,
  k_max REAL,
  butterfly_ok INTEGER,
  butterfly_worst_k REAL,
  wing_ok INTEGER,
  calendar_ok INTEGER,
  calendar_worst_k REAL,
  atm_iv REAL,
  rr25 REAL,
  bf25 REAL,
  atm_skew REAL,
  fit_us INTEGER NOT NULL,
  PRIMARY KEY (ts_ms, index_name, expiry)
) WITHOUT ROWID;
ALTER TABLE overview ADD COLUMN fit_atm_iv_this_week REAL;
ALTER TABLE overview ADD COLUMN fit_atm_iv_next_week REAL;
ALTER TABLE overview ADD COLUMN fit_atm_iv_this_month REAL;
ALTER TABLE overview ADD COLUMN fit_atm_iv_next_month REAL;
ALTER TABLE overview ADD COLUMN fit_rr25_this_week REAL;
ALTER TABLE overview ADD COLUMN fit_rr25_next_week REAL;
ALTER TABLE overview ADD COLUMN fit_rr25_this_month REAL;
ALTER TABLE overview ADD COLUMN fit_rr25_next_month REAL;
ALTER TABLE overview ADD COLUMN fit_bf25_this_week REAL;
ALTER TABLE overview ADD COLUMN fit_bf25_next_week REAL;
ALTER TABLE overview ADD COLUMN fit_bf25_this_month REAL;
ALTER TABLE overview ADD COLUMN fit_bf25_next_month REAL;
ALTER TABLE overview ADD COLUMN fit_atm_skew_this_week REAL;
ALTER TABLE overview ADD COLUMN fit_atm_skew_next_week REAL;
ALTER TABLE overview ADD COLUMN fit_atm_skew_this_month REAL;
ALTER TABLE overview ADD COLUMN fit_atm_skew_next_month REAL;
)sql";

constexpr std::array<schema_migration, 4> g6_migrations{{
  {"option quotes, overview, batches, cycles and events", schema_v1},
  {"overview: max pain, 25-delta skew and OI-change breadth per bucket", schema_v2},
  {"events: each stored once", schema_v3},
  {"surface: a raw-SVI fit per expiry; overview: the figures read off it", schema_v4},
}};
static_assert(g6_migrations.size() == current_schema_version);

/// Runs one step inside an IMMEDIATE transaction; the version is read again under the write lock, so a
/// second process migrating the same file at the same time cannot apply a step twice.
expected<void, store_error> apply_step(sqlite3* db, std::span<const schema_migration> steps, int from,
                                       std::string_view file) {
  auto doing = fmt::format("migrating {} from schema version {} to {} ({})", file, from, from + 1,
                           steps[static_cast<size_t>(from)].description);
  if (auto begun = execute(db, "BEGIN IMMEDIATE", doing); !begun)
    return begun;
  auto fail = [&](store_error err) {
    execute(db, "ROLLBACK", doing);
    err.code = err.code == store_errc::busy ? store_errc::busy : store_errc::migration_failed;
    return unexpected{std::move(err)};
  };
  auto current = schema_version(db, file);
  if (!current)
    return fail(std::move(current).error());
  if (*current != from) {
    // Someone else migrated in the meantime: nothing to do for this step.
    execute(db, "ROLLBACK", doing);
    return {};
  }
  if (auto migrated = execute(db, steps[static_cast<size_t>(from)].sql, doing); !migrated)
    return fail(migrated.error());
  if (auto bumped = execute(db, fmt::format("PRAGMA user_version = {}", from + 1), doing); !bumped)
    return fail(bumped.error());
  if (auto committed = execute(db, "COMMIT", doing); !committed)
    return fail(committed.error());
  return {};
}

} // namespace

expected<void, store_error> refuse_unknown_version(int version, size_t known, std::string_view file) {
  if (version < 0)
    return unexpected{
      store_error{store_errc::not_a_database,
                  fmt::format("{} has schema version {}, which no g6 writes: not a g6 database", file, version)}};
  if (version <= static_cast<int>(known))
    return {};
  return unexpected{store_error{store_errc::newer_schema,
                                fmt::format("{} has schema version {}, newer than the version {} this g6 knows: "
                                            "refusing to open it (run a newer g6, or point storage elsewhere)",
                                            file, version, known)}};
}

std::span<const schema_migration> schema_migrations() {
  return g6_migrations;
}

store_result<int> schema_version(sqlite3* db, std::string_view file) {
  auto doing = fmt::format("reading the schema version of {}", file);
  auto query = sqlite_statement::prepare(db, "PRAGMA user_version", doing);
  if (!query)
    return unexpected{std::move(query).error()};
  auto& stmt = *query;
  auto rc = stmt.step();
  if (rc != SQLITE_ROW)
    return unexpected{sqlite_failure(db, rc, doing)};
  return static_cast<int>(stmt.column_integer(0));
}

store_result<int> migrate(sqlite3* db, std::span<const schema_migration> steps, std::string_view file) {
  for (;;) {
    auto version = schema_version(db, file);
    if (!version)
      return version;
    auto from = *version;
    if (auto known = refuse_unknown_version(from, steps.size(), file); !known)
      return unexpected{std::move(known).error()};
    if (from == static_cast<int>(steps.size()))
      return from;
    if (auto applied = apply_step(db, steps, from, file); !applied)
      return unexpected{std::move(applied).error()};
  }
}

} // namespace g6
