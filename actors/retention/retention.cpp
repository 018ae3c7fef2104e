#include "actors/retention/retention.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "actors/journal/journal_file.hpp"
#include "actors/storage/sqlite_integrity.hpp"
#include "actors/storage/sqlite_store.hpp"
#include "config/ist_time.hpp"
#include "messages/expected.hpp"

namespace g6 {

void usage::add_day(day_number day) {
  oldest = oldest ? std::min(*oldest, day) : day;
  newest = newest ? std::max(*newest, day) : day;
}

namespace {

/// The trading date a day file is named by ("2026-11-26.csv", "2026-11-26.g6j").
std::optional<day_number> file_day(const std::filesystem::path& file) {
  return parse_date(file.stem().string());
}

uint64_t count_lines(const std::filesystem::path& file) {
  std::ifstream in{file, std::ios::binary};
  uint64_t n = 0;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    n += static_cast<uint64_t>(std::count(buffer, buffer + in.gcount(), '\n'));
    if (!in)
      break;
  }
  return n;
}

/// The index a CSV file belongs to: `<INDEX>/...` or `overview/<INDEX>/...`.
std::string csv_index(const std::filesystem::path& relative) {
  auto it = relative.begin();
  if (it == relative.end())
    return {};
  if (*it == "overview" && std::next(it) != relative.end())
    return std::next(it)->string();
  return it->string();
}

template <class F>
void each_file(const std::filesystem::path& dir, std::string_view extension, std::vector<std::string>& errors, F f) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec))
    return;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == extension)
      f(it->path());
  if (ec)
    errors.push_back(fmt::format("{}: {}", dir.string(), ec.message()));
}

sink_usage scan_csv(const std::filesystem::path& dir) {
  sink_usage s{"csv", {}, {}, {}};
  each_file(dir, ".csv", s.errors, [&](const std::filesystem::path& file) {
    auto day = file_day(file);
    if (!day)
      return;
    std::error_code ec;
    auto bytes = std::filesystem::file_size(file, ec);
    auto lines = count_lines(file);
    auto rows = lines > 0 ? lines - 1 : 0; // the header
    for (auto* u : {&s.total, &s.by_index[csv_index(std::filesystem::relative(file, dir))]}) {
      ++u->files;
      u->rows += rows;
      u->bytes += bytes;
      u->add_day(*day);
    }
  });
  return s;
}

sink_usage scan_journal(const std::filesystem::path& dir) {
  sink_usage s{"journal", {}, {}, {}};
  each_file(dir, ".g6j", s.errors, [&](const std::filesystem::path& file) {
    auto day = file_day(file);
    if (!day)
      return;
    auto read = read_journal(file);
    if (!read) {
      s.errors.push_back(fmt::format("{}: {}", read.error().file.string(), read.error().message));
      return;
    }
    auto& contents = *read;
    // Damaged ranges are skipped: the records around them count, and the file is named.
    if (!contents.damaged.empty())
      s.errors.push_back(fmt::format("{}: {} damaged bytes skipped: {}", file.string(), contents.damaged_bytes(),
                                     describe_damage(contents.damaged)));
    ++s.total.files;
    s.total.bytes += contents.file_bytes;
    s.total.rows += contents.records.size();
    s.total.add_day(*day);
    for (auto& r : contents.records) {
      auto& u = s.by_index[r.index];
      ++u.rows;
      u.add_day(*day);
    }
  });
  return s;
}

struct sqlite_db {
  sqlite3* db = nullptr;
  ~sqlite_db() { sqlite3_close_v2(db); }
};

/// Runs a query, calling `row` with each result row's statement.
template <class F>
expected<void, std::string> each_row(sqlite3* db, const std::string& sql, F row) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
    return unexpected{fmt::format("{}: {}", sql, sqlite3_errmsg(db))};
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
    row(stmt);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE)
    return unexpected{fmt::format("{}: {}", sql, sqlite3_errmsg(db))};
  return {};
}

uint64_t sqlite_bytes(const std::filesystem::path& file) {
  uint64_t bytes = 0;
  std::error_code ec;
  for (auto suffix : {"", "-wal", "-shm"}) {
    auto part = std::filesystem::path{file.string() + suffix};
    auto n = std::filesystem::file_size(part, ec);
    if (!ec)
      bytes += n;
  }
  return bytes;
}

expected<void, std::string> open_db(const std::filesystem::path& file, int flags, sqlite_db& handle) {
  if (sqlite3_open_v2(file.c_str(), &handle.db, flags, nullptr) != SQLITE_OK)
    return unexpected{fmt::format("{}: {}", file.string(), handle.db ? sqlite3_errmsg(handle.db) : "cannot open")};
  sqlite3_busy_timeout(handle.db, 5000);
  return {};
}

sink_usage scan_sqlite(const std::filesystem::path& file) {
  sink_usage s{"sqlite", {}, {}, {}};
  std::error_code ec;
  if (!std::filesystem::exists(file, ec))
    return s;
  sqlite_db handle;
  if (auto opened = open_db(file, SQLITE_OPEN_READONLY, handle); !opened) {
    s.errors.push_back(opened.error());
    return s;
  }
  s.total.files = 1;
  s.total.bytes = sqlite_bytes(file);
  for (auto table : {"option_quotes", "overview"}) {
    auto ran =
      each_row(handle.db, fmt::format("SELECT index_name, count(*), min(ts_ms), max(ts_ms) FROM {} GROUP BY 1", table),
               [&](sqlite3_stmt* row) {
                 // A damaged file can hand back NULL where the schema forbids it.
                 auto* text = reinterpret_cast<const char*>(sqlite3_column_text(row, 0));
                 auto index = std::string{text ? text : "NULL"};
                 auto n = static_cast<uint64_t>(sqlite3_column_int64(row, 1));
                 for (auto* u : {&s.total, &s.by_index[index]}) {
                   u->rows += n;
                   u->add_day(ist_date(sqlite3_column_int64(row, 2)));
                   u->add_day(ist_date(sqlite3_column_int64(row, 3)));
                 }
               });
    if (!ran)
      s.errors.push_back(fmt::format("{}: {}", file.string(), ran.error()));
  }
  return s;
}

/// Day files before the cutoff under `dir`, removed unless a dry run; empty directories go too.
sink_pruned prune_day_files(std::string sink, const std::filesystem::path& dir, std::string_view extension,
                            day_number oldest_kept, bool dry_run) {
  sink_pruned p{std::move(sink), 0, 0, 0, {}};
  std::vector<std::filesystem::path> old;
  each_file(dir, extension, p.errors, [&](const std::filesystem::path& file) {
    if (auto day = file_day(file); day && *day < oldest_kept)
      old.push_back(file);
  });
  for (auto& file : old) {
    std::error_code ec;
    auto bytes = std::filesystem::file_size(file, ec);
    p.rows += extension == ".csv" ? std::max<uint64_t>(count_lines(file), 1) - 1 : 0;
    if (!dry_run && !std::filesystem::remove(file, ec)) {
      p.errors.push_back(fmt::format("{}: {}", file.string(), ec.message()));
      continue;
    }
    ++p.files;
    p.bytes += bytes;
    if (!dry_run)
      for (auto parent = file.parent_path(); parent != dir && std::filesystem::is_empty(parent, ec) && !ec;
           parent = parent.parent_path())
        std::filesystem::remove(parent, ec);
  }
  return p;
}

sink_pruned prune_sqlite(const std::filesystem::path& file, day_number oldest_kept, bool dry_run) {
  sink_pruned p{"sqlite", 0, 0, 0, {}};
  std::error_code ec;
  if (!std::filesystem::exists(file, ec))
    return p;
  sqlite_db handle;
  if (auto opened = open_db(file, dry_run ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, handle); !opened) {
    p.errors.push_back(opened.error());
    return p;
  }
  // Nothing is deleted from a damaged file: that could spread the damage.
  if (auto intact = check_integrity(handle.db, dry_run ? integrity_check::off : integrity_check::quick, file.string());
      !intact) {
    p.errors.push_back(fmt::format("{} — {}", intact.error().message, corruption_advice(file.string())));
    return p;
  }
  auto cutoff = ist_instant(oldest_kept, 0, 0);
  // Rows of option_quotes and overview are what scan counts; the other tables go by the same cutoff.
  const std::pair<const char*, const char*> tables[] = {{"option_quotes", "ts_ms"}, {"overview", "ts_ms"},
                                                        {"surface", "ts_ms"},       {"batches", "ts_ms"},
                                                        {"cycles", "started_ms"},   {"events", "ts_ms"}};
  if (!dry_run && sqlite3_exec(handle.db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    p.errors.push_back(fmt::format("{}: begin: {}", file.string(), sqlite3_errmsg(handle.db)));
    return p;
  }
  for (auto [table, column] : tables) {
    // A file no g6 has opened since the surface table arrived (schema 4) has none to prune.
    bool exists = false;
    auto looked =
      each_row(handle.db, fmt::format("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{}'", table),
               [&](sqlite3_stmt*) { exists = true; });
    if (looked && !exists)
      continue;
    auto counted = table == std::string_view{"option_quotes"} || table == std::string_view{"overview"};
    auto sql = fmt::format("{} FROM {} WHERE {} < {}", dry_run ? "SELECT count(*)" : "DELETE", table, column, cutoff);
    auto done = each_row(handle.db, sql, [&](sqlite3_stmt* row) {
      if (counted)
        p.rows += static_cast<uint64_t>(sqlite3_column_int64(row, 0));
    });
    if (!done) {
      p.errors.push_back(fmt::format("{}: {}", file.string(), done.error()));
      if (!dry_run)
        sqlite3_exec(handle.db, "ROLLBACK", nullptr, nullptr, nullptr);
      return p;
    }
    if (!dry_run && counted)
      p.rows += static_cast<uint64_t>(sqlite3_changes(handle.db));
  }
  if (!dry_run && sqlite3_exec(handle.db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    p.errors.push_back(fmt::format("{}: commit: {}", file.string(), sqlite3_errmsg(handle.db)));
  return p;
}

} // namespace

std::vector<sink_usage> scan_storage(const storage_paths& paths) {
  return {scan_sqlite(paths.sqlite_file), scan_csv(paths.csv_dir), scan_journal(paths.journal_dir)};
}

std::vector<sink_pruned> prune_storage(const storage_paths& paths, day_number oldest_kept, bool dry_run) {
  return {prune_sqlite(paths.sqlite_file, oldest_kept, dry_run),
          prune_day_files("csv", paths.csv_dir, ".csv", oldest_kept, dry_run),
          prune_day_files("journal", paths.journal_dir, ".g6j", oldest_kept, dry_run)};
}

storage_paths storage_paths_of(const storage_settings& storage) {
  storage_paths paths;
  paths.sqlite_file = database_path(storage);
  paths.csv_dir =
    storage.csv.dir.empty() ? std::filesystem::path{storage.data_dir} / "csv" : std::filesystem::path{storage.csv.dir};
  paths.journal_dir = std::filesystem::path{storage.data_dir} / "journal";
  return paths;
}

day_number oldest_kept_day(day_number last_day, int keep_days) {
  return last_day - (std::max(keep_days, 1) - 1);
}

day_number last_closed_day(const exchange_calendar& calendar, epoch_ms now, std::chrono::minutes after_close) {
  auto settled = [&](day_number day) {
    return exchange_calendar::session_close(day) + std::chrono::milliseconds{after_close}.count() <= now;
  };
  auto day = ist_date(now);
  if (!calendar.is_trading_day(day))
    day = calendar.previous_trading_day(day);
  while (!settled(day))
    day = calendar.previous_trading_day(day);
  return day;
}

std::string describe(const std::vector<sink_pruned>& pruned) {
  std::string text;
  for (auto& p : pruned) {
    if (!text.empty())
      text += ", ";
    text += p.sink == "sqlite"
              ? fmt::format("sqlite {} rows", p.rows)
              : fmt::format("{} {} files ({:.1f} MB)", p.sink, p.files, static_cast<double>(p.bytes) / 1e6);
  }
  return text;
}

} // namespace g6
