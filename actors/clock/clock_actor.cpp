#include "actors/clock/clock_actor.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <set>

#include "actors/clock/watchdog_rule.hpp"
#include "actors/node/registry_lookup.hpp"
#include "config/ist_time.hpp"
#include "messages/status_fields.hpp"

namespace g6 {

namespace {

struct cycle_in_flight {
  cycle_record record;
  size_t pending = 0;
};

/// A reload holds the clock between two cycles while it swaps collectors: no cycle starts meanwhile.
struct cycle_hold {
  /// The reload's request, answered at the cycle boundary (once the cycle in flight completed).
  std::optional<caf::typed_response_promise<uint64_t>> at_boundary;
  /// A tick came while held: the cycle it would have started starts on resume.
  bool tick_missed = false;
};

struct clock_state {
  clock_options options;
  uint64_t timer_generation = 0;
  uint64_t cycles_started = 0;
  uint64_t cycles_completed = 0;
  std::optional<cycle_in_flight> cycle;
  epoch_ms next_due = 0;
  epoch_ms announced_open = 0; // last "market closed" announcement, to say it once per closure
  bool shutting_down = false;
  bool finished = false;
  bool components_ready = false; // every collector and storage registered
  bool checking_components = false;
  cycle_record last;
  std::chrono::steady_clock::time_point last_started_real; // when the last cycle started, in real time
  run_tally tally;
  bool awaiting_resume = false;   // a stepping clock found everything paused
  std::set<std::string> paused;   // by the console: left out of cycles until resumed
  std::optional<cycle_hold> hold; // by a reload
  static inline const char* name = "clock";
};

using clock_pointer = clock_actor::stateful_pointer<clock_state>;

run_verdict verdict(const clock_state& st) {
  return judge_run(st.tally, st.options.once || st.options.max_cycles > 0);
}

void finish(clock_pointer self) {
  if (self->state.finished)
    return;
  self->state.finished = true;
  ++self->state.timer_generation; // no more ticks
  if (self->state.options.on_finished) {
    auto v = verdict(self->state);
    self->state.options.on_finished(static_cast<int>(v.code), v.summary);
  }
}

void schedule_tick(clock_pointer self, std::chrono::nanoseconds delay) {
  auto gen = ++self->state.timer_generation;
  if (delay <= std::chrono::nanoseconds::zero())
    self->send(self, tick_atom_v, gen);
  else
    self->delayed_send(self, delay, tick_atom_v, gen);
}

/// The indices whose exchange is open at t (all of them when forced open, and at every instant of a
/// stepping clock: those are the cycles that ran when they were captured).
std::vector<std::string> open_indices(const clock_state& st, epoch_ms t) {
  std::vector<std::string> result;
  bool all_open = st.options.force_open || st.options.clock->is_stepping();
  for (auto& index : st.options.indices)
    if (all_open || exchange_calendar::builtin(exchange_of(index)).is_open(t))
      result.push_back(index);
  return result;
}

epoch_ms earliest_open(const clock_state& st, epoch_ms t) {
  epoch_ms best = std::numeric_limits<epoch_ms>::max();
  for (auto& index : st.options.indices)
    best = std::min(best, exchange_calendar::builtin(exchange_of(index)).next_open(t));
  return best;
}

void after_cycle(clock_pointer self) {
  auto& st = self->state;
  if (st.options.once || st.shutting_down
      || (st.options.max_cycles > 0 && st.cycles_completed >= st.options.max_cycles)) {
    finish(self);
    return;
  }
  auto& clock = *st.options.clock;
  if (clock.is_stepping()) {
    // The cycle at this instant completed: only now may time move on to the next one, paced from this
    // cycle's start, or at once when the pipeline was slower than the pace.
    if (!clock.step()) {
      finish(self);
      return;
    }
    auto pace = clock.to_real(std::chrono::milliseconds(clock.now() - st.last.started));
    schedule_tick(self, pace - (std::chrono::steady_clock::now() - st.last_started_real));
    return;
  }
  auto now = clock.now();
  auto wait = std::chrono::milliseconds(std::max<epoch_ms>(0, st.next_due - now));
  schedule_tick(self, st.options.clock->to_real(wait));
}

/// Hands the cycle record to the metrics and panels components, when they run; never waits for them.
void publish(clock_pointer self, const cycle_record& rec) {
  report_to(self, self->state.options.node, std::chrono::seconds(5), rec, components::metrics, components::panels);
}

void complete_cycle(clock_pointer self) {
  auto& st = self->state;
  auto rec = std::move(st.cycle->record);
  st.cycle.reset();
  rec.ended = st.options.clock->now();
  rec.status = overall_status(rec.indices);
  ++st.cycles_completed;
  if (st.hold && st.hold->at_boundary) {
    st.hold->at_boundary->deliver(st.cycles_completed);
    st.hold->at_boundary.reset();
  }
  st.last = rec;
  st.tally.add(rec);
  if (st.options.on_cycle) {
    auto v = verdict(st);
    st.options.on_cycle(static_cast<int>(v.code), v.summary);
  }
  spdlog::debug("cycle {} {}: {} indices", rec.cycle_id, to_string(rec.status), rec.indices.size());
  // Stored or not, the cycle is published and the next one scheduled: a cycle record that could not be
  // stored is logged, it does not stop collection.
  auto finish = [=](const std::string& not_stored_why) {
    if (!not_stored_why.empty())
      spdlog::error("cycle {} record not stored: {}", rec.cycle_id, not_stored_why);
    publish(self, rec);
    after_cycle(self);
  };
  lookup(
    self, st.options.node, components::storage, std::chrono::seconds(5),
    [=](const storage_actor& storage) {
      self->request(storage, std::chrono::seconds(30), store_atom_v, rec)
        .then([=](uint64_t) { finish({}); }, [=](caf::error& err) { finish(self->system().render(err)); });
    },
    finish);
}

void report(clock_pointer self, uint64_t cycle_id, index_cycle_result result) {
  auto& st = self->state;
  if (!st.cycle || st.cycle->record.cycle_id != cycle_id)
    return;
  st.cycle->record.indices.push_back(std::move(result));
  if (--st.cycle->pending == 0)
    complete_cycle(self);
}

void start_cycle(clock_pointer self, epoch_ms now, const std::vector<std::string>& indices) {
  auto& st = self->state;
  auto cycle_id = ++st.cycles_started;
  st.cycle = cycle_in_flight{};
  st.cycle->record.cycle_id = cycle_id;
  st.cycle->record.started = now;
  st.last_started_real = std::chrono::steady_clock::now();
  st.cycle->pending = indices.size();
  st.next_due = now + static_cast<epoch_ms>(st.options.interval_seconds * 1000);
  auto timeout = std::chrono::milliseconds(static_cast<int64_t>(st.options.cycle_timeout_seconds * 1000));
  for (auto& index : indices) {
    auto failed = [=](std::string error) {
      index_cycle_result r;
      r.index = index;
      r.status = cycle_status::failed;
      r.error = std::move(error);
      report(self, cycle_id, std::move(r));
    };
    lookup(
      self, st.options.node, components::collector(index), timeout,
      [=](const collector_actor& collector) {
        self->request(collector, timeout, tick_atom_v, cycle_id, now)
          .then([=](index_cycle_result& r) { report(self, cycle_id, std::move(r)); },
                [=](caf::error& err) { failed("collector: " + self->system().render(err)); });
      },
      failed);
  }
}

/// Supervisors start their children concurrently, so the first cycle waits until every collector,
/// the analytics, the provider and the storage have registered with the node: a cycle must not fail
/// because it came too early.
void await_components(clock_pointer self) {
  auto& st = self->state;
  if (st.checking_components)
    return;
  st.checking_components = true;
  auto labels = labels_of(components::storage, components::analytics, components::provider);
  if (st.options.await_journal)
    labels.push_back(components::journal.label);
  for (auto& index : st.options.indices)
    labels.push_back(components::collector(index).label);
  all_registered(self, st.options.node, labels, std::chrono::seconds(5), [self](bool all_present) {
    self->state.checking_components = false;
    self->state.components_ready = all_present;
    schedule_tick(self, all_present ? std::chrono::nanoseconds::zero()
                                    : std::chrono::nanoseconds(std::chrono::milliseconds(20)));
  });
}

void on_tick(clock_pointer self) {
  auto& st = self->state;
  if (st.finished || st.shutting_down || st.cycle)
    return;
  if (st.hold) {
    st.hold->tick_missed = true;
    return;
  }
  if (!st.components_ready) {
    await_components(self);
    return;
  }
  auto now = st.options.clock->now();
  auto indices = open_indices(st, now);
  if (!indices.empty()) {
    std::erase_if(indices, [&](const std::string& index) { return st.paused.count(index) > 0; });
    if (indices.empty()) {
      // Everything is paused. Stepped time stands still until a resume ticks again (the instant is not
      // lost); running time is looked at again an interval later, as if a cycle had run.
      if (st.options.clock->is_stepping()) {
        st.awaiting_resume = true;
        return;
      }
      st.next_due = now + static_cast<epoch_ms>(st.options.interval_seconds * 1000);
      schedule_tick(self, st.options.clock->to_real(std::chrono::milliseconds(st.next_due - now)));
      return;
    }
    start_cycle(self, now, indices);
    return;
  }
  auto opens = earliest_open(st, now);
  if (st.options.clock->jump_to(opens)) {
    spdlog::info("market closed at {}; simulated clock jumps to the next open, {}", format_ist(now), format_ist(opens));
    schedule_tick(self, std::chrono::nanoseconds::zero());
    return;
  }
  if (st.announced_open != opens) {
    st.announced_open = opens;
    spdlog::info("market closed; next open at {} IST, waiting", format_ist(opens));
  }
  auto wait = std::min<epoch_ms>(opens - now, 60'000);
  schedule_tick(self, st.options.clock->to_real(std::chrono::milliseconds(std::max<epoch_ms>(wait, 1))));
}

/// Ends a reload's hold: `indices` are ticked from the next cycle on, once each collector registered.
void resume(clock_pointer self, std::vector<std::string> indices) {
  auto& st = self->state;
  bool tick_missed = st.hold && st.hold->tick_missed;
  st.hold.reset();
  std::erase_if(st.paused, [&](const std::string& index) {
    return std::find(indices.begin(), indices.end(), index) == indices.end();
  });
  st.options.indices = std::move(indices);
  st.components_ready = false;
  if (tick_missed)
    schedule_tick(self, std::chrono::nanoseconds::zero());
}

caf::settings status_of(const clock_state& st) {
  caf::settings s;
  put(s, "clock", st.options.clock->describe());
  put(s, "now", format_ist(st.options.clock->now()));
  put(s, "cycles_started", st.cycles_started);
  put(s, "cycles_completed", st.cycles_completed);
  put(s, "in_flight", st.cycle.has_value());
  put(s, "finished", st.finished);
  put(s, "held", st.hold.has_value());
  put_figures(s, clock_figures{st.options.indices, {st.paused.begin(), st.paused.end()}});
  if (st.cycles_completed > 0) {
    put(s, "last_cycle.id", st.last.cycle_id);
    put(s, "last_cycle.status", std::string{to_string(st.last.status)});
    put(s, "last_cycle.started", format_ist(st.last.started));
  }
  return s;
}

/// Feeds the watchdog now if cycles progress, and looks again an interval later.
void on_watchdog(clock_pointer self) {
  auto& st = self->state;
  std::optional<std::chrono::steady_clock::duration> in_flight_for;
  if (st.cycle)
    in_flight_for = std::chrono::steady_clock::now() - st.last_started_real;
  if (cycles_progressing(in_flight_for, st.options.cycle_timeout_seconds))
    st.options.feed_watchdog();
  else
    spdlog::warn("cycle {} in flight for {:.0f} s: not feeding the watchdog", st.cycle->record.cycle_id,
                 std::chrono::duration<double>(*in_flight_for).count());
  self->delayed_send(self, st.options.watchdog_interval, watchdog_atom_v);
}

clock_actor::behavior_type clock(clock_pointer self, clock_options options) {
  self->state.options = std::move(options);
  schedule_tick(self, std::chrono::nanoseconds::zero());
  if (self->state.options.feed_watchdog && self->state.options.watchdog_interval.count() > 0)
    self->send(self, watchdog_atom_v);
  return {
    [=](watchdog_atom) { on_watchdog(self); },
    [=](tick_atom, uint64_t generation) {
      if (generation == self->state.timer_generation)
        on_tick(self);
    },
    [=](shutdown_atom) {
      auto& st = self->state;
      st.shutting_down = true;
      if (!st.cycle)
        finish(self);
    },
    [=](tick_atom) {
      // A cycle now: unless one is in flight, the next tick is immediate and the schedule restarts there.
      if (!self->state.cycle && !self->state.finished)
        schedule_tick(self, std::chrono::nanoseconds::zero());
    },
    [=](pause_atom, const std::string& index, bool pause) {
      auto& st = self->state;
      if (std::find(st.options.indices.begin(), st.options.indices.end(), index) == st.options.indices.end())
        return false;
      if (pause)
        st.paused.insert(index);
      else
        st.paused.erase(index);
      if (!pause && st.awaiting_resume) {
        st.awaiting_resume = false;
        schedule_tick(self, std::chrono::nanoseconds::zero());
      }
      spdlog::info("{} {} by the console", index, pause ? "paused" : "resumed");
      return true;
    },
    [=](hold_atom) -> caf::result<uint64_t> {
      auto& st = self->state;
      if (!st.hold)
        st.hold.emplace();
      if (!st.cycle)
        return st.cycles_completed;
      auto rp = self->make_response_promise<uint64_t>();
      st.hold->at_boundary = rp;
      return rp;
    },
    [=](resume_atom, std::vector<std::string>& indices) { resume(self, std::move(indices)); },
    [=](status_atom, status_verbosity) { return status_of(self->state); },
  };
}

} // namespace

cycle_status overall_status(const std::vector<index_cycle_result>& results) {
  auto n_ok = std::count_if(results.begin(), results.end(), [](auto& r) { return r.status == cycle_status::ok; });
  auto n_stored = std::count_if(results.begin(), results.end(), index_stored);
  if (!results.empty() && n_ok == static_cast<long>(results.size()))
    return cycle_status::ok;
  return n_stored == 0 ? cycle_status::failed : cycle_status::partial;
}

clock_actor spawn_clock(caf::actor_system& sys, clock_options options) {
  return sys.spawn(clock, std::move(options));
}

} // namespace g6
