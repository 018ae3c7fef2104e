// actor_test_system.hpp — the actor system most actor tests run on: G6's message types, two scheduler
// threads (the machine has two cores), and a scoped actor to send and receive from.
#pragma once

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include "messages/atoms.hpp"

namespace g6::testing {

struct actor_test_config : caf::actor_system_config {
  actor_test_config() {
    add_message_types<caf::id_block::g6>();
    set("scheduler.max-threads", 2);
  }
};

/// Derive a test fixture from it; members of the fixture can use sys and self.
struct actor_test_system {
  actor_test_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
};

} // namespace g6::testing
