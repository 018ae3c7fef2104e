// The clock actor under a reload: hold waits for the cycle in flight (the cycle boundary) and starts no
// cycle while held; resume ticks the new index list from the next cycle on, waiting for newly listed
// collectors to register rather than failing them. Real time on a fast simulated market clock.
#define BOOST_TEST_MODULE clock_actor
#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>

#include <mutex>
#include <thread>

#include "actors/clock/clock_actor.hpp"
#include "actors/node/node.hpp"
#include "tests/support/actor_test_system.hpp"

using namespace g6;
using namespace std::chrono_literals;

namespace {

/// What the fake components saw, shared across their threads.
struct observed {
  std::mutex mutex;
  std::vector<std::pair<std::string, uint64_t>> ticks;       // (index, cycle)
  std::vector<std::pair<std::string, uint64_t>> completions; // answered ticks
  std::vector<cycle_record> records;                         // stored by the clock

  template <class F>
  auto read(F f) {
    std::lock_guard<std::mutex> guard{mutex};
    return f(*this);
  }

  std::vector<uint64_t> cycles_of(const std::string& index) {
    return read([&](observed& o) {
      std::vector<uint64_t> result;
      for (auto& [i, cycle] : o.ticks)
        if (i == index)
          result.push_back(cycle);
      return result;
    });
  }
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
      seen->read([&](observed& o) { o.ticks.emplace_back(index, cycle); });
      auto rp = self->make_response_promise<index_cycle_result>();
      self->state.pending[cycle] = rp;
      self->delayed_send(self, delay, store_atom_v, cycle);
      return rp;
    },
    [=](store_atom, uint64_t cycle) {
      seen->read([&](observed& o) { o.completions.emplace_back(index, cycle); });
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
      seen->read([&](observed& o) { o.records.push_back(rec); });
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

struct fixture : g6::testing::actor_test_system {
  std::shared_ptr<observed> seen = std::make_shared<observed>();
  node_actor node = spawn_node(sys, "test");
  std::vector<caf::actor> spawned;
  clock_actor clock;

  fixture() {
    put("storage", caf::actor_cast<caf::actor>(sys.spawn(fake_storage, seen)));
    put("analytics", sys.spawn(placeholder, "analytics"));
    put("provider", sys.spawn(placeholder, "provider"));
  }

  ~fixture() {
    if (clock)
      self->send_exit(clock, caf::exit_reason::user_shutdown);
    for (auto& a : spawned)
      self->send_exit(a, caf::exit_reason::user_shutdown);
    self->send_exit(node, caf::exit_reason::user_shutdown);
  }

  void put(const std::string& label, caf::actor a) {
    spawned.push_back(a);
    self->send(node, caf::put_atom_v, label, a);
  }

  void add_collector(const std::string& index, caf::timespan delay) {
    put("collector." + index, caf::actor_cast<caf::actor>(sys.spawn(fake_collector, seen, index, delay)));
  }

  /// A clock on a market forced open, one cycle every 100 ms of real time.
  void start_clock(std::vector<std::string> indices) {
    clock_options opts;
    opts.clock = std::make_shared<simulated_clock>(1'795'000'000'000, 600.0);
    opts.indices = std::move(indices);
    opts.interval_seconds = 60;
    opts.cycle_timeout_seconds = 5;
    opts.force_open = true;
    opts.node = node;
    clock = spawn_clock(sys, opts);
  }

  /// Polls until `done` holds, for at most 10 s.
  template <class F>
  bool eventually(F done) {
    for (auto deadline = std::chrono::steady_clock::now() + 10s; std::chrono::steady_clock::now() < deadline;) {
      if (done())
        return true;
      std::this_thread::sleep_for(10ms);
    }
    return done();
  }

  std::optional<uint64_t> hold() {
    std::optional<uint64_t> completed;
    self->request(clock, 10s, hold_atom_v).receive([&](uint64_t n) { completed = n; }, [](caf::error&) {});
    return completed;
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
  auto answered = seen->read([](observed& o) { return o.completions.size(); });
  BOOST_TEST(answered == ticked.size());
  BOOST_TEST(*completed == ticked.size());
  // Held: no cycle starts, however long it takes.
  std::this_thread::sleep_for(500ms);
  BOOST_TEST(seen->cycles_of("A").size() == ticked.size());
  BOOST_TEST(seen->cycles_of("B").empty());
  self->send(clock, resume_atom_v, std::vector<std::string>{"A", "B"});
  BOOST_TEST_REQUIRE(eventually([&] { return seen->cycles_of("B").size() >= 2; }));
  // B joins with the next cycle, which A is in too.
  auto b_first = seen->cycles_of("B").front();
  BOOST_TEST(b_first == ticked.back() + 1);
  auto a_cycles = seen->cycles_of("A");
  BOOST_TEST((std::find(a_cycles.begin(), a_cycles.end(), b_first) != a_cycles.end()));

  // Dropping A: once resumed, A is never ticked again; B goes on.
  BOOST_TEST_REQUIRE(hold().has_value());
  auto a_last = seen->cycles_of("A").size();
  self->send(clock, resume_atom_v, std::vector<std::string>{"B"});
  auto b_seen = seen->cycles_of("B").size();
  BOOST_TEST_REQUIRE(eventually([&] { return seen->cycles_of("B").size() >= b_seen + 3; }));
  BOOST_TEST(seen->cycles_of("A").size() == a_last);
  // No cycle failed an index, and no cycle was skipped: the records are consecutive.
  seen->read([](observed& o) {
    for (size_t i = 0; i < o.records.size(); ++i) {
      BOOST_TEST(o.records[i].cycle_id == i + 1);
      BOOST_TEST(to_string(o.records[i].status) == "ok");
    }
    return 0;
  });
}

BOOST_FIXTURE_TEST_CASE(a_newly_listed_collector_is_awaited_not_failed, fixture) {
  add_collector("A", 0ms);
  start_clock({"A"});
  BOOST_TEST_REQUIRE(eventually([&] { return seen->cycles_of("A").size() >= 2; }));
  BOOST_TEST_REQUIRE(hold().has_value());
  auto a_before = seen->cycles_of("A").size();
  self->send(clock, resume_atom_v, std::vector<std::string>{"A", "C"});
  std::this_thread::sleep_for(300ms);
  // C is not registered yet: no cycle starts without it.
  BOOST_TEST(seen->cycles_of("A").size() == a_before);
  add_collector("C", 0ms);
  BOOST_TEST_REQUIRE(eventually([&] { return seen->cycles_of("C").size() >= 2; }));
  seen->read([](observed& o) {
    for (auto& rec : o.records)
      BOOST_TEST(to_string(rec.status) == "ok", "cycle " << rec.cycle_id);
    return 0;
  });
}
