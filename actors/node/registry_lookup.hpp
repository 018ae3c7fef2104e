// registry_lookup.hpp — how a component reaches another one: ask the node's registry for a key of
// messages/components.hpp and act on the typed handle it gives. The only place that turns a registry
// answer into a typed handle. Include after <caf/all.hpp> (it calls request().then()).
#pragma once

#include <caf/timespan.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "messages/components.hpp"

namespace g6 {

/// Looks `which` up in `node`'s registry; runs `found` with its handle, or `missing` with why there is none:
/// "<label> is not running" (disabled, restarting) or "registry: <error>" (no answer in time).
template <class Self, class Handle, class Found, class Missing>
void lookup(Self self, const node_actor& node, const component<Handle>& which, caf::timespan timeout, Found found,
            Missing missing) {
  self->request(node, timeout, caf::get_atom_v, which.label)
    .then(
      [=, label = which.label](caf::actor& handle) mutable {
        if (handle)
          found(caf::actor_cast<Handle>(handle));
        else
          missing(label + " is not running");
      },
      [=](caf::error& err) mutable { missing("registry: " + self->system().render(err)); });
}

/// For best-effort feeds (panels, metrics, secondary sinks): `then` runs once in every case, with a null
/// handle when the component is not running or the registry did not answer in time.
template <class Self, class Handle, class Then>
void with_registered(Self self, const node_actor& node, const component<Handle>& which, caf::timespan timeout,
                     Then then) {
  lookup(self, node, which, timeout, then, [=](const std::string&) mutable { then(Handle{}); });
}

/// Blocking, for the code around the actor tree (a scoped actor): the handle of `which`, null when it is
/// not running or the registry did not answer in time.
template <class Handle>
Handle registered_now(caf::scoped_actor& self, const node_actor& node, const component<Handle>& which,
                      caf::timespan timeout) {
  Handle found;
  self->request(node, timeout, caf::get_atom_v, which.label)
    .receive([&](caf::actor& handle) { found = caf::actor_cast<Handle>(handle); }, [](caf::error&) {});
  return found;
}

/// Sends (report, x) to each of `which` that runs on `node`, never waiting for them. The interfaces are
/// checked at compile time: each component must take a report of x.
template <class Self, class T, class... Handles>
void report_to(Self self, const node_actor& node, caf::timespan timeout, const T& x,
               const component<Handles>&... which) {
  (with_registered(self, node, which, timeout,
                   [=](const Handles& handle) {
                     if (handle)
                       caf::anon_send(handle, report_atom_v, x);
                   }),
   ...);
}

/// Every key's label, for `all_registered`.
template <class... Handles>
std::vector<std::string> labels_of(const component<Handles>&... which) {
  return {which.label...};
}

/// Whether every component of `labels` is registered now: `then(bool)` runs once, after all answered.
template <class Self>
void all_registered(Self self, const node_actor& node, const std::vector<std::string>& labels, caf::timespan timeout,
                    std::function<void(bool)> then) {
  if (labels.empty()) {
    then(true);
    return;
  }
  auto pending = std::make_shared<size_t>(labels.size());
  auto all_present = std::make_shared<bool>(true);
  for (auto& label : labels) {
    auto done = [=](bool present) {
      *all_present = *all_present && present;
      if (--*pending == 0)
        then(*all_present);
    };
    self->request(node, timeout, caf::get_atom_v, label)
      .then([=](caf::actor& handle) { done(static_cast<bool>(handle)); }, [=](caf::error&) { done(false); });
  }
}

} // namespace g6
