// drain_on_stop.hpp — the exit handler of actors that must finish the work already in their mailbox
// before they stop (the CSV and Influx sinks, the capture journal). A supervisor's stop request becomes a
// shutdown_atom sent to the actor itself, so it lands behind the queued work; the actor's shutdown_atom
// handler quits with the reason kept in state.stop_reason. A kill still quits at once.
#pragma once

#include <caf/exit_reason.hpp>
#include <caf/system_messages.hpp>

#include "messages/atoms.hpp"

namespace g6 {

template <class Self>
void drain_mailbox_before_exit(Self self) {
  self->set_exit_handler([self](caf::exit_msg& msg) {
    if (msg.reason == caf::exit_reason::kill) {
      self->quit(msg.reason);
      return;
    }
    self->state.stop_reason = msg.reason;
    self->send(self, shutdown_atom_v);
  });
}

} // namespace g6
