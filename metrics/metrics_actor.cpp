#include "metrics/metrics_actor.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "config/calendar.hpp"
#include "metrics/status_reading.hpp"

namespace g6 {

namespace {

struct metrics_state {
  metrics_options options;
  uint64_t cycles = 0;
  uint64_t events = 0;
  uint64_t polls = 0;
  static inline const char* name = "metrics";
};

using metrics_pointer = metrics_actor::stateful_pointer<metrics_state>;

/// Figures that are not messages: market hours, the real cycle interval, memory, and what the
/// components' status answers say.
void poll(metrics_pointer self) {
  auto& st = self->state;
  auto& m = *st.options.metrics;
  auto now = st.options.clock->now();
  for (auto& index : st.options.indices)
    m.set_market_open(index, st.options.force_open || exchange_calendar::builtin(exchange_of(index)).is_open(now));
  auto interval =
    st.options.clock->to_real(std::chrono::milliseconds(static_cast<int64_t>(st.options.interval_seconds * 1000)));
  m.set_collection_interval(std::chrono::duration<double>(interval).count());
  m.set_resident_memory(process_resident_bytes());
  self->request(st.options.node, std::chrono::seconds(5), status_atom_v, status_verbosity::terse)
    .then(
      [=](caf::settings& status) {
        auto figures = read_node_status(status);
        auto& metrics = *self->state.options.metrics;
        for (auto& b : figures.breakers)
          metrics.set_breaker(b);
        for (auto& p : figures.providers)
          metrics.set_provider(p);
        if (figures.storage)
          metrics.set_storage(*figures.storage);
        for (auto& sink : figures.secondary_sinks)
          metrics.set_storage(sink);
        if (figures.journal)
          metrics.set_journal(*figures.journal);
        if (figures.analytics)
          metrics.set_analytics(*figures.analytics);
        for (auto& c : figures.collectors)
          metrics.set_collector(c);
        metrics.set_components(figures.components);
        // This node's indices are never stale here; a hub's collectors' indices are as the gateway says.
        std::vector<std::pair<std::string, bool>> indices;
        for (auto& index : self->state.options.indices)
          indices.emplace_back(index, false);
        indices.insert(indices.end(), figures.remote_indices.begin(), figures.remote_indices.end());
        metrics.set_remote_indices(indices);
        ++self->state.polls;
      },
      [=](caf::error& err) { spdlog::debug("metrics: node status unavailable: {}", self->system().render(err)); });
}

metrics_actor::behavior_type metrics(metrics_pointer self, metrics_options options) {
  self->state.options = std::move(options);
  self->send(self, poll_atom_v);
  return {
    [=](report_atom, const cycle_record& rec) {
      ++self->state.cycles;
      self->state.options.metrics->record_cycle(rec, wall_clock_ms());
    },
    [=](report_atom, const index_snapshot& snapshot) { self->state.options.metrics->record_snapshot(snapshot); },
    [=](report_atom, const panel_activity& activity) { self->state.options.metrics->record_panels(activity); },
    [=](report_atom, const integrity_report& report) { self->state.options.metrics->record_integrity(report); },
    [=](event_atom, const event_record& ev) {
      ++self->state.events;
      self->state.options.metrics->record_event(ev);
    },
    [=](indices_atom, std::vector<std::string>& indices) {
      auto& st = self->state;
      for (auto& index : st.options.indices)
        if (std::find(indices.begin(), indices.end(), index) == indices.end())
          st.options.metrics->forget_index(index);
      st.options.indices = std::move(indices);
    },
    [=](poll_atom) {
      poll(self);
      self->delayed_send(self, self->state.options.poll_interval, poll_atom_v);
    },
    [=](status_atom, status_verbosity) {
      auto& st = self->state;
      caf::settings s;
      put(s, "endpoint", st.options.endpoint);
      put(s, "cycles", st.cycles);
      put(s, "events", st.events);
      put(s, "polls", st.polls);
      std::vector<std::string> groups;
      for (auto g : st.options.metrics->groups().enabled)
        groups.emplace_back(to_string(g));
      put(s, "groups", caf::config_value{groups});
      return s;
    },
  };
}

} // namespace

metrics_actor spawn_metrics(caf::actor_system& sys, metrics_options options) {
  return sys.spawn(metrics, std::move(options));
}

} // namespace g6
