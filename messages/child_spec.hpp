// child_spec.hpp — what a supervisor needs to run a child: its label, when it comes back after exiting,
// and the factory that spawns it. Here rather than in supervision/ because a running supervisor can be
// handed a new child as a message (a config reload): the factory is a std::function, so the message is
// process-local and never crosses nodes.
#pragma once

#include <caf/actor.hpp>
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/fwd.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace g6 {

/// When a child that exited is restarted.
enum class restart_type : uint8_t {
  permanent, // always
  transient, // only after an abnormal exit
  temporary, // never, also not as part of a sibling's group restart
};

/// What a child is, which decides how long its supervisor waits for it to stop (as OTP's child type).
enum class child_kind : uint8_t {
  worker,     // gets the supervisor's shutdown_timeout, then is killed
  supervisor, // gets all the time it needs: it bounds its own children's stops with its own timeouts
};

struct child_spec {
  std::string label;
  restart_type restart = restart_type::permanent;
  /// Spawns the child; called by the supervisor on start and on every restart.
  std::function<caf::actor(caf::actor_system&)> start;
  child_kind kind = child_kind::worker;
};

} // namespace g6

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(g6::child_spec)
