#include "actors/storage/storage_actor.hpp"

#include <caf/actor_system.hpp>
#include <caf/message.hpp>
#include <caf/settings.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "actors/storage/sqlite_store.hpp"
#include "messages/events.hpp"
#include "messages/status_fields.hpp"

namespace g6 {

namespace {

/// The writer's own interface: the storage protocol and the steps it sends itself.
using storage_writer_actor = storage_actor::extend<caf::reacts_to<commit_atom>, caf::reacts_to<checkpoint_atom>>;

struct storage_state {
  storage_settings settings;
  event_emitter events; // as storage
  std::optional<sqlite_store> store;
  // Batches received since the last commit, and the promises to their requesters: the first of them
  // sends the commit message, which finds behind it every batch that arrived meanwhile.
  std::vector<cycle_batch> arrived;
  std::vector<caf::typed_response_promise<uint64_t>> waiting;
  bool checkpoint_due = false; // a checkpoint message is on its way
  static inline const char* name = "storage";
  ~storage_state();
};

double rows_per_second(const store_counters& n) {
  return n.batch_us_total == 0 ? 0.0
                               : static_cast<double>(n.rows_written) * 1e6 / static_cast<double>(n.batch_us_total);
}

double average_commit_us(const store_counters& n) {
  return n.commits == 0 ? 0.0 : static_cast<double>(n.commit_us_total) / static_cast<double>(n.commits);
}

/// The run's storage figures, once, when the writer stops.
storage_state::~storage_state() {
  if (!store)
    return;
  auto& n = store->counters();
  spdlog::info("storage: closed {}: {} rows in {} batches ({} already stored), {:.0f} rows/s, "
               "commit {:.2f} ms on average",
               store->file().string(), n.rows_written, n.batches, n.duplicate_batches, rows_per_second(n),
               average_commit_us(n) / 1000);
}

using storage_pointer = storage_writer_actor::stateful_pointer<storage_state>;

/// Reports a damaged database as an event (the node logs it as an error and counts it in
/// g6_events_total{kind="storage_corrupt"}), or in the log when nobody listens.
void report_corruption(storage_pointer self, const store_error& err) {
  if (self->state.events)
    self->state.events.emit(std::string{storage_corrupt_event}, err.message);
  else
    spdlog::error("storage: {}", err.message);
}

/// Stops the writer on a damaged file: the restart's check at open decides whether writing can go on.
void stop_on_damage(storage_pointer self, const store_error& err) {
  report_corruption(self, err);
  self->quit(make_error(err));
}

/// The store's answer as the actor's reply; a failed store has been rolled back and may be retried. On a
/// damaged file the writer stops.
caf::result<uint64_t> reply(storage_pointer self, store_result<uint64_t> result) {
  if (result)
    return *result;
  auto& err = result.error();
  if (!is_corruption(err.code)) {
    spdlog::warn("storage: {}", err.message);
    return make_error(err);
  }
  auto rp = self->make_response_promise<uint64_t>();
  rp.deliver(make_error(err));
  stop_on_damage(self, err);
  return rp;
}

/// Commits the batches that arrived together in one transaction and only then answers each requester
/// with its own result. False when the file turned out damaged and the writer stops.
bool commit_arrived(storage_pointer self) {
  auto& st = self->state;
  if (st.arrived.empty())
    return true;
  auto results = st.store->store(std::span<const cycle_batch>{st.arrived});
  std::optional<store_error> damage;
  for (auto& result : results) {
    if (result)
      continue;
    if (is_corruption(result.error().code))
      damage = result.error();
    else
      spdlog::warn("storage: {}", result.error().message);
  }
  // The checkpoint is queued before the answers leave, so that it runs before anything the requesters
  // send next; it waits anyway while batches wait (checkpoint_when_idle).
  if (!damage && !st.checkpoint_due) {
    st.checkpoint_due = true;
    self->send(self, checkpoint_atom_v);
  }
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i])
      st.waiting[i].deliver(*results[i]);
    else
      st.waiting[i].deliver(make_error(results[i].error()));
  }
  st.arrived.clear();
  st.waiting.clear();
  if (damage) {
    stop_on_damage(self, *damage);
    return false;
  }
  return true;
}

/// A checkpoint, unless batches wait for a commit (their commit sends the next checkpoint).
void checkpoint_when_idle(storage_pointer self) {
  auto& st = self->state;
  st.checkpoint_due = false;
  if (!st.arrived.empty())
    return;
  auto checkpointed = st.store->checkpoint();
  if (checkpointed)
    return;
  if (is_corruption(checkpointed.error().code))
    stop_on_damage(self, checkpointed.error());
  else
    spdlog::warn("storage: {}", checkpointed.error().message);
}

/// How the file was found at open, for the log.
std::string describe_check(const open_report& r) {
  if (r.check == integrity_check::off)
    return "not checked";
  return fmt::format("{} ok in {:.1f} ms", r.check == integrity_check::full ? "integrity_check" : "quick_check",
                     static_cast<double>(r.check_us) / 1000);
}

int64_t as_setting(uint64_t x) {
  return static_cast<int64_t>(x);
}

caf::settings describe(const storage_state& st, status_verbosity verbosity) {
  auto& store = *st.store;
  auto& n = store.counters();
  caf::settings status;
  database_figures figures;
  figures.rows_written = n.rows_written;
  figures.commits = n.commits;
  figures.commit_latency_us_last = n.commit_us_last;
  figures.commit_latency_us_avg = average_commit_us(n);
  figures.database_bytes = store.database_bytes();
  put_figures(status, figures);
  caf::put(status, "file", store.file().string());
  caf::put(status, "batches", as_setting(n.batches));
  caf::put(status, "duplicates", as_setting(n.duplicate_batches));
  caf::put(status, "rows_per_second", rows_per_second(n));
  if (verbosity == status_verbosity::detailed) {
    caf::put(status, "duplicate_rows", as_setting(n.duplicate_rows));
    caf::put(status, "grouped_commits", as_setting(n.grouped_commits));
    caf::put(status, "checkpoints", as_setting(n.checkpoints));
    caf::put(status, "checkpoint_us_last", n.checkpoint_us_last);
    caf::put(status, "cycles", as_setting(n.cycles));
    caf::put(status, "events", as_setting(n.events));
    caf::put(status, "synchronous", st.settings.synchronous);
    caf::put(status, "busy_timeout_ms", static_cast<int64_t>(st.settings.busy_timeout_ms));
    caf::put(status, "integrity_check", std::string{to_string(store.opened().check)});
    caf::put(status, "integrity_check_us", store.opened().check_us);
  }
  return status;
}

storage_writer_actor::behavior_type storage(storage_pointer self, storage_settings settings,
                                            std::function<void(const event_record&)> on_event) {
  self->state.events = event_emitter{"storage", std::move(on_event)};
  auto path = database_path(settings);
  auto opened = sqlite_store::open(path, settings);
  if (!opened) {
    auto& err = opened.error();
    if (is_corruption(err.code))
      report_corruption(self, err);
    else
      spdlog::error("storage: {}", err.message);
    self->quit(make_error(err));
    return storage_writer_actor::behavior_type::make_empty_behavior();
  }
  auto& store = *opened;
  if (store.opened().unclean_shutdown)
    spdlog::warn("storage: {} was not closed cleanly by its last writer ({})", path.string(),
                 store.opened().previous_writer);
  spdlog::info("storage: writing to {} (synchronous={}, {})", path.string(), settings.synchronous,
               describe_check(store.opened()));
  self->state.settings = std::move(settings);
  self->state.store.emplace(std::move(store));
  // Asked to stop, the writer still commits the batches it holds: they are whole and idempotent.
  self->set_exit_handler([self](caf::exit_msg& em) {
    if (em.reason && commit_arrived(self))
      self->quit(em.reason);
  });
  // A reply leaves only after COMMIT returned, so an acknowledgement always means the rows are on disk.
  // Batches wait for the commit message the first of them sent, and all that arrived by then share one
  // transaction (group commit): one fsync of the log for them all.
  return {
    [self](store_atom, cycle_batch& batch) -> caf::result<uint64_t> {
      auto& st = self->state;
      if (st.arrived.empty())
        self->send(self, commit_atom_v);
      st.arrived.push_back(std::move(batch));
      st.waiting.push_back(self->make_response_promise<uint64_t>());
      return st.waiting.back();
    },
    [self](commit_atom) { commit_arrived(self); },
    [self](checkpoint_atom) { checkpoint_when_idle(self); },
    [self](store_atom, const cycle_record& cycle) { return reply(self, self->state.store->store(cycle)); },
    [self](store_atom, const event_record& event) { return reply(self, self->state.store->store(event)); },
    [self](status_atom, status_verbosity verbosity) { return describe(self->state, verbosity); },
  };
}

} // namespace

caf::error make_error(const store_error& x) {
  return {static_cast<uint8_t>(x.code), caf::atom("storage"), caf::make_message(x.message)};
}

std::string render_storage_error(uint8_t code, caf::atom_value, const caf::message& context) {
  auto kind = to_string(static_cast<store_errc>(code));
  if (context.match_elements<std::string>())
    return fmt::format("storage {}: {}", kind, context.get_as<std::string>(0));
  return fmt::format("storage {}", kind);
}

storage_actor spawn_storage(caf::actor_system& sys, storage_settings settings,
                            std::function<void(const event_record&)> on_event) {
  return sys.spawn<caf::detached>(storage, std::move(settings), std::move(on_event));
}

} // namespace g6
