#include "actors/journal/journal_actor.hpp"

#include <caf/actor_system.hpp>
#include <caf/settings.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <optional>
#include <utility>

#include "messages/events.hpp"
#include "messages/status_fields.hpp"
#include "supervision/drain_on_stop.hpp"

namespace g6 {

namespace {

struct journal_state {
  std::optional<journal_writer> writer;
  event_emitter events; // as journal
  journal_fsync policy = journal_fsync::cycle;
  uint64_t write_errors = 0;
  int64_t append_us_total = 0;
  caf::error stop_reason;
  static inline const char* name = "journal";
  double records_per_second() const {
    return append_us_total == 0 ? 0.0
                                : static_cast<double>(writer->records()) * 1e6 / static_cast<double>(append_us_total);
  }
  ~journal_state() {
    if (writer)
      spdlog::info("journal: closed {}: {} records, {} bytes, {:.0f} records/s, {} write errors",
                   writer->dir().string(), writer->records(), writer->bytes_written(), records_per_second(),
                   write_errors);
  }
};

using journal_pointer = journal_actor::stateful_pointer<journal_state>;

const char* to_text(journal_fsync x) {
  switch (x) {
    case journal_fsync::never:
      return "never";
    case journal_fsync::cycle:
      return "cycle";
    case journal_fsync::every:
      return "every";
  }
  return "cycle";
}

caf::settings describe(const journal_state& st) {
  caf::settings s;
  auto count = [](uint64_t x) { return static_cast<int64_t>(x); };
  caf::put(s, "dir", st.writer->dir().string());
  caf::put(s, "records", count(st.writer->records()));
  caf::put(s, "bytes_written", count(st.writer->bytes_written()));
  caf::put(s, "write_errors", count(st.write_errors));
  put_figures(s, journal_figures{st.writer->torn_bytes_cut(), st.writer->damaged_ranges_found(),
                                 st.writer->damaged_bytes_found()});
  caf::put(s, "fsync", std::string{to_text(st.policy)});
  caf::put(s, "records_per_second", st.records_per_second());
  return s;
}

void report(const journal_state& st, std::string kind, std::string detail) {
  if (st.events)
    st.events.emit(std::move(kind), std::move(detail));
  else
    spdlog::warn("journal: {}: {}", kind, detail);
}

/// What opening a day file found: a torn tail it cut, damage it left in place.
void report_opening(const journal_state& st) {
  auto& w = *st.writer;
  auto file = w.file().filename().string();
  if (auto& torn = w.torn_tail_cut())
    report(st, "journal_torn_tail_cut",
           fmt::format("{}: cut a torn tail of {} bytes at offset {} ({}) left by an earlier crash", file, torn->length,
                       torn->offset, torn->reason));
  if (auto& damage = w.damage_left(); !damage.empty())
    report(st, "journal_damaged",
           fmt::format("{}: damaged bytes ({} in {} ranges) left in place with the whole frames after them; "
                       "readers skip them: {}",
                       file, total_length(damage), damage.size(), describe_damage(damage)));
}

journal_actor::behavior_type journal(journal_pointer self, std::filesystem::path dir, journal_fsync policy,
                                     std::function<void(const event_record&)> on_event) {
  spdlog::info("journal: capturing provider answers under {} (fsync {})", dir.string(), to_text(policy));
  self->state.policy = policy;
  self->state.events = event_emitter{"journal", std::move(on_event)};
  self->state.writer.emplace(std::move(dir), policy);
  // Asked to stop, first append the records already in the mailbox: the stop goes to its back.
  drain_mailbox_before_exit(self);
  return {
    [self](capture_atom, day_number day, bool sync_point, const std::string& payload) {
      auto& st = self->state;
      auto opened_before = st.writer->files_opened();
      auto started = std::chrono::steady_clock::now();
      if (auto appended = st.writer->append(day, payload, sync_point); !appended) {
        ++st.write_errors;
        spdlog::warn("journal: {}: {}", appended.error().file.string(), appended.error().message);
      }
      st.append_us_total +=
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
      if (st.writer->files_opened() > opened_before)
        report_opening(st);
    },
    [self](shutdown_atom) { self->quit(self->state.stop_reason); },
    [self](status_atom, status_verbosity) { return describe(self->state); },
  };
}

} // namespace

journal_actor spawn_journal(caf::actor_system& sys, std::filesystem::path dir, journal_fsync policy,
                            std::function<void(const event_record&)> on_event) {
  return sys.spawn<caf::detached>(journal, std::move(dir), policy, std::move(on_event));
}

} // namespace g6
