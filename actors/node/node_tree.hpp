// node_tree.hpp — builds a node's actor tree from settings: the root supervisor and, under it, storage,
// analytics, providers (the failover chain and the breakers in front of it), collectors and the clock;
// which of them run depends on the node's role (tree_roles.hpp). Every component is registered with the
// node under its label on every (re)start; supervision events go to the node.
// Observability (metrics with their exposer, panels, the integrity monitor) runs under its own supervisor.
// A reload (tools/run_reload.hpp) adds children to the running tree through tree_children.
#pragma once

#include <caf/fwd.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "actors/clock/market_clock.hpp"
#include "actors/journal/journal_replay.hpp"
#include "actors/network/hub_link.hpp"
#include "actors/network/node_role.hpp"
#include "actors/node/index_roster.hpp"
#include "config/settings.hpp"
#include "messages/actors.hpp"
#include "messages/child_spec.hpp"

namespace g6 {

struct tree_options {
  settings config;
  std::shared_ptr<market_clock> clock;
  bool once = false;
  uint64_t max_cycles = 0;
  bool force_open = false;
  /// The build and start of this process, for g6_build_info and the system panel.
  std::string version;
  std::string git_commit;
  epoch_ms started_at = 0;
  /// Called once when the run is over (see clock_options::on_finished; also the strict integrity
  /// monitor, with exit code 2).
  std::function<void(int, const std::string&)> on_finished;
  /// After every cycle: the verdict were the run to stop now (clock_options::on_cycle).
  std::function<void(int, const std::string&)> on_cycle;
  /// The journal a `replay` provider answers from on `clock` (a stepping clock through its instants).
  std::shared_ptr<const journal_answers> replay;
  /// Which parts of the tree run (tree_roles.hpp).
  node_role role = node_role::all;
  /// For a collector: its link to the hub, which stands in for storage.
  hub_link_options hub_link;
  /// systemd's watchdog, fed by the clock while cycles progress (clock_options).
  std::function<void()> feed_watchdog;
  std::chrono::milliseconds watchdog_interval{0};
  /// The indices collected now: shared by every copy of these options, filled from `config` by
  /// build_tree and updated by reloads.
  std::shared_ptr<index_roster> roster = std::make_shared<index_roster>();
};

/// Where a node's HTTP endpoints listen once its tree is built: URLs, empty when one does not run.
struct node_endpoints {
  std::string metrics; // the Prometheus scrape URL, e.g. http://0.0.0.0:9108/metrics
  std::string sse;     // the live stream and web app's base URL, e.g. http://127.0.0.1:9320
};

struct built_tree {
  /// Exit it with user_shutdown to stop everything in reverse start order (the clock first, storage last).
  supervisor_actor root;
  node_endpoints endpoints;
};

/// Starts the tree: its root supervisor and where its endpoints listen.
built_tree build_tree(caf::actor_system& sys, node_actor node, tree_options options);

/// The children a config reload adds to a running tree, made by the factories build_tree uses, from
/// `options` (whose config is the one in force after the reload).
class tree_children {
public:
  tree_children(node_actor node, tree_options options);

  /// The collector of `index` (collectors supervisor).
  child_spec collector(const index_settings& index) const;
  /// The secondary sinks (storage supervisor), from options.config.storage.
  child_spec csv_sink() const;
  child_spec influx_sink() const;

private:
  node_actor node_;
  tree_options options_;
};

} // namespace g6
