#include "actors/retention/retention_actor.hpp"

#include <caf/all.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>

#include "actors/node/node_events.hpp"
#include "config/ist_time.hpp"

namespace g6 {

namespace {

struct retention_state {
  retention_options options;
  std::optional<day_number> settled; // the last day pruned after
  uint64_t prunes = 0;
  uint64_t rows_removed = 0;
  uint64_t files_removed = 0;
  uint64_t bytes_removed = 0;
  std::string last_result;
  event_emitter events; // as retention, to the node
  static inline const char* name = "retention";
};

using retention_pointer = retention_actor::stateful_pointer<retention_state>;

/// How often to look at the clock: a minute of real time, or five simulated minutes when the clock runs
/// faster, so a simulated day's close is not missed by much.
caf::timespan look_interval(const market_clock& clock) {
  auto simulated = std::chrono::duration_cast<caf::timespan>(clock.to_real(std::chrono::minutes{5}));
  return std::clamp<caf::timespan>(simulated, std::chrono::milliseconds{100}, std::chrono::minutes{1});
}

void prune_if_due(retention_pointer self) {
  auto& st = self->state;
  auto& o = st.options;
  // NSE and BSE close at the same time; NSE's calendar names the trading days.
  auto day = last_closed_day(exchange_calendar::builtin(exchange::nse), o.clock->now(), o.after_close);
  if (st.settled && *st.settled >= day)
    return;
  st.settled = day;
  auto oldest_kept = oldest_kept_day(day, o.keep_days);
  auto pruned = prune_storage(o.paths, oldest_kept, false);
  std::vector<std::string> errors;
  for (auto& p : pruned) {
    st.rows_removed += p.rows;
    st.files_removed += p.files;
    st.bytes_removed += p.bytes;
    errors.insert(errors.end(), p.errors.begin(), p.errors.end());
  }
  ++st.prunes;
  st.last_result = fmt::format("after {}: kept days from {}: removed {}", format_date(day), format_date(oldest_kept),
                               describe(pruned));
  auto kind = errors.empty() ? "retention_pruned" : "retention_failed";
  auto detail =
    errors.empty() ? st.last_result : fmt::format("{}; not removed: {}", st.last_result, fmt::join(errors, "; "));
  st.events.emit(kind, detail);
}

retention_actor::behavior_type retention(retention_pointer self, retention_options options) {
  self->state.options = std::move(options);
  self->state.events = event_emitter{"retention", events_to(self->state.options.node)};
  self->send(self, poll_atom_v);
  return {
    [=](poll_atom) {
      prune_if_due(self);
      self->delayed_send(self, look_interval(*self->state.options.clock), poll_atom_v);
    },
    [=](status_atom, status_verbosity) {
      auto& st = self->state;
      caf::settings s;
      put(s, "keep_days", st.options.keep_days);
      put(s, "after_close_minutes", static_cast<int64_t>(st.options.after_close.count()));
      put(s, "last_settled_day", st.settled ? format_date(*st.settled) : std::string{});
      put(s, "prunes", st.prunes);
      put(s, "rows_removed", st.rows_removed);
      put(s, "files_removed", st.files_removed);
      put(s, "bytes_removed", st.bytes_removed);
      put(s, "last_result", st.last_result);
      return s;
    },
  };
}

} // namespace

retention_actor spawn_retention(caf::actor_system& sys, retention_options options) {
  return sys.spawn<caf::detached>(retention, std::move(options));
}

} // namespace g6
