// sse_actor.hpp — the live stream's actor: receives each cycle's panel set from the panels actor and
// publishes it on the SSE server (which runs on its own I/O threads and outlives restarts of this
// actor, so clients keep their connections); answers status with the server's figures.
#pragma once

#include <caf/fwd.hpp>

#include <memory>

#include "messages/actors.hpp"

namespace g6::sse {
class sse_server;
}

namespace g6 {

sse_actor spawn_sse(caf::actor_system& sys, std::shared_ptr<sse::sse_server> server);

} // namespace g6
