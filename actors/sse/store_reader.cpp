#include "actors/sse/store_reader.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "config/ist_time.hpp"
#include "messages/enum_names.hpp"

namespace g6::sse {

namespace {

constexpr enum_names<history_series, 6> history_series_names{{
  {history_series::underlying, "underlying"},
  {history_series::atm_iv, "atm_iv"},
  {history_series::pcr_oi, "pcr_oi"},
  {history_series::pcr_volume, "pcr_volume"},
  {history_series::straddle, "straddle"},
  {history_series::max_pain, "max_pain"},
}};

double real_or_absent(sqlite3_stmt* row, int column) {
  return sqlite3_column_type(row, column) == SQLITE_NULL ? absent : sqlite3_column_double(row, column);
}

/// Runs `sql` with `bind` applied and calls `each(row)` per result row.
template <class Bind, class Each>
expected<void, store_error> each_row(sqlite3* db, std::string_view sql, std::string_view doing, Bind bind, Each each) {
  auto prepared = sqlite_statement::prepare(db, sql, doing);
  if (!prepared)
    return unexpected{prepared.error()};
  auto& stmt = *prepared;
  bind(stmt);
  for (;;) {
    auto rc = stmt.step();
    if (rc == SQLITE_DONE)
      return {};
    if (rc != SQLITE_ROW)
      return unexpected{sqlite_failure(db, rc, doing)};
    each(stmt.get());
  }
}

/// A read transaction: every query inside sees the same committed state. Ends at scope exit.
class read_snapshot {
public:
  explicit read_snapshot(sqlite3* db) : db_(db) { began_ = execute(db_, "BEGIN", "begin a read").has_value(); }
  ~read_snapshot() {
    if (began_)
      execute(db_, "COMMIT", "end a read");
  }
  read_snapshot(const read_snapshot&) = delete;
  read_snapshot& operator=(const read_snapshot&) = delete;

private:
  sqlite3* db_;
  bool began_ = false;
};

/// The overview column of a per-bucket figure, e.g. "atm_iv_this_week": built from enum words only.
std::string bucket_column(std::string_view figure, expiry_bucket bucket) {
  return fmt::format("{}_{}", figure, to_string(bucket));
}

} // namespace

std::string_view to_string(history_series x) {
  return name_of(history_series_names, x);
}

std::optional<history_series> parse_history_series(std::string_view text) {
  return value_named(history_series_names, text);
}

store_reader::store_reader(std::filesystem::path database) : database_(std::move(database)) {}

api_result<sqlite3*> store_reader::connection() {
  if (db_)
    return db_.get();
  // Only a regular file: opening a FIFO put in its place would block this thread for good.
  struct stat st {};
  if (::stat(database_.c_str(), &st) != 0)
    return unexpected{api_error{api_errc::unavailable, fmt::format("no database yet at {}", database_.string())}};
  if (!S_ISREG(st.st_mode))
    return unexpected{api_error{api_errc::unavailable, fmt::format("{} is not a regular file", database_.string())}};
  sqlite3* raw = nullptr;
  auto rc = sqlite3_open_v2(database_.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  sqlite_connection db{raw};
  if (rc != SQLITE_OK)
    return unexpected{api_error{api_errc::unavailable, fmt::format("cannot open {} read-only: {}", database_.string(),
                                                                   raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc))}};
  sqlite3_busy_timeout(db.get(), 1000);
  if (auto read_only = execute(db.get(), "PRAGMA query_only = 1", "make the connection read-only"); !read_only)
    return unexpected{api_error{api_errc::unavailable, read_only.error().message}};
  db_ = std::move(db);
  return db_.get();
}

api_error store_reader::failed(const store_error& e) {
  db_.reset();
  return {api_errc::unavailable, e.message};
}

api_result<stored_index> store_reader::latest(const std::string& index) {
  auto db = connection();
  if (!db)
    return unexpected{db.error()};
  stored_index out;
  out.index = index;
  bool found = false;
  auto ran = each_row(
    *db, "SELECT max(ts_ms) FROM batches WHERE index_name = ?1 AND option_rows > 0", "find the latest snapshot",
    [&](sqlite_statement& s) { s.bind_text(1, index); },
    [&](sqlite3_stmt* row) {
      found = sqlite3_column_type(row, 0) != SQLITE_NULL;
      out.ts = sqlite3_column_int64(row, 0);
    });
  if (!ran)
    return unexpected{failed(ran.error())};
  if (!found)
    return unexpected{api_error{api_errc::not_found, fmt::format("nothing stored for index '{}'", index)}};
  ran = each_row(
    *db, "SELECT DISTINCT expiry, bucket FROM option_quotes WHERE ts_ms = ?1 AND index_name = ?2 ORDER BY expiry",
    "list the expiries",
    [&](sqlite_statement& s) {
      s.bind_integer(1, out.ts);
      s.bind_text(2, index);
    },
    [&](sqlite3_stmt* row) {
      auto* expiry = reinterpret_cast<const char*>(sqlite3_column_text(row, 0));
      auto* bucket = reinterpret_cast<const char*>(sqlite3_column_text(row, 1));
      auto date = parse_date(expiry ? expiry : "");
      auto b = parse_expiry_bucket(bucket ? bucket : "");
      if (date && b)
        out.expiries.push_back({*date, *b});
    });
  if (!ran)
    return unexpected{failed(ran.error())};
  return out;
}

api_result<std::vector<stored_index>> store_reader::indices() {
  auto db = connection();
  if (!db)
    return unexpected{db.error()};
  read_snapshot snapshot{*db};
  std::vector<std::string> names;
  auto ran = each_row(
    *db, "SELECT DISTINCT index_name FROM batches WHERE option_rows > 0 ORDER BY index_name", "list the indices",
    [](sqlite_statement&) {},
    [&](sqlite3_stmt* row) {
      auto* name = reinterpret_cast<const char*>(sqlite3_column_text(row, 0));
      if (name)
        names.emplace_back(name);
    });
  if (!ran)
    return unexpected{failed(ran.error())};
  std::vector<stored_index> out;
  for (auto& name : names) {
    auto index = latest(name);
    if (!index)
      return unexpected{index.error()};
    out.push_back(std::move(*index));
  }
  return out;
}

api_result<stored_chain> store_reader::chain(const std::string& index, std::optional<day_number> expiry) {
  auto db = connection();
  if (!db)
    return unexpected{db.error()};
  read_snapshot snapshot{*db};
  auto found = latest(index);
  if (!found)
    return unexpected{found.error()};
  stored_chain out;
  out.index = std::move(*found);
  if (out.index.expiries.empty())
    return unexpected{api_error{api_errc::not_found, fmt::format("no options stored for index '{}'", index)}};
  auto chosen = out.index.expiries.begin();
  if (expiry) {
    chosen = std::find_if(out.index.expiries.begin(), out.index.expiries.end(),
                          [&](const stored_expiry& e) { return e.expiry == *expiry; });
    if (chosen == out.index.expiries.end())
      return unexpected{api_error{
        api_errc::not_found, fmt::format("expiry {} is not in the latest {} snapshot", format_date(*expiry), index)}};
  }
  out.expiry = *chosen;
  auto expiry_text = format_date(out.expiry.expiry);

  std::map<double, stored_strike> strikes;
  auto ran = each_row(
    *db,
    "SELECT strike, option_type, last_price, bid, ask, volume, oi, oi_change, iv, delta, gamma, theta, vega, flags,"
    " underlying, forward FROM option_quotes WHERE ts_ms = ?1 AND index_name = ?2 AND expiry = ?3",
    "read the chain",
    [&](sqlite_statement& s) {
      s.bind_integer(1, out.index.ts);
      s.bind_text(2, index);
      s.bind_text(3, expiry_text);
    },
    [&](sqlite3_stmt* row) {
      auto strike = sqlite3_column_double(row, 0);
      auto* type = reinterpret_cast<const char*>(sqlite3_column_text(row, 1));
      stored_option o;
      o.ltp = real_or_absent(row, 2);
      o.bid = real_or_absent(row, 3);
      o.ask = real_or_absent(row, 4);
      o.volume = real_or_absent(row, 5);
      o.oi = real_or_absent(row, 6);
      o.oi_change = real_or_absent(row, 7);
      o.iv = real_or_absent(row, 8);
      o.delta = real_or_absent(row, 9);
      o.gamma = real_or_absent(row, 10);
      o.theta = real_or_absent(row, 11);
      o.vega = real_or_absent(row, 12);
      o.flags = sqlite3_column_int64(row, 13);
      out.underlying = real_or_absent(row, 14);
      out.forward = real_or_absent(row, 15);
      auto& s = strikes[strike];
      s.strike = strike;
      (std::string_view{type ? type : ""} == "CE" ? s.call : s.put) = o;
    });
  if (!ran)
    return unexpected{failed(ran.error())};

  // "change": against the same contract in the day's first stored snapshot.
  ran = each_row(
    *db, "SELECT min(ts_ms) FROM batches WHERE index_name = ?1 AND ts_ms >= ?2 AND option_rows > 0",
    "find the day's first snapshot",
    [&](sqlite_statement& s) {
      s.bind_text(1, index);
      s.bind_integer(2, ist_instant(ist_date(out.index.ts), 0, 0));
    },
    [&](sqlite3_stmt* row) { out.open_ts = sqlite3_column_int64(row, 0); });
  if (!ran)
    return unexpected{failed(ran.error())};
  ran = each_row(
    *db,
    "SELECT strike, option_type, last_price FROM option_quotes WHERE ts_ms = ?1 AND index_name = ?2 AND expiry = ?3",
    "read the day's first chain",
    [&](sqlite_statement& s) {
      s.bind_integer(1, out.open_ts);
      s.bind_text(2, index);
      s.bind_text(3, expiry_text);
    },
    [&](sqlite3_stmt* row) {
      auto i = strikes.find(sqlite3_column_double(row, 0));
      if (i == strikes.end())
        return;
      auto* type = reinterpret_cast<const char*>(sqlite3_column_text(row, 1));
      auto& side = std::string_view{type ? type : ""} == "CE" ? i->second.call : i->second.put;
      if (side)
        side->change = side->ltp - real_or_absent(row, 2);
    });
  if (!ran)
    return unexpected{failed(ran.error())};

  ran = each_row(
    *db,
    fmt::format("SELECT {} FROM overview WHERE ts_ms = ?1 AND index_name = ?2",
                bucket_column("max_pain", out.expiry.bucket)),
    "read max pain",
    [&](sqlite_statement& s) {
      s.bind_integer(1, out.index.ts);
      s.bind_text(2, index);
    },
    [&](sqlite3_stmt* row) { out.max_pain = real_or_absent(row, 0); });
  if (!ran)
    return unexpected{failed(ran.error())};

  ran = each_row(
    *db,
    "SELECT bucket, status, t_years, forward, a, b, rho, m, sigma, points_used, excluded, rmse_vol_pts,"
    " max_err_vol_pts, k_min, k_max, butterfly_ok, wing_ok, calendar_ok, atm_iv, rr25, bf25, atm_skew, fit_us"
    " FROM surface WHERE ts_ms = ?1 AND index_name = ?2 AND expiry = ?3",
    "read the fitted smile",
    [&](sqlite_statement& s) {
      s.bind_integer(1, out.index.ts);
      s.bind_text(2, index);
      s.bind_text(3, expiry_text);
    },
    [&](sqlite3_stmt* row) {
      auto text = [&](int column) {
        auto* t = reinterpret_cast<const char*>(sqlite3_column_text(row, column));
        return std::string_view{t ? t : ""};
      };
      auto status = parse_surface_status(text(1));
      if (!status)
        return; // a word this g6 does not know: no smile rather than a wrong one
      surface_slice x;
      x.expiry = out.expiry.expiry;
      x.bucket = parse_expiry_bucket(text(0)).value_or(out.expiry.bucket);
      x.status = *status;
      x.years = real_or_absent(row, 2);
      x.forward = real_or_absent(row, 3);
      x.a = real_or_absent(row, 4);
      x.b = real_or_absent(row, 5);
      x.rho = real_or_absent(row, 6);
      x.m = real_or_absent(row, 7);
      x.sigma = real_or_absent(row, 8);
      x.points_used = static_cast<uint32_t>(std::max<int64_t>(0, sqlite3_column_int64(row, 9)));
      x.excluded = static_cast<uint32_t>(std::max<int64_t>(0, sqlite3_column_int64(row, 10)));
      x.rmse_vol_pts = real_or_absent(row, 11);
      x.max_err_vol_pts = real_or_absent(row, 12);
      x.k_min = real_or_absent(row, 13);
      x.k_max = real_or_absent(row, 14);
      x.butterfly_ok = sqlite3_column_int64(row, 15) != 0;
      x.wing_ok = sqlite3_column_int64(row, 16) != 0;
      x.calendar_ok = sqlite3_column_int64(row, 17) != 0;
      x.atm_iv = real_or_absent(row, 18);
      x.rr25 = real_or_absent(row, 19);
      x.bf25 = real_or_absent(row, 20);
      x.atm_skew = real_or_absent(row, 21);
      x.fit_us = sqlite3_column_int64(row, 22);
      out.surface = x;
    });
  if (!ran)
    return unexpected{failed(ran.error())};

  auto centre = std::isfinite(out.forward) ? out.forward : out.underlying;
  for (auto& [strike, row] : strikes) {
    if (std::isfinite(centre)
        && (!std::isfinite(out.atm_strike) || std::abs(strike - centre) < std::abs(out.atm_strike - centre)))
      out.atm_strike = strike;
    out.strikes.push_back(std::move(row));
  }
  return out;
}

api_result<history_page> store_reader::history(const history_query& q) {
  auto db = connection();
  if (!db)
    return unexpected{db.error()};
  read_snapshot snapshot{*db};
  history_page page;
  if (q.from) {
    page.from = *q.from;
  } else {
    auto found = latest(q.index);
    if (!found)
      return unexpected{found.error()};
    page.from = ist_instant(ist_date(found->ts), 0, 0);
  }
  auto to = q.to.value_or(std::numeric_limits<epoch_ms>::max());
  std::string sql;
  switch (q.series) {
    case history_series::underlying:
      sql = "SELECT ts_ms, underlying FROM overview";
      break;
    case history_series::atm_iv:
    case history_series::pcr_oi:
    case history_series::pcr_volume:
    case history_series::max_pain:
      sql = fmt::format("SELECT ts_ms, {} FROM overview", bucket_column(to_string(q.series), q.bucket));
      break;
    case history_series::straddle:
      // Per snapshot, the call and put premiums at the strike nearest the forward.
      sql = fmt::format(
        "SELECT ts_ms, ce + pe FROM (SELECT ts_ms,"
        " max(CASE WHEN option_type = 'CE' THEN last_price END) AS ce,"
        " max(CASE WHEN option_type = 'PE' THEN last_price END) AS pe,"
        " row_number() OVER (PARTITION BY ts_ms ORDER BY abs(strike - coalesce(forward, underlying))) AS nearest"
        " FROM option_quotes WHERE index_name = ?1 AND ts_ms >= ?2 AND ts_ms <= ?3 AND bucket = '{}'"
        " GROUP BY ts_ms, strike) WHERE nearest = 1",
        to_string(q.bucket));
      break;
  }
  if (q.series != history_series::straddle)
    sql += " WHERE index_name = ?1 AND ts_ms >= ?2 AND ts_ms <= ?3";
  sql += " ORDER BY ts_ms LIMIT ?4";
  auto ran = each_row(
    *db, sql, "read the history",
    [&](sqlite_statement& s) {
      s.bind_text(1, q.index);
      s.bind_integer(2, page.from);
      s.bind_integer(3, to);
      s.bind_integer(4, static_cast<int64_t>(q.limit) + 1);
    },
    [&](sqlite3_stmt* row) {
      page.points.push_back({sqlite3_column_int64(row, 0), real_or_absent(row, 1)});
    });
  if (!ran)
    return unexpected{failed(ran.error())};
  if (page.points.size() > q.limit) {
    page.next_from = page.points.back().ts;
    page.points.pop_back();
  }
  return page;
}

} // namespace g6::sse
