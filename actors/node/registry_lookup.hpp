// registry_lookup.hpp — how a component reaches another one by label (panels, metrics, the secondary
// storage sinks): ask the node's registry, then act on the handle. For best-effort feeds: `then` runs
// once in every case, with a null handle when the component is not running (disabled, restarting) or
// the registry did not answer in time. Include after <caf/all.hpp> (it calls request().then()).
#pragma once

#include <caf/timespan.hpp>

#include <string>

#include "messages/actors.hpp"

namespace g6 {

template <class Self, class Then>
void with_registered(Self self, const node_actor& node, std::string label, caf::timespan timeout, Then then) {
  self->request(node, timeout, caf::get_atom_v, std::move(label))
    .then([=](caf::actor& handle) mutable { then(handle); }, [=](caf::error&) mutable { then(caf::actor{}); });
}

} // namespace g6
