// node_events.hpp — the node's event stream as an event_sink (messages/events.hpp): an event handed to it
// is sent to the node, which logs, counts and stores it. Include after <caf/all.hpp> (it sends).
#pragma once

#include "messages/actors.hpp"
#include "messages/events.hpp"

namespace g6 {

inline event_sink events_to(const node_actor& node) {
  return [node](const event_record& ev) { caf::anon_send(node, event_atom_v, ev); };
}

} // namespace g6
