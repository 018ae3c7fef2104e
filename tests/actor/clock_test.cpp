// The clock actor under a reload: hold waits for the cycle in flight (the cycle boundary) and starts no
// cycle while held; resume ticks the new index list from the next cycle on, waiting for newly listed
// collectors to register rather than failing them. On CAF's deterministic scheduler with a market clock the
// test moves: nothing runs and no time passes unless the test says so, so "no cycle starts while held" is a
// statement about every timer that could fire, not about a sleep that happened to be long enough.
#define BOOST_TEST_MODULE clock_actor
#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include <algorithm>
#include <memory>
#include <optional>

#include "actors/clock/clock_actor.hpp"
#include "actors/node/node.hpp"

using namespace g6;
using namespace std::chrono_literals;

namespace {

/// What the fake components saw.
struct observed {
  std::vector<std::pair<std::string, uint64_t>> ticks;       // (index, cycle)
  std::vector<std::pair<std::string, uint64_t>> completions; // answered ticks
  std::vector<cycle_record> records;                         // stored by the clock

  std::vector<uint64_t> cycles_of(const std::string& index) const {
    std::vector<uint64_t> result;
    for (auto& [i, cycle] : ticks)
      if (i == index)
        result.push_back(cycle);
    return result;
  }
};

/// Market time that moves only when the test moves it, 600 times as fast as the scheduler's time (one
/// 60-second cycle every 100 ms), like the simulated clock it stands in for.
class manual_market_clock final : public market_clock {
public:
  static constexpr int speed = 600;

  explicit manual_market_clock(epoch_ms start) : now_(start) {}
  epoch_ms now() const override { return now_; }
  std::chrono::nanoseconds to_real(std::chrono::milliseconds simulated) const override { return simulated / speed; }
  bool jump_to(epoch_ms) override { return false; }
  bool is_simulated() const override { return true; }
  std::string describe() const override { return "manual"; }
  void advance(std::chrono::milliseconds real) { now_ += real.count() * speed; }

private:
  epoch_ms now_;
};

struct collector_state {
  std::map<uint64_t, caf::typed_response_promise<index_cycle_result>> pending;
  static inline const char* name = "fake_collector";
};

/// A collector that answers each tick `delay` after it came.
collector_actor::behavior_type fake_collector(collector_actor::stateful_pointer<collector_state> self,
                                              std::shared_ptr<observed> seen, std::string index, caf::timespan delay) {
  return {
    [=](tick_atom, uint64_t cycle, epoch_ms) -> caf::result<index_cycle_result> {
      seen->ticks.emplace_back(index, cycle);
      auto rp = self->make_response_promise<index_cycle_result>();
      self->state.pending[cycle] = rp;
      self->delayed_send(self, delay, store_atom_v, cycle);
      return rp;
    },
    [=](store_atom, uint64_t cycle) {
      seen->completions.emplace_back(index, cycle);
      index_cycle_result r;
      r.index = index;
      r.status = cycle_status::ok;
      self->state.pending[cycle].deliver(r);
      self->state.pending.erase(cycle);
    },
    [=](status_atom, status_verbosity) { return caf::settings{}; },
  };
}

storage_actor::behavior_type fake_storage(std::shared_ptr<observed> seen) {
  return {
    [](store_atom, const cycle_batch&) { return uint64_t{1}; },
    [=](store_atom, const cycle_record& rec) {
      seen->records.push_back(rec);
      return uint64_t{1};
    },
    [](store_atom, const event_record&) { return uint64_t{1}; },
    [](status_atom, status_verbosity) { return caf::settings{}; },
  };
}

/// A component the clock only needs registered. It takes its role as an argument: CAF 0.17 binds a null
/// reference (UBSan) when a function actor is spawned without any.
caf::behavior placeholder(std::string role) {
  return {[role](status_atom, status_verbosity) {
    caf::settings s;
    caf::put(s, "role", role);
    return s;
  }};
}

/// A system on CAF's deterministic scheduler.
struct test_config : caf::actor_system_config {
  test_config() {
    add_message_types<caf::id_block::g6>();
    set("scheduler.policy", caf::atom("testing"));
  }
};

struct fixture {
  test_config cfg;
  caf::actor_system sys{cfg};
  caf::scheduler::test_coordinator& sched;
  std::shared_ptr<manual_market_clock> market = std::make_shared<manual_market_clock>(1'795'000'000'000);
  std::shared_ptr<observed> seen = std::make_shared<observed>();
  node_actor node;
  std::vector<caf::actor> spawned;
  clock_actor clock;

  fixture() : sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {
    // A failing test must not hang the binary waiting for actors it left running.
    sys.await_actors_before_shutdown(false);
    node = spawn_node(sys, "test");
    put("storage", caf::actor_cast<caf::actor>(sys.spawn(fake_storage, seen)));
    put("analytics", sys.spawn(placeholder, "analytics"));
    put("provider", sys.spawn(placeholder, "provider"));
  }

  ~fixture() {
    if (clock)
      caf::anon_send_exit(clock, caf::exit_reason::user_shutdown);
    for (auto& a : spawned)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(node, caf::exit_reason::user_shutdown);
    sched.run();
  }

  void put(const std::string& label, caf::actor a) {
    spawned.push_back(a);
    caf::anon_send(node, caf::put_atom_v, label, a);
    sched.run();
  }

  void add_collector(const std::string& index, caf::timespan delay) {
    put("collector." + index, caf::actor_cast<caf::actor>(sys.spawn(fake_collector, seen, index, delay)));
  }

  /// A clock on a market forced open, one cycle every 100 ms of the scheduler's time.
  void start_clock(std::vector<std::string> indices) {
    clock_options opts;
    opts.clock = market;
    opts.indices = std::move(indices);
    opts.interval_seconds = 60;
    opts.cycle_timeout_seconds = 5;
    opts.force_open = true;
    opts.node = node;
    clock = spawn_clock(sys, opts);
    sched.run();
  }

  /// Lets `span` of time pass in 10 ms steps: the market moves with it, every timer that falls due fires and
  /// every message it causes is handled.
  void pass(caf::timespan span) {
    for (caf::timespan gone{0}; gone < span; gone += 10ms) {
      market->advance(10ms);
      sched.advance_time(10ms);
      sched.run();
    }
  }

  /// Lets time pass until `done` holds, for at most 10 s of it.
  template <class F>
  bool eventually(F done) {
    for (int step = 0; step < 1000 && !done(); ++step)
      pass(10ms);
    return done();
  }

  /// Asks the clock to hold and lets time pass until it answers: the cycles completed by then.
  std::optional<uint64_t> hold() {
    auto completed = std::make_shared<std::optional<uint64_t>>();
    // The clock is the probe's spawn argument: CAF 0.17 binds a null reference (UBSan) when a function actor
    // is spawned with none.
    sys.spawn(
      [completed](caf::event_based_actor* self, clock_actor target) {
        self->request(target, 10s, hold_atom_v).then([=](uint64_t n) { *completed = n; });
      },
      clock);
    sched.run();
    eventually([&] { return completed->has_value(); });
    return *completed;
  }
};

} // namespace

BOOST_FIXTURE_TEST_CASE(hold_answers_at_the_cycle_boundary_and_resume_ticks_the_new_list, fixture) {
  add_collector("A", 200ms);
  add_collector("B", 0ms);
  start_clock({"A"});
  BOOST_TEST_REQUIRE(eventually([&] { return !seen->cycles_of("A").empty(); }));
  // A's first cycle is in flight for 200 ms: the hold answers only once it completed.
  auto completed = hold();
  BOOST_TEST_REQUIRE(completed.has_value());
  auto ticked = seen->cycles_of("A");
  auto answered = seen->completions.size();
  BOOST_TEST(answered == ticked.size());
  BOOST_TEST(*completed == ticked.size());
  // Held: no cycle starts, however long it takes (fifty intervals here).
  pass(5s);
  BOOST_TEST(seen->cycles_of("A").size() == ticked.size());
  BOOST_TEST(seen->cycles_of("B").empty());
  caf::anon_send(clock, resume_atom_v, std::vector<std::string>{"A", "B"});
  BOOST_TEST_REQUIRE(eventually([&] { return seen->cycles_of("B").size() >= 2; }));
  // B joins with the next cycle, which A is in too.
  auto b_first = seen->cycles_of("B").front();
  BOOST_TEST(b_first == ticked.back() + 1);
  auto a_cycles = seen->cycles_of("A");
  BOOST_TEST((std::find(a_cycles.begin(), a_cycles.end(), b_first) != a_cycles.end()));

  // Dropping A: once resumed, A is never ticked again; B goes on.
  BOOST_TEST_REQUIRE(hold().has_value());
  auto a_last = seen->cycles_of("A").size();
  caf::anon_send(clock, resume_atom_v, std::vector<std::string>{"B"});
  auto b_seen = seen->cycles_of("B").size();
  BOOST_TEST_REQUIRE(eventually([&] { return seen->cycles_of("B").size() >= b_seen + 3; }));
  BOOST_TEST(seen->cycles_of("A").size() == a_last);
  // No cycle failed an index, and no cycle was skipped: the records are consecutive.
  for (size_t i = 0; i < seen->records.size(); ++i) {
    BOOST_TEST(seen->records[i].cycle_id == i + 1);
    BOOST_TEST(to_string(seen->records[i].status) == "ok");
  }
}

BOOST_FIXTURE_TEST_CASE(a_newly_listed_collector_is_awaited_not_failed, fixture) {
  add_collector("A", 0ms);
  start_clock({"A"});
  BOOST_TEST_REQUIRE(eventually([&] { return seen->cycles_of("A").size() >= 2; }));
  BOOST_TEST_REQUIRE(hold().has_value());
  auto a_before = seen->cycles_of("A").size();
  caf::anon_send(clock, resume_atom_v, std::vector<std::string>{"A", "C"});
  // C is not registered yet: no cycle starts without it, and none fails for want of it (thirty intervals).
  pass(3s);
  BOOST_TEST(seen->cycles_of("A").size() == a_before);
  add_collector("C", 0ms);
  BOOST_TEST_REQUIRE(eventually([&] { return seen->cycles_of("C").size() >= 2; }));
  BOOST_TEST(!seen->records.empty());
  for (auto& rec : seen->records)
    BOOST_TEST(to_string(rec.status) == "ok", "cycle " << rec.cycle_id);
}
