#include "actors/node/node.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include <map>
#include <memory>

#include "messages/components.hpp"

namespace g6 {

namespace {

struct node_state {
  std::string node_name;
  std::map<std::string, caf::actor> registry;
  uint64_t events = 0;
  static inline const char* name = "node";
};

using node_pointer = node_actor::stateful_pointer<node_state>;

/// The node's own lookup in its registry: the handle of `which`, null when it is not running.
template <class Handle>
Handle registered(const node_state& st, const component<Handle>& which) {
  auto i = st.registry.find(which.label);
  return i == st.registry.end() ? Handle{} : caf::actor_cast<Handle>(i->second);
}

/// Events that mean lost work or a component given up on are errors; restarts, faults, breaker
/// changes and failovers are warnings; the rest is information.
spdlog::level::level_enum event_level(std::string_view kind) {
  for (auto k : {"give_up", "start_failed", "storage_error", "storage_corrupt", "child_killed", "auth_required",
                 "rate_plan_exceeded", "malformed_instruments", "retention_failed"})
    if (kind == k)
      return spdlog::level::err;
  for (auto k : {"restart", "child_exit", "fault_injected", "breaker_open", "breaker_half_open", "provider_failover",
                 "request_failed", "calendar_mismatch", "instruments_dropped", "instruments_rejected", "node_lost",
                 "peer_refused", "journal_damaged", "journal_torn_tail_cut", "config_reload_refused"})
    if (kind == k)
      return spdlog::level::warn;
  return spdlog::level::info;
}

void log_event(const event_record& ev) {
  spdlog::log(event_level(ev.kind), "event {} {}: {}", ev.component, ev.kind, ev.detail);
}

/// Asks every registered component for its status and merges the answers under their labels.
caf::typed_response_promise<caf::settings> collect_status(node_pointer self, status_verbosity v) {
  auto rp = self->make_response_promise<caf::settings>();
  auto merged = std::make_shared<caf::settings>();
  auto pending = std::make_shared<size_t>(self->state.registry.size());
  put(*merged, "node.name", self->state.node_name);
  put(*merged, "node.components", self->state.registry.size());
  put(*merged, "node.events", self->state.events);
  if (*pending == 0) {
    rp.deliver(*merged);
    return rp;
  }
  for (auto& [label, handle] : self->state.registry) {
    auto component = caf::actor_cast<caf::actor>(handle);
    auto done = [=]() mutable {
      if (--*pending == 0)
        rp.deliver(*merged);
    };
    self->request(component, std::chrono::seconds(2), status_atom_v, v)
      .then(
        [=, lbl = label](caf::settings& s) mutable {
          merged->emplace(lbl, caf::config_value{std::move(s)});
          done();
        },
        [=, lbl = label](caf::error& err) mutable {
          put(*merged, lbl + ".error", self->system().render(err));
          done();
        });
  }
  return rp;
}

node_actor::behavior_type node(node_pointer self, std::string node_name) {
  self->state.node_name = std::move(node_name);
  return {
    [=](caf::put_atom, const std::string& label, caf::actor& handle) {
      spdlog::debug("registry: {} -> {}", label, caf::to_string(handle.address()));
      self->state.registry[label] = std::move(handle);
    },
    [=](caf::delete_atom, const std::string& label) {
      spdlog::debug("registry: {} removed", label);
      self->state.registry.erase(label);
    },
    [=](caf::get_atom, const std::string& label) -> caf::actor {
      auto i = self->state.registry.find(label);
      return i == self->state.registry.end() ? caf::actor{} : i->second;
    },
    [=](event_atom, event_record& ev) {
      ++self->state.events;
      log_event(ev);
      if (auto metrics = registered(self->state, components::metrics))
        self->send(metrics, event_atom_v, ev);
      auto storage = registered(self->state, components::storage);
      if (!storage)
        return;
      self->request(storage, std::chrono::seconds(10), store_atom_v, std::move(ev))
        .then([](uint64_t) {},
              [=](caf::error& err) { spdlog::warn("event not stored: {}", self->system().render(err)); });
    },
    [=](report_atom, live_quotes& quotes) {
      if (auto panels = registered(self->state, components::panels))
        self->send(panels, report_atom_v, std::move(quotes));
    },
    [=](status_atom, status_verbosity v) { return collect_status(self, v); },
  };
}

} // namespace

node_actor spawn_node(caf::actor_system& sys, std::string name) {
  return sys.spawn(node, std::move(name));
}

} // namespace g6
