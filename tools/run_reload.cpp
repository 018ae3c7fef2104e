#include "tools/run_reload.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <sstream>

#include "actors/node/node_events.hpp"
#include "actors/node/registry_lookup.hpp"
#include "actors/node/reload_plan.hpp"
#include "messages/components.hpp"

namespace g6 {

namespace {

using namespace std::chrono_literals;

constexpr caf::timespan registry_timeout = 5s;

std::string joined(const std::vector<std::string>& xs) {
  std::string result;
  for (auto& x : xs)
    result += (result.empty() ? "" : ", ") + x;
  return result;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);)
    if (!line.empty())
      lines.push_back(line);
  return lines;
}

/// Logged by the node, stored with the other events and counted in g6_config_reloads_total.
void record(const reloadable_tree& tree, std::string kind, std::string detail) {
  event_emitter{"reload", events_to(tree.node)}.emit(std::move(kind), std::move(detail));
}

/// How a reload talks to the running tree: blocking requests from a scoped actor, failures logged.
class tree_requests {
public:
  tree_requests(caf::actor_system& sys, const reloadable_tree& tree) : sys_(sys), self_(sys), tree_(tree) {}

  template <class Handle>
  Handle find(const component<Handle>& which) {
    auto found = registered_now(self_, tree_.node, which, registry_timeout);
    if (!found)
      spdlog::error("reload: {} is not running", which.label);
    return found;
  }

  /// Starts `spec` under `supervisor`; true when it was added (it may still be starting).
  bool add(const supervisor_actor& supervisor, child_spec spec) {
    auto label = spec.label;
    bool added = false;
    self_->request(supervisor, registry_timeout, caf::add_atom_v, std::move(spec))
      .receive(
        [&](bool running) {
          added = true;
          if (!running)
            spdlog::warn("reload: {} failed to start; its supervisor retries", label);
        },
        [&](caf::error& err) { spdlog::error("reload: {} not started: {}", label, sys_.render(err)); });
    return added;
  }

  /// Stops and removes the child `label` of `supervisor`, waiting until it is down.
  bool remove(const supervisor_actor& supervisor, const std::string& label) {
    bool removed = false;
    self_->request(supervisor, stop_timeout(), caf::delete_atom_v, label)
      .receive([&](bool) { removed = true; },
               [&](caf::error& err) { spdlog::error("reload: {} not stopped: {}", label, sys_.render(err)); });
    return removed;
  }

  /// Holds the clock at the next cycle boundary: the cycles completed then, nullopt when it did not answer.
  std::optional<uint64_t> hold(const clock_actor& clock) {
    std::optional<uint64_t> completed;
    self_->request(clock, hold_timeout(), hold_atom_v)
      .receive([&](uint64_t n) { completed = n; },
               [&](caf::error& err) {
                 spdlog::error("reload: the clock did not reach a cycle boundary: {}", sys_.render(err));
               });
    return completed;
  }

  template <class Handle, class... Ts>
  void send(const Handle& to, const Ts&... xs) {
    self_->send(to, xs...);
  }

private:
  /// A child gets the supervisors' shutdown timeout before it is killed.
  caf::timespan stop_timeout() const {
    return std::chrono::duration_cast<caf::timespan>(
             std::chrono::duration<double>(tree_.options.config.supervision.shutdown_timeout_seconds))
           + registry_timeout;
  }

  /// The cycle in flight may take its collectors' timeout, then storing its record (30 s at most).
  caf::timespan hold_timeout() const {
    return std::chrono::duration_cast<caf::timespan>(
             std::chrono::duration<double>(tree_.options.config.collection.cycle_timeout_seconds))
           + 30s + registry_timeout;
  }

  caf::actor_system& sys_;
  caf::scoped_actor self_;
  const reloadable_tree& tree_;
};

std::vector<std::string> names_of_enabled(const settings& s) {
  std::vector<std::string> result;
  for (auto& index : s.indices)
    if (index.enable)
      result.push_back(index.name);
  return result;
}

std::vector<std::string> names_of(const std::vector<index_settings>& indices) {
  std::vector<std::string> result;
  for (auto& index : indices)
    result.push_back(index.name);
  return result;
}

/// Swaps the collectors while the clock is held between two cycles, then lets it tick the indices whose
/// collector runs. Returns the indices ticked from now on; nullopt when nothing changed (the clock did not
/// reach a cycle boundary in time, or the tree is not up).
std::optional<std::vector<std::string>> apply_indices(tree_requests& tree, const reload_plan& plan,
                                                      const tree_children& children,
                                                      const std::vector<std::string>& ticked_before) {
  auto clock = tree.find(components::clock);
  auto collectors = tree.find(components::collectors_supervisor);
  if (!clock || !collectors)
    return std::nullopt;
  auto boundary = tree.hold(clock);
  if (!boundary) {
    tree.send(clock, resume_atom_v, ticked_before);
    return std::nullopt;
  }
  std::vector<std::string> not_running;
  for (auto& index : plan.removed)
    tree.remove(collectors, components::collector(index).label);
  // A collector that would not stop keeps running with its old settings.
  for (auto& index : plan.replaced)
    if (tree.remove(collectors, components::collector(index.name).label)
        && !tree.add(collectors, children.collector(index)))
      not_running.push_back(index.name);
  for (auto& index : plan.added)
    if (!tree.add(collectors, children.collector(index)))
      not_running.push_back(index.name);
  auto ticked = plan.indices;
  std::erase_if(ticked, [&](const std::string& index) {
    return std::find(not_running.begin(), not_running.end(), index) != not_running.end();
  });
  tree.send(clock, resume_atom_v, ticked);
  spdlog::info("reload: after cycle {}: collecting {}{}{}{}", *boundary, joined(ticked),
               plan.added.empty() ? "" : "; started " + joined(names_of(plan.added)),
               plan.removed.empty() ? "" : "; stopped " + joined(plan.removed),
               plan.replaced.empty() ? "" : "; replaced " + joined(names_of(plan.replaced)));
  return ticked;
}

/// Stops, starts or restarts a secondary sink under the storage supervisor.
void apply_sink(tree_requests& tree, const supervisor_actor& storage, sink_change change,
                const component<sink_actor>& which, const child_spec& spec) {
  if (change == sink_change::none)
    return;
  if (change == sink_change::stop || change == sink_change::restart)
    tree.remove(storage, which.label);
  if (change == sink_change::start || change == sink_change::restart)
    tree.add(storage, spec);
  spdlog::info("reload: {} {}", which.label,
               change == sink_change::stop    ? "stopped"
               : change == sink_change::start ? "started"
                                              : "restarted with its new settings");
}

/// A one-line account of what the reload applied, for its event.
std::string summary_of(const reload_plan& plan) {
  std::vector<std::string> parts;
  if (plan.changes_indices())
    parts.push_back("indices " + joined(plan.indices));
  if (plan.log_level)
    parts.push_back("log level " + *plan.log_level);
  if (plan.csv != sink_change::none)
    parts.push_back("csv " + std::string{to_string(plan.csv)});
  if (plan.influx != sink_change::none)
    parts.push_back("influx " + std::string{to_string(plan.influx)});
  if (!plan.needs_restart.empty())
    parts.push_back("waiting for a restart: " + joined(plan.needs_restart));
  return parts.empty() ? "nothing changed" : joined(parts);
}

} // namespace

void reload_tree(caf::actor_system& sys, reloadable_tree& tree, const settings_reader& read) {
  spdlog::info("SIGHUP received: reading the config again");
  std::ostringstream messages;
  auto next = read(messages);
  if (!next) {
    auto problems = lines_of(messages.str());
    for (auto& problem : problems)
      spdlog::error("reload refused: {}", problem);
    spdlog::error("reload refused: running on with the config in force");
    record(tree, "config_reload_refused", joined(problems));
    return;
  }
  for (auto& warning : lines_of(messages.str()))
    spdlog::warn("reload: {}", warning);
  auto& running = tree.options.config;
  auto plan = plan_reload(running, *next, tree.options.role);
  for (auto& notice : restart_notices(plan.needs_restart))
    spdlog::warn("reload: {}", notice);
  if (plan.log_level) {
    spdlog::set_level(spdlog::level::from_str(*plan.log_level));
    spdlog::info("reload: log level {} (was {})", *plan.log_level, running.logging.level);
  }
  tree_requests requests{sys, tree};
  auto rebuilt = tree.options;
  rebuilt.config = plan.applied;
  tree_children children{tree.node, rebuilt};
  if (plan.changes_indices()) {
    if (auto ticked = apply_indices(requests, plan, children, names_of_enabled(running))) {
      std::vector<index_settings> collected;
      for (auto& index : plan.applied.indices)
        if (index.enable && std::find(ticked->begin(), ticked->end(), index.name) != ticked->end())
          collected.push_back(index);
      tree.options.roster->set(collected);
      if (auto metrics = requests.find(components::metrics))
        requests.send(metrics, indices_atom_v, *ticked);
      if (auto panels = requests.find(components::panels))
        requests.send(panels, indices_atom_v, *ticked);
    } else {
      spdlog::error("reload: index changes not applied; the next reload tries again");
      plan.applied.indices = running.indices;
    }
  }
  if (plan.csv != sink_change::none || plan.influx != sink_change::none) {
    if (auto storage = requests.find(components::storage_supervisor)) {
      apply_sink(requests, storage, plan.csv, components::csv_sink, children.csv_sink());
      apply_sink(requests, storage, plan.influx, components::influx_sink, children.influx_sink());
    }
  }
  if (!plan.changes_anything())
    spdlog::info("reload: nothing to apply live");
  record(tree, "config_reload", summary_of(plan));
  running = plan.applied;
}

} // namespace g6
