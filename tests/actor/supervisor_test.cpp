#define BOOST_TEST_MODULE supervisor
#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>

#include "supervision/backoff.hpp"
#include "supervision/supervisor.hpp"

using namespace std::chrono_literals;
using g6::restart_strategy;
using g6::restart_type;

namespace {

/// A system on CAF's deterministic scheduler: nothing runs and no time passes unless the test says so.
struct test_config : caf::actor_system_config {
  test_config() {
    add_message_types<caf::id_block::g6>();
    add_error_category(caf::atom("supervisor"), g6::render_supervision_error);
    set("scheduler.policy", caf::atom("testing"));
  }
};

/// What happened under the supervisors of a test, in order.
struct journal {
  std::vector<std::pair<std::string, caf::actor>> started; // on_child_started
  std::vector<std::string> removed;                        // on_child_removed
  std::vector<std::string> exits;                          // children's terminations
  std::vector<g6::event_record> events;

  std::vector<std::string> started_labels(size_t from = 0) const {
    std::vector<std::string> result;
    for (auto i = from; i < started.size(); ++i)
      result.push_back(started[i].first);
    return result;
  }

  std::vector<std::string> event_kinds() const {
    std::vector<std::string> result;
    for (auto& e : events)
      result.push_back(e.kind);
    return result;
  }
};

/// A child that records its termination. "crash" throws (CAF ends it with sec::runtime_error),
/// "finish" ends it normally.
caf::behavior worker(caf::event_based_actor* self, std::shared_ptr<journal> log, std::string label) {
  self->attach_functor([log, label](const caf::error&) { log->exits.push_back(label); });
  return {
    [self](const std::string& command) {
      if (command == "crash")
        throw std::runtime_error("crash requested");
      if (command == "finish")
        self->quit();
    },
  };
}

/// A child that ignores requests to stop: only a kill ends it.
caf::behavior stubborn_worker(caf::event_based_actor* self, std::shared_ptr<journal> log, std::string label) {
  self->attach_functor([log, label](const caf::error&) { log->exits.push_back(label); });
  self->set_exit_handler([](caf::exit_msg&) {});
  return {
    [](const std::string&) {},
  };
}

struct fixture {
  test_config cfg;
  caf::actor_system sys{cfg};
  caf::scheduler::test_coordinator& sched;
  std::shared_ptr<journal> log = std::make_shared<journal>();

  fixture() : sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {
    // Every test checks that its supervisors terminated; a failing one must not hang the binary.
    sys.await_actors_before_shutdown(false);
    sched.clock().current_time += 1h;
  }

  g6::child_spec child(std::string label, restart_type type = restart_type::permanent) {
    auto j = log;
    return {label, type, [j, label](caf::actor_system& s) { return s.spawn(worker, j, label); }};
  }

  g6::supervisor_options options(restart_strategy strategy = restart_strategy::one_for_one) {
    g6::supervisor_options opts;
    opts.strategy = strategy;
    opts.max_restarts = 3;
    opts.within = 5s;
    opts.backoff_initial = 10ms;
    opts.backoff_max = 1s;
    opts.shutdown_timeout = 4s;
    opts.seed = 7;
    auto j = log;
    opts.on_child_started = [j](const std::string& label, const caf::actor& a) { j->started.emplace_back(label, a); };
    opts.on_child_removed = [j](const std::string& label) { j->removed.push_back(label); };
    opts.on_event = [j](const g6::event_record& e) { j->events.push_back(e); };
    opts.wall_clock = [] { return g6::epoch_ms{1'700'000'000'000}; };
    return opts;
  }

  /// The backoff delays a supervisor with options() draws, in order.
  std::vector<caf::timespan> expected_delays(std::vector<unsigned> attempts) {
    auto opts = options();
    std::mt19937_64 rng{opts.seed};
    std::vector<caf::timespan> result;
    for (auto n : attempts)
      result.push_back(g6::backoff_delay({opts.backoff_initial, opts.backoff_max}, n, rng));
    return result;
  }

  /// Spawns a supervisor and lets it start its children.
  g6::supervisor_actor supervise(g6::supervisor_options opts, std::vector<g6::child_spec> children,
                                 std::string label = "sup") {
    auto sup = g6::spawn_supervisor(sys, std::move(label), std::move(opts), std::move(children));
    sched.run();
    return sup;
  }

  /// The newest handle reported for a child.
  caf::actor current(const std::string& label) const {
    for (auto i = log->started.rbegin(); i != log->started.rend(); ++i)
      if (i->first == label)
        return i->second;
    return {};
  }

  void command(const std::string& label, std::string what) {
    caf::anon_send(current(label), std::move(what));
    sched.run();
  }

  /// Moves the clock and runs what became due.
  void advance(caf::timespan dt) {
    sched.advance_time(dt);
    sched.run();
  }

  caf::settings status(const g6::supervisor_actor& sup, g6::status_verbosity v) {
    caf::scoped_actor self{sys};
    auto answer = self->request(sup, caf::infinite, g6::status_atom_v, v);
    sched.run();
    caf::settings result;
    answer.receive([&](caf::settings& x) { result = std::move(x); }, [&](caf::error& e) { BOOST_FAIL(sys.render(e)); });
    return result;
  }

  /// Asks `sup` (add or delete a child) from a probe actor and runs what is due; the answer is in the
  /// slot once the supervisor gave it (a removal answers only when the child is down). The request's
  /// arguments are the probe's spawn arguments: CAF 0.17 binds a null reference (UBSan) when a function
  /// actor is spawned with none.
  template <class... Ts>
  std::shared_ptr<std::optional<caf::expected<bool>>> ask(const g6::supervisor_actor& sup, Ts... xs) {
    auto answer = std::make_shared<std::optional<caf::expected<bool>>>();
    sys.spawn(
      [answer, sup](caf::event_based_actor* self, Ts... args) {
        self->request(sup, caf::infinite, std::move(args)...)
          .then([=](bool x) { *answer = caf::expected<bool>{x}; },
                [=](caf::error& e) { *answer = caf::expected<bool>{std::move(e)}; });
      },
      std::move(xs)...);
    sched.run();
    return answer;
  }

  std::shared_ptr<std::optional<caf::expected<bool>>> add(const g6::supervisor_actor& sup, g6::child_spec spec) {
    return ask(sup, caf::add_atom_v, std::move(spec));
  }

  std::shared_ptr<std::optional<caf::expected<bool>>> remove(const g6::supervisor_actor& sup, std::string label) {
    return ask(sup, caf::delete_atom_v, std::move(label));
  }

  void shutdown(const g6::supervisor_actor& sup) {
    caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
    sched.run();
  }
};

/// Records the exit reason of an actor.
template <class Handle>
std::shared_ptr<std::optional<caf::error>> watch(const Handle& h) {
  auto reason = std::make_shared<std::optional<caf::error>>();
  h->attach_functor([reason](const caf::error& e) { *reason = e; });
  return reason;
}

using labels = std::vector<std::string>;

} // namespace

BOOST_FIXTURE_TEST_SUITE(supervisor, fixture)

BOOST_AUTO_TEST_CASE(starts_children_in_order_and_reports_status) {
  auto sup = supervise(options(), {child("a"), child("b"), child("c")});
  BOOST_TEST(log->started_labels() == (labels{"a", "b", "c"}), boost::test_tools::per_element());
  for (auto& [label, handle] : log->started)
    BOOST_TEST(static_cast<bool>(handle));
  auto s = status(sup, g6::status_verbosity::terse);
  BOOST_TEST(caf::get<std::string>(s, "label") == "sup");
  BOOST_TEST(caf::get<std::string>(s, "strategy") == "one_for_one");
  BOOST_TEST(caf::get<bool>(s, "children.b.running"));
  BOOST_TEST(caf::get<int64_t>(s, "children.b.restarts") == 0);
  BOOST_TEST(!caf::get_if<std::string>(&s, "children.b.phase"));
  auto d = status(sup, g6::status_verbosity::detailed);
  BOOST_TEST(caf::get<std::string>(d, "children.b.restart") == "permanent");
  BOOST_TEST(caf::get<std::string>(d, "children.b.phase") == "running");
  BOOST_TEST(caf::get<int64_t>(d, "restarts_in_window") == 0);
  auto reason = watch(sup);
  shutdown(sup);
  BOOST_TEST(reason->has_value());
}

BOOST_AUTO_TEST_CASE(one_for_one_restarts_only_the_failed_child_after_its_backoff) {
  auto sup = supervise(options(), {child("a"), child("b"), child("c")});
  auto a = current("a");
  auto b = current("b");
  auto c = current("c");
  command("b", "crash");
  BOOST_TEST(log->exits == (labels{"b"}), boost::test_tools::per_element());
  auto delay = expected_delays({0})[0];
  advance(delay - 1ns);
  BOOST_TEST(log->started.size() == 3u);
  advance(1ns);
  BOOST_TEST(log->started_labels(3) == (labels{"b"}), boost::test_tools::per_element());
  BOOST_TEST((current("b") != b));
  BOOST_TEST((current("a") == a));
  BOOST_TEST((current("c") == c));
  BOOST_TEST(log->exits == (labels{"b"}), boost::test_tools::per_element());
  auto s = status(sup, g6::status_verbosity::terse);
  BOOST_TEST(caf::get<int64_t>(s, "children.b.restarts") == 1);
  BOOST_TEST(caf::get<int64_t>(s, "children.a.restarts") == 0);
  auto d = status(sup, g6::status_verbosity::detailed);
  BOOST_TEST(caf::get<int64_t>(d, "restarts_in_window") == 1);
  advance(5s);
  d = status(sup, g6::status_verbosity::detailed);
  BOOST_TEST(caf::get<int64_t>(d, "restarts_in_window") == 0);
  BOOST_TEST(log->event_kinds() == (labels{"restart"}), boost::test_tools::per_element());
  BOOST_TEST(log->events[0].component == "sup");
  BOOST_TEST(log->events[0].ts == 1'700'000'000'000);
  BOOST_TEST(log->events[0].detail.starts_with("b exited ("));
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(one_for_all_stops_the_others_in_reverse_and_restarts_all_in_order) {
  auto sup = supervise(options(restart_strategy::one_for_all), {child("a"), child("b"), child("c")});
  auto old = log->started;
  command("b", "crash");
  BOOST_TEST(log->exits == (labels{"b", "c", "a"}), boost::test_tools::per_element());
  BOOST_TEST(log->started.size() == 3u);
  advance(expected_delays({0})[0]);
  BOOST_TEST(log->started_labels(3) == (labels{"a", "b", "c"}), boost::test_tools::per_element());
  for (auto& [label, handle] : old)
    BOOST_TEST((current(label) != handle));
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(rest_for_one_restarts_the_failed_child_and_later_ones) {
  auto sup = supervise(options(restart_strategy::rest_for_one), {child("a"), child("b"), child("c"), child("d")});
  auto a = current("a");
  command("b", "crash");
  BOOST_TEST(log->exits == (labels{"b", "d", "c"}), boost::test_tools::per_element());
  advance(expected_delays({0})[0]);
  BOOST_TEST(log->started_labels(4) == (labels{"b", "c", "d"}), boost::test_tools::per_element());
  BOOST_TEST((current("a") == a));
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(group_restart_leaves_temporary_siblings_stopped) {
  auto sup =
    supervise(options(restart_strategy::one_for_all), {child("a"), child("tmp", restart_type::temporary), child("c")});
  command("a", "crash");
  BOOST_TEST(log->exits == (labels{"a", "c", "tmp"}), boost::test_tools::per_element());
  advance(1s);
  BOOST_TEST(log->started_labels(3) == (labels{"a", "c"}), boost::test_tools::per_element());
  auto s = status(sup, g6::status_verbosity::terse);
  BOOST_TEST(!caf::get<bool>(s, "children.tmp.running"));
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(normal_exits_restart_only_permanent_children) {
  auto sup =
    supervise(options(), {child("perm", restart_type::permanent), child("trans", restart_type::transient),
                          child("temp", restart_type::temporary), child("trans_shutdown", restart_type::transient)});
  command("perm", "finish");
  command("trans", "finish");
  command("temp", "finish");
  // An exit for user_shutdown is normal too.
  caf::anon_send_exit(current("trans_shutdown"), caf::exit_reason::user_shutdown);
  sched.run();
  advance(1s);
  BOOST_TEST(log->started_labels(4) == (labels{"perm"}), boost::test_tools::per_element());
  BOOST_TEST(log->event_kinds() == (labels{"restart", "child_exit", "child_exit", "child_exit"}),
             boost::test_tools::per_element());
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(abnormal_exits_restart_permanent_and_transient_children) {
  auto sup =
    supervise(options(), {child("perm", restart_type::permanent), child("trans", restart_type::transient),
                          child("temp", restart_type::temporary), child("trans_killed", restart_type::transient)});
  // "crash" throws: CAF ends the actor with sec::runtime_error, an abnormal exit.
  command("perm", "crash");
  command("trans", "crash");
  command("temp", "crash");
  caf::anon_send_exit(current("trans_killed"), caf::exit_reason::kill);
  sched.run();
  advance(1s);
  // Each restart waits its own jittered delay, so they may come back in any order.
  auto restarted = log->started_labels(4);
  std::sort(restarted.begin(), restarted.end());
  BOOST_TEST(restarted == (labels{"perm", "trans", "trans_killed"}), boost::test_tools::per_element());
  auto s = status(sup, g6::status_verbosity::terse);
  BOOST_TEST(!caf::get<bool>(s, "children.temp.running"));
  BOOST_TEST(caf::get<bool>(s, "children.trans.running"));
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(backoff_grows_with_consecutive_restarts_and_is_never_early) {
  auto opts = options();
  opts.max_restarts = 10;
  auto sup = supervise(opts, {child("a")});
  auto delays = expected_delays({0, 1, 2, 3});
  for (size_t n = 0; n < delays.size(); ++n) {
    BOOST_TEST_CONTEXT("restart " << n) {
      // Equal jitter: each delay is at least half its ceiling, which is the previous ceiling.
      if (n > 0)
        BOOST_TEST(delays[n].count() >= delays[n - 1].count());
      command("a", "crash");
      advance(delays[n] - 1ns);
      BOOST_TEST(log->started.size() == n + 1);
      advance(1ns);
      BOOST_TEST(log->started.size() == n + 2);
    }
  }
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(backoff_attempts_reset_once_restarts_leave_the_window) {
  auto sup = supervise(options(), {child("a")});
  auto delays = expected_delays({0, 0});
  command("a", "crash");
  advance(delays[0]);
  BOOST_TEST(log->started.size() == 2u);
  advance(5s);
  command("a", "crash");
  // The first restart is out of the window: this is attempt 0 again.
  advance(delays[1] - 1ns);
  BOOST_TEST(log->started.size() == 2u);
  advance(1ns);
  BOOST_TEST(log->started.size() == 3u);
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(too_many_restarts_stop_all_children_and_escalate) {
  auto opts = options();
  opts.max_restarts = 2;
  auto sup = supervise(opts, {child("a"), child("b"), child("c")});
  auto reason = watch(sup);
  command("b", "crash");
  advance(1s);
  command("b", "crash");
  advance(1s);
  BOOST_TEST(log->started.size() == 5u);
  BOOST_TEST(!reason->has_value());
  command("b", "crash");
  // The third restart within 5 s is one too many: the others stop in reverse order.
  BOOST_TEST(log->exits == (labels{"b", "b", "b", "c", "a"}), boost::test_tools::per_element());
  BOOST_REQUIRE(reason->has_value());
  BOOST_CHECK_MESSAGE(**reason == g6::supervision_errc::restart_intensity_exceeded, sys.render(**reason));
  BOOST_TEST(log->event_kinds().back() == "give_up");
  BOOST_TEST(log->started.size() == 5u);
}

BOOST_AUTO_TEST_CASE(restarts_spread_beyond_the_window_never_give_up) {
  auto opts = options();
  opts.max_restarts = 1;
  auto sup = supervise(opts, {child("a")});
  auto reason = watch(sup);
  for (int i = 0; i < 4; ++i) {
    command("a", "crash");
    advance(6s);
  }
  BOOST_TEST(!reason->has_value());
  BOOST_TEST(log->started.size() == 5u);
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(a_parent_restarts_a_child_supervisor_that_gave_up) {
  auto inner_opts = options();
  inner_opts.max_restarts = 1;
  g6::child_spec inner{"inner", restart_type::permanent, [inner_opts, x = child("x")](caf::actor_system& s) {
                         return caf::actor_cast<caf::actor>(g6::spawn_supervisor(s, "inner", inner_opts, {x}));
                       }};
  auto parent = supervise(options(), {inner, child("y")}, "parent");
  // The parent reports its children as it spawns them; x starts when the inner supervisor first runs.
  BOOST_TEST(log->started_labels() == (labels{"inner", "y", "x"}), boost::test_tools::per_element());
  auto first_inner = current("inner");
  auto y = current("y");
  command("x", "crash");
  advance(1s);
  command("x", "crash");
  // The inner supervisor gave up; the parent saw an abnormal exit and restarts it after its backoff,
  // which starts x once more.
  BOOST_TEST(log->event_kinds() == (labels{"restart", "give_up", "restart"}), boost::test_tools::per_element());
  BOOST_TEST(log->events[2].component == "parent");
  advance(1s);
  BOOST_TEST(log->started_labels(3) == (labels{"x", "inner", "x"}), boost::test_tools::per_element());
  BOOST_TEST((current("inner") != first_inner));
  BOOST_TEST((current("y") == y));
  auto reason = watch(parent);
  shutdown(parent);
  BOOST_TEST(log->exits.back() == "x");
  BOOST_TEST(reason->has_value());
}

BOOST_AUTO_TEST_CASE(shutdown_stops_children_in_reverse_start_order_depth_first) {
  auto j = log;
  auto inner_opts = options();
  g6::child_spec inner{"inner", restart_type::permanent,
                       [j, inner_opts, x = child("x"), y = child("y")](caf::actor_system& s) {
                         auto h = g6::spawn_supervisor(s, "inner", inner_opts, {x, y});
                         h->attach_functor([j](const caf::error&) { j->exits.push_back("inner"); });
                         return caf::actor_cast<caf::actor>(h);
                       }};
  auto sup = supervise(options(), {child("a"), inner, child("b")});
  BOOST_TEST(log->started_labels() == (labels{"a", "inner", "b", "x", "y"}), boost::test_tools::per_element());
  auto reason = watch(sup);
  shutdown(sup);
  BOOST_TEST(log->exits == (labels{"b", "y", "x", "inner", "a"}), boost::test_tools::per_element());
  BOOST_REQUIRE(reason->has_value());
  BOOST_CHECK_MESSAGE(**reason == caf::exit_reason::user_shutdown, sys.render(**reason));
  // Nothing restarted on the way down.
  BOOST_TEST(log->started.size() == 5u);
}

BOOST_AUTO_TEST_CASE(a_child_that_ignores_shutdown_is_killed_after_the_timeout) {
  auto j = log;
  g6::child_spec stubborn{"stubborn", restart_type::permanent,
                          [j](caf::actor_system& s) { return s.spawn(stubborn_worker, j, "stubborn"); }};
  auto sup = supervise(options(), {child("a"), stubborn});
  auto reason = watch(sup);
  shutdown(sup);
  BOOST_TEST(log->exits.empty());
  advance(4s - 1ns);
  BOOST_TEST(log->exits.empty());
  BOOST_TEST(!reason->has_value());
  advance(1ns);
  BOOST_TEST(log->exits == (labels{"stubborn", "a"}), boost::test_tools::per_element());
  BOOST_TEST(reason->has_value());
  BOOST_TEST(log->event_kinds() == (labels{"child_killed"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_child_supervisor_gets_all_the_time_its_own_children_need_to_stop) {
  // The inner supervisor needs two of its timeouts (4 s each) to stop its two stubborn children: longer
  // than the parent's timeout, which must not cut it short and leave the first stopped one's sibling running.
  auto j = log;
  auto stubborn = [j](std::string label) {
    return g6::child_spec{label, restart_type::permanent,
                          [j, label](caf::actor_system& s) { return s.spawn(stubborn_worker, j, label); }};
  };
  g6::child_spec inner{"inner", restart_type::permanent,
                       [j, inner_opts = options(), x = stubborn("x"), y = stubborn("y")](caf::actor_system& s) {
                         auto h = g6::spawn_supervisor(s, "inner", inner_opts, {x, y});
                         h->attach_functor([j](const caf::error&) { j->exits.push_back("inner"); });
                         return caf::actor_cast<caf::actor>(h);
                       },
                       g6::child_kind::supervisor};
  auto sup = supervise(options(), {child("a"), inner});
  auto reason = watch(sup);
  shutdown(sup);
  advance(4s);
  BOOST_TEST(log->exits == (labels{"y"}), boost::test_tools::per_element());
  advance(4s);
  BOOST_TEST(log->exits == (labels{"y", "x", "inner", "a"}), boost::test_tools::per_element());
  BOOST_REQUIRE(reason->has_value());
  BOOST_CHECK_MESSAGE(**reason == caf::exit_reason::user_shutdown, sys.render(**reason));
  // Killed by the inner supervisor, each after its timeout; the parent killed nothing.
  BOOST_TEST(log->event_kinds() == (labels{"child_killed", "child_killed"}), boost::test_tools::per_element());
  for (auto& e : log->events)
    BOOST_TEST(e.component == "inner");
}

BOOST_AUTO_TEST_CASE(a_killed_supervisor_takes_its_running_children_with_it) {
  auto sup = supervise(options(), {child("a"), child("b")});
  auto a = watch(current("a"));
  auto b = watch(current("b"));
  caf::anon_send_exit(sup, caf::exit_reason::kill);
  sched.run();
  BOOST_REQUIRE(a->has_value());
  BOOST_REQUIRE(b->has_value());
  BOOST_CHECK_MESSAGE(**a == caf::exit_reason::kill, sys.render(**a));
  BOOST_TEST(log->exits.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_factory_that_throws_is_a_failed_start_and_retried) {
  auto calls = std::make_shared<int>(0);
  auto j = log;
  g6::child_spec flaky{"flaky", restart_type::permanent, [j, calls](caf::actor_system& s) {
                         if (++*calls == 1)
                           throw std::runtime_error("port busy");
                         return s.spawn(worker, j, "flaky");
                       }};
  auto sup = supervise(options(), {flaky, child("b")});
  BOOST_TEST(log->started_labels() == (labels{"b"}), boost::test_tools::per_element());
  BOOST_TEST(log->event_kinds() == (labels{"start_failed", "restart"}), boost::test_tools::per_element());
  BOOST_TEST(log->events[0].detail == "flaky: the factory threw: port busy");
  advance(expected_delays({0})[0]);
  BOOST_TEST(log->started_labels() == (labels{"b", "flaky"}), boost::test_tools::per_element());
  auto s = status(sup, g6::status_verbosity::terse);
  BOOST_TEST(caf::get<int64_t>(s, "children.flaky.restarts") == 1);
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(a_factory_that_always_fails_exhausts_the_intensity) {
  auto opts = options();
  opts.max_restarts = 2;
  g6::child_spec broken{"broken", restart_type::permanent, [](caf::actor_system&) -> caf::actor { return {}; }};
  auto sup = supervise(opts, {child("a"), broken});
  auto reason = watch(sup);
  advance(1s);
  advance(1s);
  BOOST_REQUIRE(reason->has_value());
  BOOST_CHECK_MESSAGE(**reason == g6::supervision_errc::restart_intensity_exceeded, sys.render(**reason));
  BOOST_TEST(log->exits == (labels{"a"}), boost::test_tools::per_element());
  BOOST_TEST(log->events[0].detail == "broken: the factory returned no actor");
}

BOOST_AUTO_TEST_CASE(restart_on_request_is_immediate_and_supersedes_a_pending_backoff) {
  auto sup = supervise(options(), {child("a"), child("b")});
  auto b = current("b");
  caf::anon_send(sup, g6::restart_atom_v, std::string{"b"});
  sched.run();
  BOOST_TEST(log->exits == (labels{"b"}), boost::test_tools::per_element());
  BOOST_TEST(log->started_labels(2) == (labels{"b"}), boost::test_tools::per_element());
  BOOST_TEST((current("b") != b));
  auto delays = expected_delays({0, 1});
  command("a", "crash");
  caf::anon_send(sup, g6::restart_atom_v, std::string{"a"});
  sched.run();
  BOOST_TEST(log->started_labels(2) == (labels{"b", "a"}), boost::test_tools::per_element());
  command("a", "crash");
  // The first crash's timer fires while a awaits its second restart, but with a stale generation.
  advance(delays[0]);
  BOOST_TEST(log->started.size() == 4u);
  advance(delays[1] - delays[0]);
  BOOST_TEST(log->started_labels(2) == (labels{"b", "a", "a"}), boost::test_tools::per_element());
  caf::anon_send(sup, g6::restart_atom_v, std::string{"nobody"});
  sched.run();
  BOOST_TEST(log->event_kinds().back() == "restart_rejected");
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(duplicate_labels_are_refused) {
  auto sup = g6::spawn_supervisor(sys, "sup", options(), {child("a"), child("a")});
  auto reason = watch(sup);
  sched.run();
  BOOST_TEST(log->started.empty());
  BOOST_REQUIRE(reason->has_value());
  BOOST_CHECK_MESSAGE(**reason == g6::supervision_errc::duplicate_child_label, sys.render(**reason));
  BOOST_TEST(log->events.at(0).detail == "two children labelled a");
}

/// The answer `slot` holds: true or false, or the error rendered.
std::string answered(const std::shared_ptr<std::optional<caf::expected<bool>>>& slot, caf::actor_system& sys) {
  if (!slot->has_value())
    return "no answer";
  auto& x = **slot;
  return x ? (*x ? "true" : "false") : sys.render(x.error());
}

BOOST_AUTO_TEST_CASE(an_added_child_starts_last_and_is_restarted_like_the_others) {
  auto sup = supervise(options(), {child("a")});
  BOOST_TEST(answered(add(sup, child("b")), sys) == "true");
  BOOST_TEST(log->started_labels() == (labels{"a", "b"}), boost::test_tools::per_element());
  auto s = status(sup, g6::status_verbosity::terse);
  BOOST_TEST(caf::get<bool>(s, "children.b.running"));
  auto b = current("b");
  command("b", "crash");
  advance(expected_delays({0})[0]);
  BOOST_TEST(log->started_labels(2) == (labels{"b"}), boost::test_tools::per_element());
  BOOST_TEST((current("b") != b));
  BOOST_TEST(log->event_kinds() == (labels{"child_added", "restart"}), boost::test_tools::per_element());
  shutdown(sup);
  BOOST_TEST(log->exits == (labels{"b", "b", "a"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(adding_a_label_that_is_taken_is_refused) {
  auto sup = supervise(options(), {child("a")});
  auto answer = add(sup, child("a"));
  BOOST_REQUIRE(answer->has_value());
  BOOST_REQUIRE(!**answer);
  BOOST_CHECK_MESSAGE((**answer).error() == g6::supervision_errc::duplicate_child_label, answered(answer, sys));
  BOOST_TEST(log->started_labels() == (labels{"a"}), boost::test_tools::per_element());
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(a_removed_child_stops_is_forgotten_and_never_restarted) {
  auto sup = supervise(options(), {child("a"), child("b"), child("c")});
  BOOST_TEST(answered(remove(sup, "b"), sys) == "true");
  BOOST_TEST(log->exits == (labels{"b"}), boost::test_tools::per_element());
  BOOST_TEST(log->removed == (labels{"b"}), boost::test_tools::per_element());
  advance(10s);
  BOOST_TEST(log->started.size() == 3u);
  auto s = status(sup, g6::status_verbosity::terse);
  BOOST_TEST(!caf::get_if<caf::settings>(&s, "children.b"));
  BOOST_TEST(caf::get<bool>(s, "children.c.running"));
  BOOST_TEST(log->event_kinds() == (labels{"child_removed"}), boost::test_tools::per_element());
  // Its label is free again; one that was never there is refused.
  auto unknown = remove(sup, "b");
  BOOST_REQUIRE(unknown->has_value());
  BOOST_REQUIRE(!**unknown);
  BOOST_CHECK_MESSAGE((**unknown).error() == g6::supervision_errc::no_such_child, answered(unknown, sys));
  shutdown(sup);
  BOOST_TEST(log->exits == (labels{"b", "c", "a"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(removing_answers_once_the_child_is_down_killing_a_stubborn_one_after_the_timeout) {
  auto j = log;
  g6::child_spec stubborn{"stubborn", restart_type::permanent,
                          [j](caf::actor_system& s) { return s.spawn(stubborn_worker, j, "stubborn"); }};
  auto sup = supervise(options(), {child("a"), stubborn});
  auto answer = remove(sup, "stubborn");
  BOOST_TEST(answered(answer, sys) == "no answer");
  advance(4s - 1ns);
  BOOST_TEST(answered(answer, sys) == "no answer");
  advance(1ns);
  BOOST_TEST(answered(answer, sys) == "true");
  BOOST_TEST(log->exits == (labels{"stubborn"}), boost::test_tools::per_element());
  BOOST_TEST(log->event_kinds() == (labels{"child_killed", "child_removed"}), boost::test_tools::per_element());
  advance(10s);
  BOOST_TEST(log->started.size() == 2u);
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(a_removed_then_added_label_runs_and_restarts_again) {
  auto sup = supervise(options(), {child("a"), child("b")});
  command("b", "crash"); // a restart pending for the old b: its timer must not touch the new one
  BOOST_TEST(answered(remove(sup, "b"), sys) == "true");
  BOOST_TEST(answered(add(sup, child("b")), sys) == "true");
  BOOST_TEST(log->started_labels(2) == (labels{"b"}), boost::test_tools::per_element());
  auto b = current("b");
  advance(1s);
  BOOST_TEST((current("b") == b));
  BOOST_TEST(log->started.size() == 3u);
  command("b", "crash");
  advance(expected_delays({0, 0})[1]);
  BOOST_TEST(log->started_labels(3) == (labels{"b"}), boost::test_tools::per_element());
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(one_for_all_takes_added_children_into_the_group_and_leaves_removed_ones_out) {
  auto sup = supervise(options(restart_strategy::one_for_all), {child("a"), child("b")});
  BOOST_TEST(answered(add(sup, child("c")), sys) == "true");
  command("a", "crash");
  BOOST_TEST(log->exits == (labels{"a", "c", "b"}), boost::test_tools::per_element());
  advance(expected_delays({0})[0]);
  BOOST_TEST(log->started_labels(3) == (labels{"a", "b", "c"}), boost::test_tools::per_element());
  BOOST_TEST(answered(remove(sup, "b"), sys) == "true");
  log->exits.clear();
  command("c", "crash");
  BOOST_TEST(log->exits == (labels{"c", "a"}), boost::test_tools::per_element());
  advance(1s);
  BOOST_TEST(log->started_labels(6) == (labels{"a", "c"}), boost::test_tools::per_element());
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(rest_for_one_restarts_added_children_after_the_failed_one) {
  auto sup = supervise(options(restart_strategy::rest_for_one), {child("a"), child("b"), child("c")});
  BOOST_TEST(answered(add(sup, child("d")), sys) == "true");
  BOOST_TEST(answered(remove(sup, "c"), sys) == "true");
  log->exits.clear();
  command("b", "crash");
  BOOST_TEST(log->exits == (labels{"b", "d"}), boost::test_tools::per_element());
  advance(expected_delays({0})[0]);
  BOOST_TEST(log->started_labels(4) == (labels{"b", "d"}), boost::test_tools::per_element());
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(a_child_removed_while_its_group_restarts_stays_down) {
  auto sup = supervise(options(restart_strategy::one_for_all), {child("a"), child("b")});
  command("a", "crash"); // b is stopped, both wait for the backoff
  BOOST_TEST(answered(remove(sup, "b"), sys) == "true");
  advance(1s);
  BOOST_TEST(log->started_labels(2) == (labels{"a"}), boost::test_tools::per_element());
  shutdown(sup);
}

BOOST_AUTO_TEST_CASE(nothing_is_added_while_shutting_down) {
  auto j = log;
  g6::child_spec stubborn{"stubborn", restart_type::permanent,
                          [j](caf::actor_system& s) { return s.spawn(stubborn_worker, j, "stubborn"); }};
  auto sup = supervise(options(), {stubborn});
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
  sched.run();
  auto answer = add(sup, child("late"));
  BOOST_REQUIRE(answer->has_value());
  BOOST_REQUIRE(!**answer);
  BOOST_CHECK_MESSAGE((**answer).error() == g6::supervision_errc::shutting_down, answered(answer, sys));
  advance(4s);
}

BOOST_AUTO_TEST_CASE(options_from_settings_and_error_rendering) {
  g6::supervision_settings x;
  x.max_restarts = 5;
  x.within_seconds = 2.5;
  x.backoff_initial_ms = 20;
  x.backoff_max_ms = 800;
  x.shutdown_timeout_seconds = 1.5;
  auto opts = g6::to_supervisor_options(x, restart_strategy::rest_for_one);
  BOOST_TEST(g6::to_string(opts.strategy) == "rest_for_one");
  BOOST_TEST(opts.max_restarts == 5);
  BOOST_TEST(opts.within.count() == caf::timespan{2500ms}.count());
  BOOST_TEST(opts.backoff_initial.count() == caf::timespan{20ms}.count());
  BOOST_TEST(opts.backoff_max.count() == caf::timespan{800ms}.count());
  BOOST_TEST(opts.shutdown_timeout.count() == caf::timespan{1500ms}.count());
  BOOST_TEST(sys.render(g6::make_error(g6::supervision_errc::restart_intensity_exceeded))
             == "supervisor: restart intensity exceeded");
}

BOOST_AUTO_TEST_SUITE_END()
