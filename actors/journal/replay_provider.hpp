// replay_provider.hpp — a provider that answers from a capture journal on the replay's clock (a stepping
// clock through the journal's cycle instants): the spot captured at the cycle's instant (the clock's now
// when the cycle asks it first), the quotes captured with that spot, and the instrument list in force.
#pragma once

#include <caf/fwd.hpp>

#include <memory>

#include "actors/clock/market_clock.hpp"
#include "actors/journal/journal_replay.hpp"
#include "messages/actors.hpp"

namespace g6 {

/// Spawns the replay provider. A question the journal has no answer for (the captured request failed)
/// fails with a message naming the index and instant, as the captured one did. status answers {kind,
/// requests, unanswered}.
provider_actor spawn_replay_provider(caf::actor_system& sys, std::shared_ptr<const journal_answers> answers,
                                     std::shared_ptr<const market_clock> clock);

} // namespace g6
