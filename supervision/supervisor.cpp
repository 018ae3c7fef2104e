#include "supervision/supervisor.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <exception>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "messages/events.hpp"
#include "messages/status_fields.hpp"
#include "supervision/backoff.hpp"

namespace g6 {

std::string_view to_string(restart_strategy x) {
  switch (x) {
    case restart_strategy::one_for_one:
      return "one_for_one";
    case restart_strategy::one_for_all:
      return "one_for_all";
    case restart_strategy::rest_for_one:
      return "rest_for_one";
  }
  return "unknown";
}

std::string_view to_string(restart_type x) {
  switch (x) {
    case restart_type::permanent:
      return "permanent";
    case restart_type::transient:
      return "transient";
    case restart_type::temporary:
      return "temporary";
  }
  return "unknown";
}

supervisor_options to_supervisor_options(const supervision_settings& x, restart_strategy strategy) {
  auto from_ms = [](double ms) {
    return std::chrono::duration_cast<caf::timespan>(std::chrono::duration<double, std::milli>{ms});
  };
  supervisor_options result;
  result.strategy = strategy;
  result.max_restarts = x.max_restarts;
  result.within = from_ms(x.within_seconds * 1000);
  result.backoff_initial = from_ms(x.backoff_initial_ms);
  result.backoff_max = from_ms(x.backoff_max_ms);
  result.shutdown_timeout = from_ms(x.shutdown_timeout_seconds * 1000);
  return result;
}

caf::error make_error(supervision_errc x) {
  return {static_cast<uint8_t>(x), caf::atom("supervisor")};
}

std::string render_supervision_error(uint8_t code, caf::atom_value, const caf::message&) {
  switch (static_cast<supervision_errc>(code)) {
    case supervision_errc::restart_intensity_exceeded:
      return "supervisor: restart intensity exceeded";
    case supervision_errc::duplicate_child_label:
      return "supervisor: two children share a label";
    case supervision_errc::no_such_child:
      return "supervisor: no child with that label";
    case supervision_errc::shutting_down:
      return "supervisor: shutting down, no child can be added";
  }
  return "supervisor: error " + std::to_string(code);
}

namespace {

using time_point = caf::actor_clock::time_point;

enum class child_phase : uint8_t {
  running,          // up and monitored
  stopping,         // queued for or waiting on a stop; restart_after_stop says what comes after
  awaiting_restart, // down; starts when its group's restart is due and no member is still stopping
  stopped,          // down until restarted on demand
};

std::string_view to_string(child_phase x) {
  switch (x) {
    case child_phase::running:
      return "running";
    case child_phase::stopping:
      return "stopping";
    case child_phase::awaiting_restart:
      return "awaiting_restart";
    case child_phase::stopped:
      return "stopped";
  }
  return "unknown";
}

struct child {
  child_spec spec;
  child_phase phase = child_phase::awaiting_restart;
  caf::actor handle;
  // Bumped whenever a restart of the child is planned or cancelled: timers carrying an older
  // generation are stale.
  uint64_t generation = 0;
  bool restart_after_stop = false;
  // Its backoff elapsed (or a restart was requested); it starts once no member of its group is stopping.
  bool restart_due = false;
  int64_t starts = 0;
  std::deque<time_point> recent_restarts; // within the window: the backoff attempt number
  // Being removed: stopping for good, forgotten once down, the promise delivered then.
  std::optional<caf::typed_response_promise<bool>> removal;
};

struct supervisor_state {
  std::string label;
  supervisor_options opts;
  event_emitter events; // as the supervisor's label, stamped by opts.wall_clock
  std::vector<child> children;
  // The last restart generation handed out: unique across children, so a timer of a removed child
  // never matches a child added later under its label.
  uint64_t generations = 0;
  std::deque<time_point> restarts; // all restarts within the window: the intensity
  std::mt19937_64 rng;
  // Children stop one at a time, in this order (reverse start order), so that none stops before the
  // siblings started after it, which may depend on it, are gone.
  std::deque<size_t> stop_queue;
  std::optional<size_t> stopping_now;
  bool exiting = false;
  caf::error exit_reason;
  // The children running now, shared with the functor that kills them should the supervisor end before
  // they do (killed itself): its state is gone by then, and a child left running would hold the process.
  std::shared_ptr<std::vector<caf::actor>> running = std::make_shared<std::vector<caf::actor>>();
  static inline const char* name = "g6.supervisor";
};

using self_pointer = supervisor_actor::stateful_pointer<supervisor_state>;

void try_start_due(self_pointer self);

bool is_normal(const caf::error& reason) {
  return !reason || reason == caf::exit_reason::normal || reason == caf::exit_reason::user_shutdown;
}

std::string format_ms(caf::timespan x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f ms", static_cast<double>(x.count()) / 1e6);
  return buffer;
}

void emit(self_pointer self, std::string kind, std::string detail) {
  self->state.events.emit(std::move(kind), std::move(detail));
}

std::optional<size_t> find_child(self_pointer self, const std::string& label) {
  auto& cs = self->state.children;
  for (size_t i = 0; i < cs.size(); ++i)
    if (cs[i].spec.label == label)
      return i;
  return std::nullopt;
}

/// The children that restart together when child i fails, in start order.
std::vector<size_t> group_of(self_pointer self, size_t i) {
  auto n = self->state.children.size();
  size_t first = i;
  size_t last = i + 1;
  switch (self->state.opts.strategy) {
    case restart_strategy::one_for_one:
      break;
    case restart_strategy::one_for_all:
      first = 0;
      last = n;
      break;
    case restart_strategy::rest_for_one:
      last = n;
      break;
  }
  std::vector<size_t> result;
  for (auto k = first; k < last; ++k)
    result.push_back(k);
  return result;
}

std::string labels_of(self_pointer self, const std::vector<size_t>& group) {
  std::string result;
  for (auto k : group) {
    if (!result.empty())
      result += ", ";
    result += self->state.children[k].spec.label;
  }
  return result;
}

/// Asks the next child in the stop queue to stop; once none is left, quits (when exiting) or starts
/// the restarts that waited for their group to stop.
void stop_next(self_pointer self) {
  auto& st = self->state;
  if (st.stopping_now)
    return;
  while (!st.stop_queue.empty()) {
    auto i = st.stop_queue.front();
    st.stop_queue.pop_front();
    auto& c = st.children[i];
    if (c.phase != child_phase::stopping || !c.handle)
      continue; // it went down on its own meanwhile
    st.stopping_now = i;
    self->send_exit(c.handle, caf::exit_reason::user_shutdown);
    // A late kill for a child that already stopped is dropped with its mailbox. A child supervisor gets
    // no deadline: it stops its own children, each within its own timeout.
    if (c.spec.kind == child_kind::worker)
      caf::delayed_anon_send(c.handle, st.opts.shutdown_timeout,
                             caf::exit_msg{self->address(), caf::exit_reason::kill});
    return;
  }
  if (st.exiting) {
    self->quit(st.exit_reason);
    return;
  }
  try_start_due(self);
}

/// Plans the restart of child i's group: stops the running members (reverse start order) and marks
/// those that come back as awaiting restart. Temporary siblings stop for good.
void plan_restart(self_pointer self, size_t i, const std::vector<size_t>& group) {
  auto& st = self->state;
  for (auto k : group) {
    auto& c = st.children[k];
    c.generation = ++st.generations;
    c.restart_due = false;
    bool comes_back = !c.removal && (k == i || c.spec.restart != restart_type::temporary);
    switch (c.phase) {
      case child_phase::running:
      case child_phase::stopping:
        c.phase = child_phase::stopping;
        c.restart_after_stop = comes_back;
        break;
      case child_phase::awaiting_restart:
      case child_phase::stopped:
        c.phase = comes_back ? child_phase::awaiting_restart : child_phase::stopped;
        break;
    }
  }
  for (auto k = group.rbegin(); k != group.rend(); ++k)
    if (st.children[*k].phase == child_phase::stopping && st.stopping_now != *k)
      st.stop_queue.push_back(*k);
  stop_next(self);
}

/// Stops every child in reverse start order, then quits with `reason`.
void begin_exit(self_pointer self, caf::error reason) {
  auto& st = self->state;
  if (st.exiting)
    return;
  st.exiting = true;
  st.exit_reason = std::move(reason);
  st.stop_queue.clear();
  for (size_t k = st.children.size(); k-- > 0;) {
    auto& c = st.children[k];
    c.generation = ++st.generations;
    c.restart_due = false;
    c.restart_after_stop = false;
    if (c.phase == child_phase::running)
      c.phase = child_phase::stopping;
    else if (c.phase == child_phase::awaiting_restart)
      c.phase = child_phase::stopped;
    if (c.phase == child_phase::stopping && st.stopping_now != k)
      st.stop_queue.push_back(k);
  }
  stop_next(self);
}

/// Child i went down on its own (or failed to start): restart it by its restart type, the strategy
/// and the backoff, or give up when restarts come too often.
void child_exited(self_pointer self, size_t i, bool normal, const std::string& reason) {
  auto& st = self->state;
  auto& c = st.children[i];
  c.phase = child_phase::stopped;
  bool restart = c.spec.restart == restart_type::permanent || (c.spec.restart == restart_type::transient && !normal);
  if (!restart) {
    emit(self, "child_exit",
         c.spec.label + " exited (" + reason + "), not restarted: " + std::string{to_string(c.spec.restart)});
    return;
  }
  auto now = self->clock().now();
  auto horizon = now - st.opts.within;
  auto forget_old = [&](std::deque<time_point>& xs) {
    while (!xs.empty() && xs.front() <= horizon)
      xs.pop_front();
  };
  forget_old(st.restarts);
  st.restarts.push_back(now);
  if (static_cast<int64_t>(st.restarts.size()) > st.opts.max_restarts) {
    emit(self, "give_up",
         "more than " + std::to_string(st.opts.max_restarts) + " restarts within " + format_ms(st.opts.within)
           + ", last " + c.spec.label + " (" + reason + "); stopping all children and escalating");
    begin_exit(self, make_error(supervision_errc::restart_intensity_exceeded));
    return;
  }
  forget_old(c.recent_restarts);
  auto attempt = static_cast<unsigned>(c.recent_restarts.size());
  c.recent_restarts.push_back(now);
  auto delay = backoff_delay({st.opts.backoff_initial, st.opts.backoff_max}, attempt, st.rng);
  auto group = group_of(self, i);
  emit(self, "restart",
       c.spec.label + " exited (" + reason + "); restarting " + labels_of(self, group) + " in " + format_ms(delay));
  plan_restart(self, i, group);
  self->delayed_send(self, delay, restart_atom_v, c.spec.label, c.generation);
}

/// Starts child i. A factory that throws or returns no actor is a failed start.
bool start_child(self_pointer self, size_t i) {
  auto& c = self->state.children[i];
  ++c.starts;
  std::string failure;
  try {
    c.handle = c.spec.start ? c.spec.start(self->system()) : caf::actor{};
    if (!c.handle)
      failure = "the factory returned no actor";
  } catch (const std::exception& e) {
    failure = std::string{"the factory threw: "} + e.what();
  } catch (...) {
    failure = "the factory threw a non-standard exception";
  }
  if (!failure.empty()) {
    c.handle = caf::actor{};
    emit(self, "start_failed", c.spec.label + ": " + failure);
    child_exited(self, i, false, "failed to start: " + failure);
    return false;
  }
  c.phase = child_phase::running;
  self->monitor(c.handle);
  self->state.running->push_back(c.handle);
  if (self->state.opts.on_child_started)
    self->state.opts.on_child_started(c.spec.label, c.handle);
  return true;
}

/// Starts the members of a group that await their restart, in start order. When one fails under a
/// group strategy, that failure already planned the restart of the rest, so starting stops.
void start_group(self_pointer self, const std::vector<size_t>& group) {
  auto& st = self->state;
  for (auto k : group)
    st.children[k].restart_due = false;
  for (auto k : group) {
    if (st.exiting)
      return;
    if (st.children[k].phase != child_phase::awaiting_restart)
      continue;
    if (!start_child(self, k) && st.opts.strategy != restart_strategy::one_for_one)
      return;
  }
}

void try_start_due(self_pointer self) {
  auto& st = self->state;
  for (size_t i = 0; i < st.children.size() && !st.exiting; ++i) {
    if (!st.children[i].restart_due)
      continue;
    auto group = group_of(self, i);
    auto still_stopping =
      std::any_of(group.begin(), group.end(), [&](size_t k) { return st.children[k].phase == child_phase::stopping; });
    if (!still_stopping)
      start_group(self, group);
  }
}

/// Drops removed child k, which is down, from the children (and the indices that point past it), tells
/// the registry, and answers the request that removed it.
void forget_child(self_pointer self, size_t k) {
  auto& st = self->state;
  auto gone = std::move(st.children[k]);
  st.children.erase(st.children.begin() + static_cast<std::ptrdiff_t>(k));
  std::erase(st.stop_queue, k);
  for (auto& q : st.stop_queue)
    if (q > k)
      --q;
  if (st.stopping_now && *st.stopping_now > k)
    --*st.stopping_now;
  emit(self, "child_removed", gone.spec.label + " stopped and removed");
  if (st.opts.on_child_removed)
    st.opts.on_child_removed(gone.spec.label);
  if (gone.removal)
    gone.removal->deliver(true);
}

/// Adds a child last in start order and starts it; refused while exiting or when its label is taken.
caf::result<bool> add_child(self_pointer self, child_spec spec) {
  auto& st = self->state;
  if (st.exiting)
    return make_error(supervision_errc::shutting_down);
  if (find_child(self, spec.label))
    return make_error(supervision_errc::duplicate_child_label);
  emit(self, "child_added", spec.label + " added");
  child c;
  c.spec = std::move(spec);
  st.children.push_back(std::move(c));
  return start_child(self, st.children.size() - 1);
}

/// Stops a child for good, as at shutdown (user_shutdown, then a kill after shutdown_timeout), and
/// forgets it once down; the answer comes then. A child that is not running is forgotten at once.
caf::result<bool> remove_child(self_pointer self, const std::string& label) {
  auto& st = self->state;
  auto i = find_child(self, label);
  if (!i || st.children[*i].removal)
    return make_error(supervision_errc::no_such_child);
  auto& c = st.children[*i];
  c.generation = ++st.generations; // a pending restart of it is stale now
  c.restart_due = false;
  c.restart_after_stop = false;
  switch (c.phase) {
    case child_phase::running:
      c.phase = child_phase::stopping;
      st.stop_queue.push_back(*i);
      break;
    case child_phase::stopping:
      break; // queued or stopping already
    case child_phase::awaiting_restart:
    case child_phase::stopped:
      forget_child(self, *i);
      try_start_due(self);
      return true;
  }
  auto rp = self->make_response_promise<bool>();
  c.removal = rp;
  stop_next(self);
  return rp;
}

void child_down(self_pointer self, const caf::down_msg& dm) {
  auto& st = self->state;
  auto i = std::find_if(st.children.begin(), st.children.end(),
                        [&](const child& c) { return c.handle && c.handle.address() == dm.source; });
  if (i == st.children.end())
    return;
  auto k = static_cast<size_t>(i - st.children.begin());
  std::erase(*st.running, i->handle);
  i->handle = caf::actor{};
  if (i->phase == child_phase::stopping) {
    if (st.stopping_now == k && dm.reason == caf::exit_reason::kill)
      emit(self, "child_killed",
           i->spec.label + " did not stop within " + format_ms(st.opts.shutdown_timeout) + " and was killed");
    i->phase = i->restart_after_stop ? child_phase::awaiting_restart : child_phase::stopped;
    if (st.stopping_now == k)
      st.stopping_now.reset();
    if (i->removal)
      forget_child(self, k);
    stop_next(self);
    return;
  }
  child_exited(self, k, is_normal(dm.reason), self->system().render(dm.reason));
}

caf::settings status_of(self_pointer self, status_verbosity v) {
  auto& st = self->state;
  caf::settings children;
  for (auto& c : st.children) {
    caf::settings x;
    put_figures(
      x, child_figures{c.phase == child_phase::running, static_cast<uint64_t>(std::max<int64_t>(0, c.starts - 1))});
    if (v == status_verbosity::detailed) {
      x["restart"] = std::string{to_string(c.spec.restart)};
      x["phase"] = std::string{to_string(c.phase)};
    }
    children[c.spec.label] = std::move(x);
  }
  caf::settings result;
  result["label"] = st.label;
  result["strategy"] = std::string{to_string(st.opts.strategy)};
  result[status_keys::children] = std::move(children);
  if (v == status_verbosity::detailed) {
    auto horizon = self->clock().now() - st.opts.within;
    result["restarts_in_window"] = static_cast<int64_t>(
      std::count_if(st.restarts.begin(), st.restarts.end(), [&](time_point t) { return t > horizon; }));
  }
  return result;
}

supervisor_actor::behavior_type supervisor(self_pointer self, std::string label, supervisor_options opts,
                                           std::vector<child_spec> specs) {
  auto& st = self->state;
  st.label = std::move(label);
  st.rng.seed(opts.seed);
  st.opts = std::move(opts);
  st.events = event_emitter{st.label, st.opts.on_event, st.opts.wall_clock};
  for (auto& spec : specs) {
    child c;
    c.spec = std::move(spec);
    st.children.push_back(std::move(c));
  }
  self->set_down_handler([self](caf::down_msg& dm) { child_down(self, dm); });
  self->attach_functor([running = st.running](const caf::error&) {
    for (auto& child : *running)
      caf::anon_send_exit(child, caf::exit_reason::kill);
  });
  // Children are monitored, not linked, so every exit message is a request to shut down. CAF itself
  // ignores exits with a normal reason; so does the supervisor.
  self->set_exit_handler([self](caf::exit_msg& em) {
    if (em.reason)
      begin_exit(self, std::move(em.reason));
  });
  // Timers and requests name children by label, so labels must be unique.
  for (size_t k = 0; k < st.children.size(); ++k) {
    if (find_child(self, st.children[k].spec.label) != k) {
      emit(self, "invalid_children", "two children labelled " + st.children[k].spec.label);
      self->quit(make_error(supervision_errc::duplicate_child_label));
      return supervisor_actor::behavior_type::make_empty_behavior();
    }
  }
  std::vector<size_t> everyone(st.children.size());
  for (size_t k = 0; k < everyone.size(); ++k)
    everyone[k] = k;
  start_group(self, everyone);
  return {
    [self](restart_atom, const std::string& child_label) {
      auto i = find_child(self, child_label);
      if (!i) {
        emit(self, "restart_rejected", "no child labelled " + child_label);
        return;
      }
      if (self->state.exiting)
        return;
      auto group = group_of(self, *i);
      emit(self, "restart_requested", "restarting " + labels_of(self, group) + " on request");
      plan_restart(self, *i, group);
      self->state.children[*i].restart_due = true;
      try_start_due(self);
    },
    [self](restart_atom, const std::string& child_label, uint64_t generation) {
      auto i = find_child(self, child_label);
      if (!i || self->state.exiting)
        return;
      auto& c = self->state.children[*i];
      if (c.generation != generation || c.phase != child_phase::awaiting_restart)
        return;
      c.restart_due = true;
      try_start_due(self);
    },
    [self](caf::add_atom, child_spec& spec) { return add_child(self, std::move(spec)); },
    [self](caf::delete_atom, const std::string& child_label) { return remove_child(self, child_label); },
    [self](status_atom, status_verbosity v) { return status_of(self, v); },
  };
}

} // namespace

supervisor_actor spawn_supervisor(caf::actor_system& sys, std::string label, supervisor_options opts,
                                  std::vector<child_spec> children) {
  return sys.spawn(supervisor, std::move(label), std::move(opts), std::move(children));
}

} // namespace g6
