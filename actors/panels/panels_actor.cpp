#include "actors/panels/panels_actor.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "actors/node/registry_lookup.hpp"
#include "actors/panels/panel_generation.hpp"
#include "actors/panels/panel_hash.hpp"
#include "metrics/node_metrics.hpp"
#include "metrics/status_reading.hpp"

namespace g6 {

namespace {

struct panels_state {
  panels_options options;
  std::optional<cycle_record> cycle;
  std::map<std::string, index_snapshot> snapshots;
  std::map<std::string, uint64_t> last_cycle_of; // index -> the latest cycle that listed it
  std::vector<std::string> unreachable;          // indices whose collector node is gone
  std::map<std::string, live_chain_state> live;  // indices moved by streamed quotes since their cycle
  std::optional<panel_set> published;            // the live stream's panels as last sent
  panel_activity activity;
  uint64_t generations = 0;
  uint64_t live_updates = 0; // panel sets sent between cycles
  std::string last_error;
  // Provider request totals at the previous write, for request rates.
  std::map<std::string, std::pair<uint64_t, epoch_ms>> provider_totals;
  static inline const char* name = "panels";
};

using panels_pointer = panels_actor::stateful_pointer<panels_state>;

std::map<std::string, double> request_rates(panels_state& st, const node_figures& figures, epoch_ms now) {
  std::map<std::string, double> rates;
  for (auto& b : figures.breakers) {
    auto total = b.forwarded + b.rejected;
    auto i = st.provider_totals.find(b.provider);
    if (i != st.provider_totals.end() && now > i->second.second && total >= i->second.first)
      rates[b.provider] =
        static_cast<double>(total - i->second.first) * 1000.0 / static_cast<double>(now - i->second.second);
    st.provider_totals[b.provider] = {total, now};
  }
  return rates;
}

/// Writes one generation of panels, then the manifest, and logs what went wrong. Returns the panels
/// written.
panel_set write_generation(panels_pointer self, const node_figures& figures) {
  auto& st = self->state;
  auto& o = st.options;
  panel_inputs in;
  in.cycle = st.cycle;
  in.indices = o.indices;
  in.snapshots = std::move(st.snapshots); // lent to the generation, not copied: chains run to 100k rows
  in.last_cycle_of = st.last_cycle_of;
  in.unreachable = st.unreachable;
  in.live = st.live;
  in.figures = figures;
  in.interval_seconds = o.interval_seconds;
  in.now = wall_clock_ms();
  in.started_at = o.started_at;
  in.resident_bytes = process_resident_bytes();
  in.node_name = o.node_name;
  in.version = o.version;
  in.provider_request_rates = request_rates(st, figures, in.now);
  auto generation = write_panel_generation(o.dir, in, o.validate);
  st.snapshots = std::move(in.snapshots);
  for (auto& finding : generation.findings)
    spdlog::warn("panels: {}", finding);
  for (auto& error : generation.errors)
    spdlog::error("panels: {}", error);
  if (!generation.errors.empty())
    st.last_error = generation.errors.back();
  st.activity.writes += generation.activity.writes;
  st.activity.write_failures += generation.activity.write_failures;
  st.activity.validation_failures += generation.activity.validation_failures;
  if (generation.outcome == generation_outcome::written)
    ++st.generations;
  return std::move(generation.set);
}

/// Hands the panels just written to the live stream, when the node runs one.
void publish_panels(panels_pointer self, panel_set set) {
  if (set.names.empty())
    return;
  self->state.published = set;
  report_to(self, self->state.options.node, std::chrono::seconds(5), set, components::sse);
}

/// Streamed quotes: re-prices the snapshots they touch and sends the live stream its last panels with
/// those indices' chain panels rebuilt. Nothing goes out before the first cycle's panels.
void on_live_quotes(panels_pointer self, const live_quotes& quotes) {
  auto& st = self->state;
  if (!st.published)
    return;
  std::vector<std::string> moved;
  for (auto& [index, snapshot] : st.snapshots) {
    if (!apply_live_quotes(snapshot, quotes, st.options.pricing).changed())
      continue;
    auto& live = st.live[index];
    live.as_of = quotes.as_of;
    live.arrived_wall = quotes.arrived_wall;
    live.first_arrived_wall = quotes.first_arrived_wall;
    ++live.updates;
    moved.push_back(index);
  }
  if (moved.empty())
    return;
  panel_inputs in;
  in.snapshots = std::move(st.snapshots); // lent, as in write_generation
  in.live = st.live;
  auto rebuilt = chain_panels(in, moved);
  st.snapshots = std::move(in.snapshots);
  auto set = *st.published;
  set.generated_at = wall_clock_ms();
  for (auto& panel : rebuilt) {
    auto at = std::find(set.names.begin(), set.names.end(), panel.name);
    if (at != set.names.end())
      set.data[static_cast<size_t>(at - set.names.begin())] = canonical_json(panel.data);
  }
  ++st.live_updates;
  publish_panels(self, std::move(set));
}

void report_activity(panels_pointer self) {
  auto activity = self->state.activity;
  report_to(self, self->state.options.node, std::chrono::seconds(5), activity, components::metrics);
}

void on_cycle(panels_pointer self) {
  self->request(self->state.options.node, std::chrono::seconds(5), status_atom_v, status_verbosity::terse)
    .then(
      [=](caf::settings& status) {
        publish_panels(self, write_generation(self, read_node_status(status)));
        report_activity(self);
      },
      [=](caf::error& err) {
        spdlog::debug("panels: node status unavailable ({}); writing without it", self->system().render(err));
        publish_panels(self, write_generation(self, node_figures{}));
        report_activity(self);
      });
}

panels_actor::behavior_type panels(panels_pointer self, panels_options options) {
  self->state.options = std::move(options);
  return {
    [=](report_atom, cycle_record& rec) {
      for (auto& r : rec.indices)
        self->state.last_cycle_of[r.index] = rec.cycle_id;
      self->state.cycle = std::move(rec);
      on_cycle(self);
    },
    [=](report_atom, index_snapshot& snapshot) {
      auto index = snapshot.overview.index;
      self->state.live.erase(index);
      self->state.snapshots[index] = std::move(snapshot);
    },
    [=](report_atom, const live_quotes& quotes) { on_live_quotes(self, quotes); },
    [=](stale_atom, std::vector<std::string>& indices) {
      self->state.unreachable = std::move(indices);
      if (self->state.cycle)
        on_cycle(self);
    },
    [=](indices_atom, std::vector<std::string>& indices) {
      auto& st = self->state;
      auto listed = [&](const std::string& index) {
        return std::find(indices.begin(), indices.end(), index) != indices.end();
      };
      std::erase_if(st.snapshots, [&](auto& entry) { return !listed(entry.first); });
      std::erase_if(st.last_cycle_of, [&](auto& entry) { return !listed(entry.first); });
      std::erase_if(st.live, [&](auto& entry) { return !listed(entry.first); });
      st.options.indices = std::move(indices);
    },
    [=](status_atom, status_verbosity) {
      auto& st = self->state;
      caf::settings s;
      put(s, "dir", st.options.dir.string());
      put(s, "validate", st.options.validate);
      put(s, "generations", st.generations);
      put(s, "writes", st.activity.writes);
      put(s, "write_failures", st.activity.write_failures);
      put(s, "validation_failures", st.activity.validation_failures);
      put(s, "live_updates", st.live_updates);
      if (!st.last_error.empty())
        put(s, "last_error", st.last_error);
      return s;
    },
  };
}

} // namespace

panels_actor spawn_panels(caf::actor_system& sys, panels_options options) {
  return sys.spawn<caf::detached>(panels, std::move(options));
}

} // namespace g6
