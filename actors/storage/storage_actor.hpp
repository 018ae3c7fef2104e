// storage_actor.hpp — the SQLite writer: a detached actor (SQLite blocks) that owns one sqlite_store,
// commits the batches that arrive together in one transaction and acknowledges each only once that
// transaction has committed; it checkpoints the write-ahead log when no batch waits.
#pragma once

#include <caf/error.hpp>
#include <caf/fwd.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "actors/storage/store_error.hpp"
#include "config/settings.hpp"
#include "messages/actors.hpp"

namespace g6 {

/// The error category of store errors sent to other actors; the code is the store_errc and the context
/// carries the store's message.
inline constexpr std::string_view storage_error_category = "storage";

caf::error make_error(const store_error& x);

/// Renders storage errors; register with
/// `cfg.add_error_category(caf::atom("storage"), render_storage_error)`.
std::string render_storage_error(uint8_t code, caf::atom_value category, const caf::message& context);

/// The event the writer sends (to `on_event`) when it finds the database damaged, at open or on a write.
inline constexpr std::string_view storage_corrupt_event = "storage_corrupt";

/// Spawns the storage writer on its own thread. It opens database_path(settings) first; when that fails
/// it quits with the store's error (a non-normal exit its supervisor sees). Each `store` is answered
/// after COMMIT returned, with the rows newly written, or with the store's error after a rollback. The
/// batches that reach the mailbox while one waits for its commit are committed with it in one
/// transaction (sqlite_store::store of several batches: each still gets its own result). Asked to stop,
/// it first commits the batches it holds. A
/// damaged database (refused at open, or an error on a write that says the file is damaged) is reported
/// as a storage_corrupt event, and the writer quits with that error instead of writing on: the batch is
/// not acknowledged, and the restart's open check decides whether the file can be used.
/// status answers {file, rows_written, batches, duplicates, commits, commit_latency_us_last,
/// commit_latency_us_avg, rows_per_second, db_bytes}; detailed adds duplicate_rows, grouped_commits,
/// checkpoints, checkpoint_us_last, cycles, events, synchronous and busy_timeout_ms.
storage_actor spawn_storage(caf::actor_system& sys, storage_settings settings,
                            std::function<void(const event_record&)> on_event = {});

} // namespace g6
