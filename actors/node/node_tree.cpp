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
#include "actors/panels/integrity_monitor.hpp"
#include "actors/panels/panel_envelope.hpp"
#include "actors/panels/panels_actor.hpp"
#include "actors/provider/provider_breaker.hpp"
#include "actors/provider/synthetic_provider.hpp"
#include "actors/provider/kite/kite_provider.hpp"
#include "actors/retention/retention_actor.hpp"
#include "actors/sse/server_config.hpp"
#include "actors/sse/sse_actor.hpp"
#include "actors/sse/sse_server.hpp"
#include "actors/node/tree_roles.hpp"
#include "actors/storage/storage_actor.hpp"
#include "config/provider_chain.hpp"
#include "messages/components.hpp"
#include "metrics/metrics_actor.hpp"
#include "metrics/metrics_exposer.hpp"
#include "supervision/supervisor.hpp"

namespace g6 {

namespace {

/// Supervisor options from settings, wired to the node's registry and event sink.
supervisor_options wired(const settings& cfg, node_actor node, restart_strategy strategy, uint64_t seed) {
  auto opts = to_supervisor_options(cfg.supervision, strategy);
  opts.seed = seed;
  opts.on_child_started = [node](const std::string& label, const caf::actor& child) {
    caf::anon_send(node, caf::put_atom_v, label, child);
  };
  opts.on_event = [node](const event_record& ev) { caf::anon_send(node, event_atom_v, ev); };
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

child_spec supervised(const component<supervisor_actor>& which, supervisor_options opts,
                      std::vector<child_spec> children) {
  return component_child(which, [label = which.label, opts = std::move(opts),
                                 children = std::move(children)](caf::actor_system& sys) {
    return spawn_supervisor(sys, label, opts, children);
  });
}

/// The live stream's server, made once so that clients keep their connections when its actor restarts;
/// null when disabled or when it cannot listen (the node runs on without it).
std::shared_ptr<sse::sse_server> start_sse(const tree_options& options, node_metrics& metrics) {
  const auto& cfg = options.config.sse;
  if (!cfg.enabled)
    return nullptr;
  auto started = sse::sse_server::start(
    sse::to_server_settings(cfg, options.version, static_cast<uint64_t>(options.started_at)),
    sse::make_stream_metrics(metrics.registry()));
  if (auto* error = std::get_if<std::string>(&started)) {
    spdlog::error("sse: {}; running without the live stream", *error);
    return nullptr;
  }
  std::shared_ptr<sse::sse_server> server = std::move(std::get<std::unique_ptr<sse::sse_server>>(started));
  spdlog::info("sse: serving {}/events", server->url());
  return server;
}

/// The metrics, panels and integrity monitor. The metrics and their exposer are made here, once, so
/// the port and the counters survive restarts of the metrics actor.
std::vector<child_spec> observability_children(node_actor node, const tree_options& options,
                                               const std::vector<std::string>& indices) {
  const auto& cfg = options.config;
  auto groups = select_groups(cfg.metrics.enable_groups, cfg.metrics.disable_groups);
  auto metrics = std::make_shared<node_metrics>(groups, build_identity{options.version, options.git_commit},
                                                options.started_at);
  auto exposer = std::make_shared<std::optional<metrics_exposer>>();
  std::string endpoint;
  auto started = start_exposer(cfg.metrics.bind_address, cfg.metrics.port, metrics->registry());
  if (auto* e = std::get_if<metrics_exposer>(&started)) {
    endpoint = e->url();
    spdlog::info("metrics: serving {}", endpoint);
    exposer->emplace(std::move(*e));
  } else {
    endpoint = "unavailable: " + std::get<exposer_error>(started).message;
    spdlog::error("metrics: {}; running without a metrics endpoint", std::get<exposer_error>(started).message);
  }
  metrics_options mopts;
  mopts.metrics = metrics;
  mopts.node = node;
  mopts.clock = options.clock;
  mopts.indices = indices;
  mopts.force_open = options.force_open;
  mopts.interval_seconds = cfg.collection.interval_seconds;
  mopts.endpoint = endpoint;

  auto dir = panels_dir(cfg);
  panels_options popts;
  popts.dir = dir;
  popts.validate = cfg.panels.validate;
  popts.node = node;
  popts.indices = indices;
  popts.interval_seconds = cfg.collection.interval_seconds;
  popts.version = options.version;
  popts.started_at = options.started_at;

  std::vector<child_spec> children{
    component_child(components::metrics, [mopts, exposer](caf::actor_system& s) { return spawn_metrics(s, mopts); }),
    component_child(components::panels, [popts](caf::actor_system& s) { return spawn_panels(s, popts); })};
  if (auto server = start_sse(options, *metrics))
    children.push_back(component_child(components::sse, [server](caf::actor_system& s) { return spawn_sse(s, server); }));
  if (cfg.panels.integrity.enabled) {
    integrity_options iopts;
    iopts.dir = dir;
    iopts.interval = std::chrono::milliseconds(static_cast<int64_t>(cfg.panels.integrity.interval_seconds * 1000));
    iopts.strict = cfg.panels.integrity.strict;
    iopts.node = node;
    iopts.on_fatal = options.on_finished;
    children.push_back(component_child(components::integrity, [iopts](caf::actor_system& s) {
      return spawn_integrity_monitor(s, iopts);
    }));
  }
  return children;
}

} // namespace

supervisor_actor build_tree(caf::actor_system& sys, node_actor node, tree_options options) {
  const auto& cfg = options.config;
  auto event_sink = [node](const event_record& ev) { caf::anon_send(node, event_atom_v, ev); };
  uint64_t seed = cfg.providers.synthetic.seed;

  std::vector<child_spec> storage_children{
    component_child(components::storage, [storage = cfg.storage, event_sink](caf::actor_system& s) {
      return spawn_storage(s, storage, event_sink);
    })};
  // A collector node stores through its link to the hub; the hub, or a single node, in SQLite.
  const bool stores_locally = options.role != node_role::collector;
  if (!stores_locally)
    storage_children = {component_child(components::storage, [link = options.hub_link](caf::actor_system& s) {
      return spawn_hub_link(s, link);
    })};
  // Secondary sinks: fed by the collectors after each commit, beside (never in front of) SQLite.
  if (stores_locally && cfg.storage.csv.active()) {
    auto csv_dir = storage_paths_of(cfg.storage).csv_dir;
    storage_children.push_back(
      component_child(components::csv_sink, [csv_dir](caf::actor_system& s) { return spawn_csv_sink(s, csv_dir); }));
  }
  if (stores_locally && cfg.storage.influx.active()) {
    auto spill_dir = cfg.storage.influx.spill_dir.empty()
                       ? std::filesystem::path{cfg.storage.data_dir} / "influx_spill"
                       : std::filesystem::path{cfg.storage.influx.spill_dir};
    storage_children.push_back(
      component_child(components::influx_sink, [influx = cfg.storage.influx, spill_dir](caf::actor_system& s) {
        return spawn_influx_sink(s, influx, spill_dir);
      }));
  }
  // The capture journal records what the provider answers, where the provider runs (not on a hub); a
  // replay answers from one, so it captures nothing.
  const bool captures = options.role != node_role::hub && cfg.storage.journal.enabled && cfg.providers.primary != "replay";
  if (captures) {
    auto journal_dir = storage_paths_of(cfg.storage).journal_dir;
    auto policy = parse_journal_fsync(cfg.storage.journal.fsync).value_or(journal_fsync::cycle);
    storage_children.push_back(
      component_child(components::journal, [journal_dir, policy, event_sink](caf::actor_system& s) {
        return spawn_journal(s, journal_dir, policy, event_sink);
      }));
  }

  // The daily prune, wherever something is stored on disk (SQLite and CSV on a hub, journals where the
  // provider runs).
  if (cfg.storage.retention.keep_days > 0 && (stores_locally || captures)) {
    retention_options retention;
    retention.paths = storage_paths_of(cfg.storage);
    retention.keep_days = cfg.storage.retention.keep_days;
    retention.after_close = std::chrono::minutes{cfg.storage.retention.after_close_minutes};
    retention.clock = options.clock;
    retention.node = node;
    storage_children.push_back(
      component_child(components::retention, [retention](caf::actor_system& s) { return spawn_retention(s, retention); }));
  }

  auto pool_size = cfg.analytics.pool_size > 0 ? static_cast<size_t>(cfg.analytics.pool_size)
                                               : std::max(1u, std::thread::hardware_concurrency());
  // The pool is an untyped CAF actor pool whose workers speak the analytics interface.
  std::vector<child_spec> analytics_children{
    component_child(components::analytics, [pool_size, params = from_settings(cfg.greeks)](caf::actor_system& s) {
      return caf::actor_cast<analytics_actor>(spawn_analytics_pool(s, pool_size, params));
    })};

  // The providers of the failover chain, each under its own label, then the breakers in front of them.
  auto chain = provider_chain(cfg.providers);
  provider_breaker_options breaker;
  breaker.node = node;
  breaker.breaker = to_breaker_config(cfg.providers.breaker);
  breaker.request_timeout = std::chrono::milliseconds(
    static_cast<int64_t>(cfg.providers.request_timeout_seconds * 1000));
  breaker.on_event = event_sink;
  // A Kite app retries within its share of a request's deadline, so a failing one leaves the next time.
  auto share = std::chrono::duration_cast<std::chrono::milliseconds>(breaker.request_timeout)
               / static_cast<int64_t>(chain.size());
  std::vector<child_spec> provider_children;
  for (auto& name : chain) {
    breaker.providers.push_back(components::chain_provider(name));
    provider_children.push_back(component_child(
      breaker.providers.back(), [name, seed, cfg, clock = options.clock, faults = cfg.faults, event_sink,
                                 replay = options.replay, share](caf::actor_system& s) {
        if (replay)
          return spawn_replay_provider(s, replay, clock);
        if (auto app = kite_app_of(cfg, name, process_env()))
          return spawn_kite_provider(s, kite_provider_options{cfg, std::move(*app), share, clock, event_sink});
        return spawn_synthetic_provider(s, seed, clock, faults, event_sink);
      }));
  }
  provider_children.push_back(
    component_child(components::provider, [breaker](caf::actor_system& s) { return spawn_provider_breaker(s, breaker); }));

  std::vector<child_spec> collector_children;
  std::vector<std::string> indices;
  for (auto& index : cfg.indices) {
    if (!index.enable)
      continue;
    indices.push_back(index.name);
    collector_options copts;
    copts.index = index;
    copts.collection = cfg.collection;
    copts.node = node;
    copts.request_timeout = breaker.request_timeout;
    copts.stores_locally = stores_locally;
    for (auto& crash : cfg.faults.collector_crashes)
      if (crash.index == index.name)
        copts.crash_on_cycles.push_back(crash.cycle);
    collector_children.push_back(
      component_child(components::collector(index.name), [copts](caf::actor_system& s) { return spawn_collector(s, copts); }));
  }

  clock_options clock_opts;
  clock_opts.clock = options.clock;
  clock_opts.indices = indices;
  clock_opts.interval_seconds = cfg.collection.interval_seconds;
  clock_opts.cycle_timeout_seconds = cfg.collection.cycle_timeout_seconds;
  clock_opts.force_open = options.force_open;
  clock_opts.once = options.once;
  clock_opts.max_cycles = options.max_cycles;
  clock_opts.node = node;
  clock_opts.on_finished = options.on_finished;
  clock_opts.on_cycle = options.on_cycle;
  clock_opts.await_journal = captures;

  auto group = [&](const component<supervisor_actor>& which, restart_strategy strategy, uint64_t group_seed,
                   std::vector<child_spec> children) {
    return supervised(which, wired(cfg, node, strategy, group_seed), std::move(children));
  };
  tree_groups groups{
    group(components::storage_supervisor, restart_strategy::one_for_one, seed + 1, storage_children),
    group(components::analytics_supervisor, restart_strategy::one_for_one, seed + 2, analytics_children),
    group(components::providers_supervisor, restart_strategy::rest_for_one, seed + 3, provider_children),
    options.role == node_role::collector ? child_spec{}
                                : group(components::observability_supervisor, restart_strategy::one_for_one,
                                        seed + 5, observability_children(node, options, indices)),
    group(components::collectors_supervisor, restart_strategy::one_for_one, seed + 4, collector_children),
    component_child(components::clock, [clock_opts](caf::actor_system& s) { return spawn_clock(s, clock_opts); }),
  };
  auto root_children = children_for_role(options.role, std::move(groups));
  const auto& root_key = components::root_supervisor;
  auto root = spawn_supervisor(sys, root_key.label, wired(cfg, node, restart_strategy::one_for_one, seed),
                               std::move(root_children));
  caf::anon_send(node, caf::put_atom_v, root_key.label, caf::actor_cast<caf::actor>(root));
  return root;
}

} // namespace g6
