#include "actors/node/node_tree.hpp"

#include <caf/all.hpp>

#include <spdlog/spdlog.h>

#include <filesystem>
#include <optional>
#include <thread>
#include <variant>

#include "actors/analytics/analytics_pool.hpp"
#include "actors/clock/clock_actor.hpp"
#include "actors/collector/collector.hpp"
#include "actors/csv/csv_sink.hpp"
#include "actors/influx/influx_sink.hpp"
#include "actors/journal/journal_actor.hpp"
#include "actors/journal/replay_provider.hpp"
#include "actors/node/node_events.hpp"
#include "actors/node/tree_roles.hpp"
#include "actors/panels/integrity_monitor.hpp"
#include "actors/panels/panel_envelope.hpp"
#include "actors/panels/panels_actor.hpp"
#include "actors/provider/kite/kite_provider.hpp"
#include "actors/provider/provider_breaker.hpp"
#include "actors/provider/synthetic_provider.hpp"
#include "actors/retention/retention_actor.hpp"
#include "actors/sse/server_config.hpp"
#include "actors/sse/sse_actor.hpp"
#include "actors/sse/sse_server.hpp"
#include "actors/storage/storage_actor.hpp"
#include "config/provider_chain.hpp"
#include "messages/components.hpp"
#include "metrics/metrics_actor.hpp"
#include "metrics/metrics_exposer.hpp"
#include "supervision/supervisor.hpp"

namespace g6 {

namespace {

/// What the builders of the groups share, settled once from the options.
struct tree_plan {
  const tree_options& options;
  node_actor node;
  event_sink events;
  uint64_t seed;
  /// A collector node stores through its link to the hub; the hub, or a single node, in SQLite.
  bool stores_locally;
  /// The capture journal records what the provider answers, where the provider runs (not on a hub); a
  /// replay answers from one, so it captures nothing.
  bool captures;
  std::chrono::milliseconds request_timeout;
  std::shared_ptr<index_roster> roster; // the enabled indices now
  /// Filled as the observability group opens its ports.
  std::shared_ptr<node_endpoints> endpoints = std::make_shared<node_endpoints>();

  const settings& config() const { return options.config; }
};

tree_plan plan_tree(node_actor node, const tree_options& options) {
  const auto& cfg = options.config;
  return tree_plan{
    .options = options,
    .node = node,
    .events = events_to(node),
    .seed = cfg.providers.synthetic.seed,
    .stores_locally = options.role != node_role::collector,
    .captures = options.role != node_role::hub && cfg.storage.journal.enabled && cfg.providers.primary != "replay",
    .request_timeout = std::chrono::milliseconds(static_cast<int64_t>(cfg.providers.request_timeout_seconds * 1000)),
    .roster = options.roster,
  };
}

/// Supervisor options from settings, wired to the node's registry and event sink.
supervisor_options wired(const settings& cfg, node_actor node, restart_strategy strategy, uint64_t seed) {
  auto opts = to_supervisor_options(cfg.supervision, strategy);
  opts.seed = seed;
  opts.on_child_started = [node](const std::string& label, const caf::actor& child) {
    caf::anon_send(node, caf::put_atom_v, label, child);
  };
  opts.on_child_removed = [node](const std::string& label) { caf::anon_send(node, caf::delete_atom_v, label); };
  opts.on_event = events_to(node);
  return opts;
}

/// A child registered under `which`: its factory must make a handle of that component's interface.
template <class Handle, class Factory>
child_spec component_child(const component<Handle>& which, Factory make) {
  return {which.label, restart_type::permanent, [make = std::move(make)](caf::actor_system& sys) {
            Handle handle = make(sys);
            return caf::actor_cast<caf::actor>(handle);
          }};
}

/// A group: a supervisor over the children `children_now()` gives when it (re)starts, with its own seed
/// of the backoff jitter.
template <class Children>
child_spec supervised_with(const tree_plan& plan, const component<supervisor_actor>& which, restart_strategy strategy,
                           uint64_t seed, Children children_now) {
  auto spec = component_child(which, [label = which.label, opts = wired(plan.config(), plan.node, strategy, seed),
                                      children_now = std::move(children_now)](caf::actor_system& sys) {
    return spawn_supervisor(sys, label, opts, children_now());
  });
  spec.kind = child_kind::supervisor;
  return spec;
}

/// A group: a supervisor over `children`, with its own seed of the backoff jitter.
child_spec supervised(const tree_plan& plan, const component<supervisor_actor>& which, restart_strategy strategy,
                      uint64_t seed, std::vector<child_spec> children) {
  return supervised_with(plan, which, strategy, seed, [children = std::move(children)] { return children; });
}

/// Where batches are committed: SQLite, or on a collector node the link to the hub.
child_spec store_child(const tree_plan& plan) {
  if (!plan.stores_locally)
    return component_child(components::storage,
                           [link = plan.options.hub_link](caf::actor_system& s) { return spawn_hub_link(s, link); });
  return component_child(components::storage, [storage = plan.config().storage, events = plan.events](
                                                caf::actor_system& s) { return spawn_storage(s, storage, events); });
}

child_spec csv_sink_child(const storage_settings& storage) {
  auto csv_dir = storage_paths_of(storage).csv_dir;
  return component_child(components::csv_sink, [csv_dir](caf::actor_system& s) { return spawn_csv_sink(s, csv_dir); });
}

child_spec influx_sink_child(const storage_settings& storage) {
  auto spill_dir = storage.influx.spill_dir.empty() ? std::filesystem::path{storage.data_dir} / "influx_spill"
                                                    : std::filesystem::path{storage.influx.spill_dir};
  return component_child(components::influx_sink, [influx = storage.influx, spill_dir](caf::actor_system& s) {
    return spawn_influx_sink(s, influx, spill_dir);
  });
}

child_spec journal_child(const tree_plan& plan) {
  const auto& storage = plan.config().storage;
  auto journal_dir = storage_paths_of(storage).journal_dir;
  auto policy = parse_journal_fsync(storage.journal.fsync).value_or(journal_fsync::cycle);
  return component_child(components::journal, [journal_dir, policy, events = plan.events](caf::actor_system& s) {
    return spawn_journal(s, journal_dir, policy, events);
  });
}

child_spec retention_child(const tree_plan& plan) {
  const auto& storage = plan.config().storage;
  retention_options retention;
  retention.paths = storage_paths_of(storage);
  retention.keep_days = storage.retention.keep_days;
  retention.after_close = std::chrono::minutes{storage.retention.after_close_minutes};
  retention.clock = plan.options.clock;
  retention.node = plan.node;
  return component_child(components::retention,
                         [retention](caf::actor_system& s) { return spawn_retention(s, retention); });
}

/// The store, the secondary sinks, the capture journal and the daily prune: one_for_one, none needs another.
child_spec storage_group(const tree_plan& plan) {
  const auto& storage = plan.config().storage;
  std::vector<child_spec> children{store_child(plan)};
  // Secondary sinks: fed by the collectors after each commit, beside (never in front of) SQLite.
  if (plan.stores_locally && storage.csv.active())
    children.push_back(csv_sink_child(storage));
  if (plan.stores_locally && storage.influx.active())
    children.push_back(influx_sink_child(storage));
  if (plan.captures)
    children.push_back(journal_child(plan));
  // The daily prune, wherever something is stored on disk (SQLite and CSV on a hub, journals where the
  // provider runs).
  if (storage.retention.keep_days > 0 && (plan.stores_locally || plan.captures))
    children.push_back(retention_child(plan));
  return supervised(plan, components::storage_supervisor, restart_strategy::one_for_one, plan.seed + 1,
                    std::move(children));
}

/// The pool is an untyped CAF actor pool whose workers speak the analytics interface.
child_spec analytics_group(const tree_plan& plan) {
  const auto& cfg = plan.config();
  auto pool_size = cfg.analytics.pool_size > 0 ? static_cast<size_t>(cfg.analytics.pool_size)
                                               : std::max(1u, std::thread::hardware_concurrency());
  std::vector<child_spec> children{
    component_child(components::analytics,
                    [pool_size, params = from_settings(cfg.greeks, cfg.analytics.surface)](caf::actor_system& s) {
                      return caf::actor_cast<analytics_actor>(spawn_analytics_pool(s, pool_size, params));
                    })};
  return supervised(plan, components::analytics_supervisor, restart_strategy::one_for_one, plan.seed + 2,
                    std::move(children));
}

/// One provider of the failover chain: the replay when there is one, else a Kite app by that name, else
/// the synthetic market. A Kite app retries within `share` of a request's deadline.
child_spec chain_provider_child(const tree_plan& plan, const component<provider_actor>& which, const std::string& name,
                                std::chrono::milliseconds share) {
  const auto& cfg = plan.config();
  return component_child(which, [name, seed = plan.seed, cfg, clock = plan.options.clock, faults = cfg.faults,
                                 events = plan.events, replay = plan.options.replay, share,
                                 node = plan.node](caf::actor_system& s) {
    if (replay)
      return spawn_replay_provider(s, replay, clock);
    if (auto app = kite_app_of(cfg, name, process_env())) {
      kite_provider_options options;
      options.config = cfg;
      options.app = std::move(*app);
      options.request_timeout = share;
      options.clock = clock;
      options.on_event = events;
      // Ticks between cycles reach the live stream through the node, which knows the panels actor.
      if (cfg.sse.enabled && cfg.sse.tick_rate_hz > 0) {
        options.on_live_quotes = [node](live_quotes quotes) { caf::anon_send(node, report_atom_v, std::move(quotes)); };
        options.live_rate_hz = cfg.sse.tick_rate_hz;
      }
      return spawn_kite_provider(s, std::move(options));
    }
    return spawn_synthetic_provider(s, seed, clock, faults, events);
  });
}

/// The providers of the failover chain, each under its own label, then the breakers in front of them;
/// rest_for_one, so this order is the restart order.
child_spec providers_group(const tree_plan& plan) {
  const auto& cfg = plan.config();
  auto chain = provider_chain(cfg.providers);
  provider_breaker_options breaker;
  breaker.node = plan.node;
  breaker.breaker = to_breaker_config(cfg.providers.breaker);
  breaker.request_timeout = plan.request_timeout;
  breaker.on_event = plan.events;
  // A Kite app retries within its share of a request's deadline, so a failing one leaves the next time.
  auto share = plan.request_timeout / static_cast<int64_t>(chain.size());
  std::vector<child_spec> children;
  for (auto& name : chain) {
    breaker.providers.push_back(components::chain_provider(name));
    children.push_back(chain_provider_child(plan, breaker.providers.back(), name, share));
  }
  children.push_back(component_child(components::provider,
                                     [breaker](caf::actor_system& s) { return spawn_provider_breaker(s, breaker); }));
  return supervised(plan, components::providers_supervisor, restart_strategy::rest_for_one, plan.seed + 3,
                    std::move(children));
}

/// The live stream's server and web app, made once so that clients keep their connections when its actor
/// restarts; null when disabled or when it cannot listen (the node runs on without it). The web API reads
/// the node's database, when it keeps one.
std::shared_ptr<sse::sse_server> start_sse(const tree_plan& plan, node_metrics& metrics) {
  const auto& options = plan.options;
  const auto& cfg = options.config.sse;
  if (!cfg.enabled)
    return nullptr;
  auto settings = sse::to_server_settings(cfg, options.version, static_cast<uint64_t>(options.started_at));
  if (plan.stores_locally)
    settings.database_path = storage_paths_of(options.config.storage).sqlite_file.string();
  auto started = sse::sse_server::start(std::move(settings), sse::make_stream_metrics(metrics.registry()));
  if (!started) {
    spdlog::error("sse: {}; running without the live stream", started.error());
    return nullptr;
  }
  std::shared_ptr<sse::sse_server> server = std::move(*started);
  spdlog::info("sse: serving {}/events; web app at {}/", server->url(), server->url());
  plan.endpoints->sse = server->url();
  return server;
}

/// The metrics actor. The metrics and their exposer are made here, once, so the port and the counters
/// survive restarts of the metrics actor.
child_spec metrics_child(const tree_plan& plan, std::shared_ptr<node_metrics> metrics) {
  const auto& cfg = plan.config();
  auto exposer = std::make_shared<std::optional<metrics_exposer>>();
  std::string endpoint;
  auto started = start_exposer(cfg.metrics.bind_address, cfg.metrics.port, metrics->registry());
  if (started) {
    endpoint = started->url();
    spdlog::info("metrics: serving {}", endpoint);
    plan.endpoints->metrics = endpoint;
    exposer->emplace(*std::move(started));
  } else {
    endpoint = "unavailable: " + started.error().message;
    spdlog::error("metrics: {}; running without a metrics endpoint", started.error().message);
  }
  metrics_options mopts;
  mopts.metrics = std::move(metrics);
  mopts.node = plan.node;
  mopts.clock = plan.options.clock;
  mopts.force_open = plan.options.force_open;
  mopts.interval_seconds = cfg.collection.interval_seconds;
  mopts.endpoint = endpoint;
  // The indices are those of the roster when it (re)starts.
  return component_child(components::metrics, [mopts, exposer, roster = plan.roster](caf::actor_system& s) {
    auto now = mopts;
    now.indices = roster->names();
    return spawn_metrics(s, now);
  });
}

child_spec panels_child(const tree_plan& plan) {
  const auto& cfg = plan.config();
  panels_options popts;
  popts.dir = panels_dir(cfg);
  popts.validate = cfg.panels.validate;
  popts.node = plan.node;
  popts.interval_seconds = cfg.collection.interval_seconds;
  popts.version = plan.options.version;
  popts.started_at = plan.options.started_at;
  popts.pricing = {from_settings(cfg.greeks, cfg.analytics.surface),
                   static_cast<epoch_ms>(cfg.collection.quote_max_age_seconds * 1000)};
  return component_child(components::panels, [popts, roster = plan.roster](caf::actor_system& s) {
    auto now = popts;
    now.indices = roster->names();
    return spawn_panels(s, now);
  });
}

child_spec integrity_child(const tree_plan& plan) {
  const auto& cfg = plan.config();
  integrity_options iopts;
  iopts.dir = panels_dir(cfg);
  iopts.interval = std::chrono::milliseconds(static_cast<int64_t>(cfg.panels.integrity.interval_seconds * 1000));
  iopts.strict = cfg.panels.integrity.strict;
  iopts.node = plan.node;
  iopts.on_fatal = plan.options.on_finished;
  return component_child(components::integrity,
                         [iopts](caf::actor_system& s) { return spawn_integrity_monitor(s, iopts); });
}

/// The metrics, panels, the live stream and the integrity monitor: one_for_one.
child_spec observability_group(const tree_plan& plan) {
  const auto& cfg = plan.config();
  auto groups = select_groups(cfg.metrics.enable_groups, cfg.metrics.disable_groups);
  auto metrics = std::make_shared<node_metrics>(groups, build_identity{plan.options.version, plan.options.git_commit},
                                                plan.options.started_at);
  std::vector<child_spec> children{metrics_child(plan, metrics), panels_child(plan)};
  if (auto server = start_sse(plan, *metrics))
    children.push_back(
      component_child(components::sse, [server](caf::actor_system& s) { return spawn_sse(s, server); }));
  if (cfg.panels.integrity.enabled)
    children.push_back(integrity_child(plan));
  return supervised(plan, components::observability_supervisor, restart_strategy::one_for_one, plan.seed + 5,
                    std::move(children));
}

child_spec collector_child(const tree_plan& plan, const index_settings& index) {
  const auto& cfg = plan.config();
  collector_options copts;
  copts.index = index;
  copts.collection = cfg.collection;
  copts.node = plan.node;
  copts.request_timeout = plan.request_timeout;
  copts.stores_locally = plan.stores_locally;
  for (auto& crash : cfg.faults.collector_crashes)
    if (crash.index == index.name)
      copts.crash_on_cycles.push_back(crash.cycle);
  return component_child(components::collector(index.name),
                         [copts](caf::actor_system& s) { return spawn_collector(s, copts); });
}

/// One collector per enabled index: one_for_one, an index's trouble stays its own. The collectors are
/// those of the roster when the group (re)starts.
child_spec collectors_group(const tree_plan& plan) {
  auto children = std::make_shared<const tree_children>(plan.node, plan.options);
  return supervised_with(plan, components::collectors_supervisor, restart_strategy::one_for_one, plan.seed + 4,
                         [children, roster = plan.roster] {
                           std::vector<child_spec> collectors;
                           for (auto& index : roster->enabled())
                             collectors.push_back(children->collector(index));
                           return collectors;
                         });
}

child_spec clock_child(const tree_plan& plan) {
  const auto& cfg = plan.config();
  clock_options clock_opts;
  clock_opts.clock = plan.options.clock;
  clock_opts.interval_seconds = cfg.collection.interval_seconds;
  clock_opts.cycle_timeout_seconds = cfg.collection.cycle_timeout_seconds;
  clock_opts.force_open = plan.options.force_open;
  clock_opts.once = plan.options.once;
  clock_opts.max_cycles = plan.options.max_cycles;
  clock_opts.node = plan.node;
  clock_opts.on_finished = plan.options.on_finished;
  clock_opts.on_cycle = plan.options.on_cycle;
  clock_opts.await_journal = plan.captures;
  clock_opts.feed_watchdog = plan.options.feed_watchdog;
  clock_opts.watchdog_interval = plan.options.watchdog_interval;
  return component_child(components::clock, [clock_opts, roster = plan.roster](caf::actor_system& s) {
    auto now = clock_opts;
    now.indices = roster->names();
    return spawn_clock(s, now);
  });
}

/// The root supervisor, registered with the node like the components under it.
supervisor_actor start_root(caf::actor_system& sys, const tree_plan& plan, std::vector<child_spec> children) {
  const auto& root_key = components::root_supervisor;
  auto root =
    spawn_supervisor(sys, root_key.label, wired(plan.config(), plan.node, restart_strategy::one_for_one, plan.seed),
                     std::move(children));
  caf::anon_send(plan.node, caf::put_atom_v, root_key.label, caf::actor_cast<caf::actor>(root));
  return root;
}

} // namespace

tree_children::tree_children(node_actor node, tree_options options)
  : node_(std::move(node)), options_(std::move(options)) {}

child_spec tree_children::collector(const index_settings& index) const {
  return collector_child(plan_tree(node_, options_), index);
}

child_spec tree_children::csv_sink() const {
  return csv_sink_child(options_.config.storage);
}

child_spec tree_children::influx_sink() const {
  return influx_sink_child(options_.config.storage);
}

built_tree build_tree(caf::actor_system& sys, node_actor node, tree_options options) {
  options.roster->set(options.config.indices);
  auto plan = plan_tree(node, options);
  tree_groups groups{
    storage_group(plan),
    analytics_group(plan),
    providers_group(plan),
    // Built only where it runs: building it opens the metrics and live stream ports.
    options.role == node_role::collector ? child_spec{} : observability_group(plan),
    collectors_group(plan),
    clock_child(plan),
  };
  return {start_root(sys, plan, children_for_role(options.role, std::move(groups))), *plan.endpoints};
}

} // namespace g6
