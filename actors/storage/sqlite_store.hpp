// sqlite_store.hpp — the g6 SQLite database: every cycle batch (option rows, overview row and a batch
// receipt) in one transaction, idempotently, alone or together with the batches that arrived with it
// (group commit); cycle records; events; checkpoints of the write-ahead log. Pure code without CAF: the
// storage actor owns one store on its own thread, tools and tests use it directly.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "actors/storage/sqlite_integrity.hpp"
#include "actors/storage/store_error.hpp"
#include "config/settings.hpp"
#include "messages/market.hpp"

namespace g6 {

/// What the store has done since it was opened.
struct store_counters {
  uint64_t batches = 0;           // cycle batches newly stored
  uint64_t duplicate_batches = 0; // batches found already stored and skipped whole
  uint64_t rows_written = 0;      // option and overview rows newly written
  uint64_t duplicate_rows = 0;    // rows of new batches skipped because their key was already stored
  uint64_t cycles = 0;            // cycle records newly written
  uint64_t events = 0;            // events written
  uint64_t commits = 0;           // write transactions committed
  uint64_t grouped_commits = 0;   // of which committed two or more batches at once
  int64_t commit_us_total = 0;    // time spent in COMMIT (the fsync of the WAL with synchronous=full)
  int64_t commit_us_last = 0;
  uint64_t checkpoints = 0; // checkpoints run (checkpoint())
  int64_t checkpoint_us_total = 0;
  int64_t checkpoint_us_last = 0;
  int64_t batch_us_total = 0;     // time inside the transactions of new batches, BEGIN to COMMIT done
  uint64_t corruption_errors = 0; // statements that failed because the file is damaged
};

/// What open found and checked before the first write.
struct open_report {
  /// The last writer did not close the file cleanly; previous_writer is what its open marker says.
  bool unclean_shutdown = false;
  std::string previous_writer;
  integrity_check check = integrity_check::off; // the check that ran
  int64_t check_us = 0;                         // and how long it took
};

/// The size of the write-ahead log, in pages, at which a commit checkpoints by itself (SQLite's
/// wal_autocheckpoint). Far above one cycle's pages (100,000 options are about 5,500): the store's owner
/// checkpoints between cycles (sqlite_store::checkpoint), so a commit only waits for its own pages; this
/// bound only keeps the log from growing without end when nobody does.
inline constexpr int wal_checkpoint_bound_pages = 16384;

/// The page size of a database g6 creates (SQLite's default is 4096). Bigger pages mean fewer pages, page
/// headers and b-tree steps per cycle: measured on 32,000 options, about a fifth less CPU in the inserts
/// and 40% less time in COMMIT and in the checkpoint. A file keeps the page size it was created
/// with (changing it takes a VACUUM outside WAL mode), so existing databases stay as they are.
inline constexpr int new_database_page_size = 16384;

/// The database file the settings name: data_dir / sqlite_file (an absolute sqlite_file stands alone).
std::filesystem::path database_path(const storage_settings& settings);

class sqlite_store {
public:
  /// Opens (creating it and its directory if needed), checks and migrates the database. Before anything
  /// is written the file is checked as settings.integrity_check asks, deeper after an unclean shutdown
  /// (open_marker.hpp); a damaged file is refused (corrupt or not_a_database) untouched, with SQLite's
  /// findings and what to do. The file is put in WAL mode, with settings.synchronous ("full" or
  /// "normal") and settings.busy_timeout_ms. Destroying the store closes the file; a clean close removes
  /// the open marker, unless the file turned out damaged on the way.
  static store_result<sqlite_store> open(const std::filesystem::path& file, const storage_settings& settings);

  /// Movable; a moved-from store may only be destroyed or assigned to.
  sqlite_store(sqlite_store&&) noexcept;
  sqlite_store& operator=(sqlite_store&&) noexcept;
  ~sqlite_store();

  /// Stores a cycle batch in one transaction: its option rows, its overview row and its receipt in
  /// `batches`. Returns the option and overview rows newly written, after COMMIT succeeded. A batch whose
  /// receipt exists is skipped whole and returns 0. On error the transaction is rolled back: nothing of
  /// the batch is stored, and storing it again later is safe. An error for which is_corruption() holds
  /// means the file is damaged: stop writing to it.
  store_result<uint64_t> store(const cycle_batch& batch);

  /// Stores batches that arrived together in one transaction, so that they share one COMMIT (one fsync
  /// of the log) instead of paying one each. The result of each batch is the one it would get stored
  /// alone: its rows newly written, 0 when already stored (also when the same batch comes twice), or its
  /// own error. A batch refused before writing (invalid_batch) stays out of the group; when a batch fails
  /// inside the group, the group is rolled back and every batch is stored alone, so that one bad batch
  /// neither takes the others with it nor hides its own error. Only an error that concerns the whole
  /// transaction (BEGIN or COMMIT failing, or a damaged file) is every batch's result: then nothing of
  /// any batch is stored.
  std::vector<store_result<uint64_t>> store(std::span<const cycle_batch> batches);

  /// Stores a cycle record; 1 when written, 0 when a cycle with the same start was already stored.
  store_result<uint64_t> store(const cycle_record& cycle);

  /// Appends an event; 1.
  store_result<uint64_t> store(const event_record& event);

  /// Copies the committed pages of the write-ahead log into the database file, waiting for no reader (a
  /// passive checkpoint), so that the next commit writes the log from its start again. Committed rows are
  /// durable before it; it changes nothing a reader sees. Call it when nothing waits for a commit. Another
  /// connection checkpointing at the same time is not an error.
  expected<void, store_error> checkpoint();

  const store_counters& counters() const;

  const open_report& opened() const;

  /// Size on disk: the main file plus its write-ahead log.
  uint64_t database_bytes() const;

  const std::filesystem::path& file() const;

private:
  struct connection;
  explicit sqlite_store(std::unique_ptr<connection> impl);
  std::unique_ptr<connection> impl_;
};

} // namespace g6
