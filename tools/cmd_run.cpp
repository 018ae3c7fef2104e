// cmd_run.cpp — `g6 run`: load settings, start the actor tree, run until --once/--cycles are done or
// SIGINT/SIGTERM, then shut down cleanly (the cycle in flight is finished and committed first); SIGHUP
// reloads the config (run_reload.hpp).
#include <CLI/CLI.hpp>
#include <caf/all.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <future>
#include <iostream>
#include <optional>
#include <thread>

#include <unistd.h>

#include "actors/clock/stepping_clock.hpp"
#include "actors/journal/journal_file.hpp"
#include "actors/network/network_node.hpp"
#include "actors/network/node_file.hpp"
#include "actors/node/node.hpp"
#include "actors/node/node_tree.hpp"
#include "actors/node/registry_lookup.hpp"
#include "actors/storage/storage_actor.hpp"
#include "config/loader.hpp"
#include "config/provider_chain.hpp"
#include "messages/status_fields.hpp"
#include "supervision/supervisor.hpp"
#include "tools/commands.hpp"
#include "tools/option_checks.hpp"
#include "tools/ready_file.hpp"
#include "tools/run_reload.hpp"
#include "tools/service_manager.hpp"
#include "tools/version.hpp"

namespace g6 {

namespace {

struct run_options {
  std::string config_file;
  std::string data_dir;
  std::string provider;
  std::string clock_spec = "real";
  std::string log_level;
  double interval = 0;
  uint64_t cycles = 0;
  bool once = false;
  bool force_open = false;
  std::string journal_file;
  std::string speed = "1"; // a number or "max"
  // Nodes over the network (docs/nodes.md).
  node_role role = node_role::all;
  std::string listen = "127.0.0.1:0";
  std::string hub;
  std::string name;
  std::string ready_file; // written once the node is up, removed at stop (tools/ready_file.hpp)
};

/// Where the run ended: the clock's verdict (provisional after each cycle, final once done), set from
/// actor threads.
struct run_outcome {
  std::atomic<bool> done{false};
  std::atomic<int> code{0};
  std::mutex mutex;
  std::string reason; // the closing line; empty for a hub, which runs no cycles

  void set(int exit_code, const std::string& why, bool final) {
    std::lock_guard<std::mutex> guard{mutex};
    if (done)
      return;
    reason = why;
    code = exit_code;
    done = final;
  }
};

constexpr uint64_t max_cycles_option = 1'000'000'000;
/// The longest --interval, as collection.interval_seconds in config/schema.json: a day.
constexpr double max_interval_seconds = 86400;

/// "<role>@<host>:<pid>": unique among the nodes of one hub unless named with --name.
std::string default_node_name(node_role role) {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return std::string{to_string(role)} + "@" + host + ":" + std::to_string(::getpid());
}

/// The collector's link to its hub; a refusal by the hub ends the run with exit code 4.
hub_link_options collector_link(const settings& cfg, const host_port& hub, const std::string& node_name,
                                node_actor node, std::shared_ptr<run_outcome> outcome) {
  hub_link_options link;
  link.hub = hub;
  link.node_name = node_name;
  link.version = std::string{version_string};
  link.secret = cfg.nodes.secret;
  for (auto& index : cfg.indices)
    if (index.enable)
      link.indices.push_back(index.name);
  link.node = node;
  link.outbox_dir = std::filesystem::path{cfg.storage.data_dir} / "outbox";
  link.memory_items = static_cast<size_t>(cfg.nodes.outbox_memory_batches);
  link.reconnect_initial = std::chrono::milliseconds(static_cast<int64_t>(cfg.nodes.reconnect_initial_ms));
  link.reconnect_max = std::chrono::milliseconds(static_cast<int64_t>(cfg.nodes.reconnect_max_ms));
  link.jitter_seed = static_cast<uint64_t>(::getpid());
  link.on_refused = [outcome](const std::string& why) { outcome->set(4, "the hub refused this node: " + why, true); };
  return link;
}

/// A signal that stops the run (SIGHUP reloads the config instead).
bool is_stop_signal(int sig) {
  return sig == SIGINT || sig == SIGTERM;
}

/// Gives the hub link up to 5 s to deliver what is journaled (a second signal stops at once); what is
/// left stays journaled and is sent by the next start.
void flush_outbox(caf::actor_system& sys, const node_actor& node, const sigset_t& signals) {
  caf::scoped_actor self{sys};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  timespec tick{0, 50'000'000};
  int64_t queued = -1;
  while (queued != 0 && std::chrono::steady_clock::now() < deadline) {
    if (auto link = registered_now(self, node, components::storage, std::chrono::seconds(1)))
      self->request(link, std::chrono::seconds(1), status_atom_v, status_verbosity::terse)
        .receive([&](caf::settings& s) { queued = read_figures<hub_link_figures>(s).queued; }, [&](caf::error&) {});
    if (queued != 0 && is_stop_signal(sigtimedwait(&signals, nullptr, &tick)))
      break;
  }
  if (queued > 0)
    spdlog::warn("{} items not yet acknowledged by the hub stay journaled for the next start", queued);
}

/// The config file with the command line's overrides; nullopt once the reason is printed on err.
std::optional<settings> settings_for_run(const run_options& opts, std::ostream& err) {
  auto loaded = load_command_config(opts.config_file, process_environment(), err);
  if (!loaded)
    return std::nullopt;
  settings cfg = std::move(loaded->value);
  if (!opts.data_dir.empty())
    cfg.storage.data_dir = opts.data_dir;
  if (!opts.provider.empty()) {
    cfg.providers.primary = opts.provider;
    // The file's choice was checked with the file; --provider may not fit its failover chain or indices.
    auto problems = check_providers(cfg);
    for (auto& p : problems)
      err << format_problem(loaded->source, p) << " (with --provider " << opts.provider << ")\n";
    if (!problems.empty())
      return std::nullopt;
  }
  if (!opts.log_level.empty())
    cfg.logging.level = opts.log_level;
  if (opts.interval > 0)
    cfg.collection.interval_seconds = opts.interval;
  return cfg;
}

/// The syslog priority prefix ("<3>") journald reads off the start of a line on stdout.
class syslog_priority final : public spdlog::custom_flag_formatter {
public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    // trace, debug, info, warn, err, critical, off
    static constexpr std::string_view prefixes[] = {"<7>", "<7>", "<6>", "<4>", "<3>", "<2>", ""};
    auto prefix = prefixes[static_cast<size_t>(msg.level)];
    dest.append(prefix.data(), prefix.data() + prefix.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<syslog_priority>(); }
};

/// One logger for the whole process, on stdout, flushed at info so each line is out as it happens. Into
/// the journal a line carries its severity as a syslog prefix and no timestamp (journald stamps it).
void start_logging(const std::string& level) {
  std::shared_ptr<spdlog::logger> logger;
  if (stdout_is_journal()) {
    logger = spdlog::stdout_logger_mt("g6");
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<syslog_priority>('*').set_pattern("%*%v");
    logger->set_formatter(std::move(formatter));
  } else {
    logger = spdlog::stdout_color_mt("g6");
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  }
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::flush_on(spdlog::level::info);
}

/// Where this node listens and, for a collector, its hub.
struct node_addresses {
  host_port listen;
  std::optional<host_port> hub;
};

/// The addresses of --listen and --hub, checked before anything opens; nullopt once the reason is printed.
std::optional<node_addresses> addresses_for_run(const run_options& opts, const settings& cfg) {
  auto listen = parse_host_port(opts.listen, true);
  auto hub = parse_host_port(opts.hub);
  if (!listen) {
    std::cerr << "g6 run: --listen " << opts.listen << " is not HOST:PORT\n";
    return std::nullopt;
  }
  if (opts.role == node_role::collector && !hub) {
    std::cerr << "g6 run: a collector needs --hub HOST:PORT (got '" << opts.hub << "')\n";
    return std::nullopt;
  }
  if (auto why = listen_refusal(listen->host, cfg.nodes.secret)) {
    std::cerr << "g6 run: " << *why << '\n';
    return std::nullopt;
  }
  return node_addresses{*listen, hub};
}

/// What drives the cycles: the clock, the journal a replay answers from, and how many cycles to run.
struct cycle_source {
  std::shared_ptr<market_clock> clock;
  std::shared_ptr<const journal_answers> replay;
  uint64_t max_cycles = 0;
};

/// The journal a replay answers from, its damage reported; null once the reason it cannot be used is printed.
std::shared_ptr<const journal_answers> read_replay(const std::string& journal_file) {
  if (journal_file.empty()) {
    std::cerr << "g6 run: --provider replay needs --journal FILE\n";
    return nullptr;
  }
  auto read = read_journal(journal_file);
  if (!read) {
    std::cerr << "g6 run: " << read.error().file.string() << ": " << read.error().message << '\n';
    return nullptr;
  }
  auto& contents = *read;
  if (!contents.damaged.empty())
    spdlog::warn("{}: skipping damaged bytes ({} in {} ranges) and replaying the rest: {}", journal_file,
                 contents.damaged_bytes(), contents.damaged.size(), describe_damage(contents.damaged, 20));
  if (contents.torn_bytes > 0)
    std::cerr << "g6 run: " << journal_file << ": ignoring a torn tail of " << contents.torn_bytes << " bytes ("
              << contents.torn_reason << ")\n";
  auto answers = std::make_shared<const journal_answers>(std::move(contents.records));
  if (answers->cycle_instants().empty()) {
    std::cerr << "g6 run: " << journal_file << ": the journal holds no cycles\n";
    return nullptr;
  }
  return answers;
}

/// The --clock, or for a replay the journal's own clock, one cycle per captured instant; nullopt once
/// the reason is printed.
std::optional<cycle_source> cycles_for_run(const run_options& opts, const settings& cfg) {
  std::string clock_error;
  cycle_source source{make_clock(opts.clock_spec, clock_error), nullptr, opts.cycles};
  if (!source.clock) {
    std::cerr << "g6 run: " << clock_error << '\n';
    return std::nullopt;
  }
  if (cfg.providers.primary != "replay")
    return source;
  source.replay = read_replay(opts.journal_file);
  if (!source.replay)
    return std::nullopt;
  auto captured = source.replay->cycle_instants().size();
  source.max_cycles = source.max_cycles == 0 ? captured : std::min<uint64_t>(source.max_cycles, captured);
  // Every captured cycle at its captured instant: the clock actor steps to the next once one completed.
  auto pace = opts.speed == "max" ? std::nullopt : finite_number(opts.speed);
  source.clock = std::make_shared<stepping_clock>(source.replay->cycle_instants(), pace);
  return source;
}

/// SIGINT, SIGTERM and SIGHUP blocked before the actor system starts: CAF's threads inherit this mask, so
/// the signals reach only the sigtimedwait of this thread.
sigset_t block_run_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

/// The message types, error renderers, scheduler and network of the actor system.
void configure_actor_system(caf::actor_system_config& sys_cfg, const node_settings& nodes) {
  sys_cfg.add_message_types<caf::id_block::g6>();
  sys_cfg.add_error_category(caf::atom("supervisor"), render_supervision_error);
  sys_cfg.add_error_category(caf::atom("storage"), render_storage_error);
  auto cores = std::max(2u, std::thread::hardware_concurrency());
  sys_cfg.set("scheduler.max-threads", static_cast<size_t>(cores));
  sys_cfg.set("scheduler.max-throughput", static_cast<size_t>(100));
  configure_network(sys_cfg, nodes);
}

/// The actors a run stops at its end.
struct running_node {
  node_actor node;
  gateway_actor gateway;
  uint16_t gateway_port = 0;
  supervisor_actor root;
  node_endpoints endpoints;
  tree_options tree; // what it was built from, for reloads
};

/// The tree's options: the run's settings and clock, and the outcome its verdicts go to.
tree_options tree_for(const run_options& opts, const settings& cfg, const cycle_source& cycles,
                      const node_addresses& addresses, const std::string& node_name, node_actor node,
                      std::shared_ptr<run_outcome> outcome) {
  tree_options tree;
  tree.config = cfg;
  tree.clock = cycles.clock;
  tree.once = opts.once;
  tree.max_cycles = cycles.max_cycles;
  tree.replay = cycles.replay;
  tree.force_open = opts.force_open;
  tree.version = std::string{version_string};
  tree.git_commit = std::string{git_commit};
  tree.started_at = wall_clock_ms();
  tree.role = opts.role;
  if (opts.role == node_role::collector)
    tree.hub_link = collector_link(cfg, *addresses.hub, node_name, node, outcome);
  tree.on_finished = [outcome](int code, const std::string& reason) { outcome->set(code, reason, true); };
  tree.on_cycle = [outcome](int code, const std::string& reason) {
    outcome->set(code, reason, false);
    notify_status(reason);
  };
  tree.feed_watchdog = feed_watchdog;
  tree.watchdog_interval = watchdog_feed_interval();
  return tree;
}

/// The node, its gateway listening for collectors and consoles, and its actor tree; nullopt (the node
/// stopped, the reason logged) when the gateway cannot listen.
std::optional<running_node> start_node(caf::actor_system& sys, const run_options& opts, const settings& cfg,
                                       const node_addresses& addresses, const cycle_source& cycles,
                                       std::shared_ptr<run_outcome> outcome) {
  auto node_name = opts.name.empty() ? default_node_name(opts.role) : opts.name;
  auto node = spawn_node(sys, node_name);
  gateway_options gateway;
  gateway.role = opts.role;
  gateway.node_name = node_name;
  gateway.version = std::string{version_string};
  gateway.secret = cfg.nodes.secret;
  gateway.node = node;
  auto listening = open_gateway(sys, gateway, addresses.listen, cfg.storage.data_dir);
  if (!listening) {
    spdlog::error("{}", listening.error());
    caf::anon_send_exit(node, caf::exit_reason::user_shutdown);
    return std::nullopt;
  }
  auto& listener = *listening;
  spdlog::info("node '{}' ({}) listening on {}:{}", node_name, to_string(opts.role), addresses.listen.host,
               listener.port);
  auto tree = tree_for(opts, cfg, cycles, addresses, node_name, node, outcome);
  auto [root, endpoints] = build_tree(sys, node, tree);
  // The root supervisor only stops on its own when restarts could not keep the tree alive.
  root->attach_functor([outcome, &sys](const caf::error& reason) {
    if (outcome->done || !reason || reason == caf::exit_reason::user_shutdown)
      return;
    outcome->set(3, "the actor tree gave up: " + sys.render(reason), true);
  });
  return running_node{node, listener.gateway, listener.port, root, endpoints, std::move(tree)};
}

/// READY=1 to systemd once the node's storage (or, on a collector, its hub link) is registered: the tree
/// is up and the first cycle can be stored.
void announce_ready(caf::actor_system& sys, const node_actor& node, node_role role, const settings& cfg) {
  caf::scoped_actor self{sys};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!registered_now(self, node, components::storage, std::chrono::seconds(1))) {
    if (std::chrono::steady_clock::now() >= deadline) {
      spdlog::warn("storage did not register within 10 s; telling systemd the node is up anyway");
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  size_t enabled = 0;
  for (auto& index : cfg.indices)
    enabled += index.enable ? 1 : 0;
  notify_ready(role == node_role::hub ? std::string{"hub up: storing for its collectors"}
                                      : fmt::format("up: {} indices from {}", enabled, cfg.providers.primary));
}

/// Waits until the run is over or SIGINT/SIGTERM arrives, reloading on SIGHUP; true when a signal ended
/// the wait.
bool wait_for_stop(const run_outcome& outcome, const sigset_t& signals, const std::function<void()>& reload) {
  timespec poll{0, 100'000'000};
  while (!outcome.done) {
    int sig = sigtimedwait(&signals, nullptr, &poll);
    if (sig == SIGHUP)
      reload();
    if (is_stop_signal(sig)) {
      spdlog::info("{} received: finishing the cycle in flight, then stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
      return true;
    }
  }
  return false;
}

/// Stops the clock and lets the cycle in flight commit, so an interrupted run loses no collected cycle;
/// a collector then hands its outbox to the hub.
void finish_cycle_in_flight(caf::actor_system& sys, const node_actor& node, node_role role, const run_outcome& outcome,
                            const sigset_t& signals) {
  caf::scoped_actor self{sys};
  if (auto ticking = registered_now(self, node, components::clock, std::chrono::seconds(1)))
    self->send(ticking, shutdown_atom_v);
  // A second signal stops at once; otherwise the cycle in flight gets 3.5 s to commit.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(3500);
  timespec tick{0, 20'000'000};
  bool forced = false;
  while (!outcome.done && !forced && std::chrono::steady_clock::now() < deadline)
    forced = is_stop_signal(sigtimedwait(&signals, nullptr, &tick));
  if (forced)
    spdlog::warn("second signal: stopping without waiting for the cycle in flight");
  else if (!outcome.done)
    spdlog::warn("the cycle in flight did not finish in time; stopping anyway");
  if (role == node_role::collector && !forced)
    flush_outbox(sys, node, signals);
}

/// Exits the tree (in reverse start order), the gateway and the node, removes the node file so consoles
/// stop finding this node, and waits for every actor.
void stop_node(caf::actor_system& sys, const running_node& running, const std::string& data_dir) {
  caf::anon_send_exit(running.root, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(running.gateway, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(running.node, caf::exit_reason::user_shutdown);
  std::error_code ec;
  std::filesystem::remove(node_file_path(data_dir), ec);
  sys.await_all_actors_done();
}

/// The exit code and the closing lines. Stopped by a signal before the clock's final verdict, the
/// verdict on the cycles completed stands.
int exit_verdict(run_outcome& outcome) {
  int code = outcome.code.load();
  {
    std::lock_guard<std::mutex> guard{outcome.mutex};
    if (code != 0)
      spdlog::error("run failed (exit {}): {}", code, outcome.reason);
    else if (!outcome.reason.empty())
      spdlog::info("run done: {}", outcome.reason);
  }
  spdlog::info("g6 stopped");
  spdlog::shutdown();
  return code;
}

int run_daemon(const run_options& opts) {
  auto cfg = settings_for_run(opts, std::cerr);
  if (!cfg)
    return 2;
  start_logging(cfg->logging.level);
  auto addresses = addresses_for_run(opts, *cfg);
  if (!addresses)
    return 2;
  auto cycles = cycles_for_run(opts, *cfg);
  if (!cycles)
    return 2;

  auto signals = block_run_signals();
  caf::actor_system_config sys_cfg;
  configure_actor_system(sys_cfg, cfg->nodes);
  caf::actor_system sys{sys_cfg};
  spdlog::info("g6 {} ({}) starting: provider {}, clock {}, data dir {}", version_string, git_commit,
               cfg->providers.primary, cycles->clock->describe(), cfg->storage.data_dir);

  auto outcome = std::make_shared<run_outcome>();
  auto running = start_node(sys, opts, *cfg, *addresses, *cycles, outcome);
  if (!running)
    return 2;
  announce_ready(sys, running->node, opts.role, *cfg);
  if (!opts.ready_file.empty()) {
    auto written = write_ready_file(
      opts.ready_file,
      {::getpid(), opts.role, fmt::format("{}:{}", addresses->listen.host, running->gateway_port), running->endpoints});
    if (!written)
      spdlog::error("--ready-file: {}", written.error());
  }
  reloadable_tree reloadable{running->node, running->tree};
  auto reload = [&] {
    notify_reloading();
    reload_tree(sys, reloadable, [&](std::ostream& err) { return settings_for_run(opts, err); });
    notify_ready("up: configuration reloaded (journalctl -u g6 says what changed)");
  };
  // A hub has no clock and nothing in flight: it stops at once.
  if (wait_for_stop(*outcome, signals, reload) && opts.role != node_role::hub)
    finish_cycle_in_flight(sys, running->node, opts.role, *outcome, signals);
  notify_stopping();
  stop_node(sys, *running, cfg->storage.data_dir);
  if (!opts.ready_file.empty()) {
    std::error_code ec;
    std::filesystem::remove(opts.ready_file, ec);
  }
  return exit_verdict(*outcome);
}

} // namespace

void add_run_command(CLI::App& app) {
  auto opts = std::make_shared<run_options>();
  auto* run = app.add_subcommand("run", "Run the collector daemon");
  run->add_option("--config", opts->config_file, "Config file (default: G6_CONFIG or the built-in g6.json)")
    ->check(not_empty);
  run->add_option("--data-dir", opts->data_dir, "Directory for the SQLite database (overrides storage.data_dir)")
    ->check(not_empty);
  run->add_option("--provider", opts->provider, "Market data provider")
    ->check(CLI::IsMember({"synthetic", "kite", "replay"}));
  run->add_option("--journal", opts->journal_file, "The journal a replay answers from (with --provider replay)")
    ->check(not_empty);
  run
    ->add_option("--speed", opts->speed,
                 "Replay pace: N times the captured pace, or max (each cycle as soon as the previous one "
                 "committed; with --provider replay)")
    ->check(positive_up_to(max_clock_speed, "max"))
    ->capture_default_str();
  auto* once = run->add_flag("--once", opts->once, "Run one cycle for every enabled index at the next open, then exit");
  run->add_option("--cycles", opts->cycles, "Stop after N cycles")
    ->check(whole_number(1, max_cycles_option))
    ->excludes(once);
  run->add_option("--interval", opts->interval, "Seconds between cycles (overrides collection.interval_seconds)")
    ->check(positive_up_to(max_interval_seconds));
  run->add_option("--clock", opts->clock_spec, "real, or sim:<ISO 8601 start>@<speed>x")->capture_default_str();
  run->add_flag("--force-open", opts->force_open, "Collect regardless of market hours");
  run->add_option("--log-level", opts->log_level, "trace, debug, info, warn, error, critical, off")
    ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  std::vector<std::string> role_words;
  for (auto& [role, name] : node_role_names)
    role_words.emplace_back(name);
  run
    ->add_option_function<std::string>(
      "--role", [opts](const std::string& word) { opts->role = parse_node_role(word).value_or(node_role::all); },
      "all (one node), hub (stores and serves) or collector (collects for a hub)")
    ->check(CLI::IsMember(role_words))
    ->default_str(std::string{to_string(opts->role)});
  run->add_option("--listen", opts->listen, "HOST:PORT this node listens on for collectors and consoles (port 0: any)")
    ->capture_default_str();
  run->add_option("--hub", opts->hub, "HOST:PORT of the hub (role collector)");
  run->add_option("--name", opts->name, "Node name, unique among a hub's collectors (default role@host:pid)");
  run
    ->add_option("--ready-file", opts->ready_file,
                 "Write this JSON file (pid, role, node address, metrics and live stream URLs) once the node is up, "
                 "and remove it at stop")
    ->check(not_empty);
  run->callback([opts] {
    int code = run_daemon(*opts);
    if (code != 0)
      throw CLI::RuntimeError(code);
  });
}

} // namespace g6
