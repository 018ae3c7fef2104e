// supervisor.hpp — a generic OTP-style supervisor actor: starts children in order, restarts them by
// strategy and restart type after a jittered backoff, gives up (and so escalates to its own supervisor)
// when restarts come too often, and shuts its subtree down in reverse start order. It knows nothing
// about markets: children are labels and factories.
//
// Failure semantics:
// - A child's exit is normal when its reason is empty, exit_reason::normal or exit_reason::user_shutdown;
//   anything else is abnormal, including sec::runtime_error, the reason CAF gives an actor that let an
//   exception escape a handler.
// - A child factory that throws or returns an invalid handle is a failed start: an abnormal exit that
//   counts towards the restart intensity like any other.
// - A worker child asked to stop gets exit_reason::user_shutdown and shutdown_timeout to report down; then
//   it is sent exit_reason::kill. A supervisor child gets no deadline: it stops its own children, each
//   within its own timeout, so a subtree stops gracefully however deep. CAF cannot preempt an actor blocked
//   in a call, so a child stuck forever (a detached actor in a hung syscall) also holds its supervisor.
// - Children are monitored, not linked; a supervisor that ends while children still run (killed itself)
//   kills them, so none is left running without a supervisor.
// - Children can be added and removed while it runs (a config reload): an added child comes last in start
//   order and joins the group restarts of one_for_all and rest_for_one like any other; a removed child is
//   stopped as at shutdown and never restarted, also not by a sibling's group restart.
#pragma once

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/timespan.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "config/settings.hpp"
#include "messages/actors.hpp"
#include "messages/child_spec.hpp"

namespace g6 {

/// Which children restart when one fails.
enum class restart_strategy : uint8_t {
  one_for_one,  // only the failed child
  one_for_all,  // every child: the others stop in reverse start order, all start in start order
  rest_for_one, // the failed child and those started after it
};

/// "one_for_one", "one_for_all", "rest_for_one".
std::string_view to_string(restart_strategy x);

/// "permanent", "transient", "temporary".
std::string_view to_string(restart_type x);

struct supervisor_options {
  restart_strategy strategy = restart_strategy::one_for_one;
  /// Restart intensity: more than max_restarts restarts within `within` make the supervisor give up.
  int max_restarts = 3;
  caf::timespan within = std::chrono::seconds{5};
  /// The n-th restart of a child within `within` (from 0) waits backoff_delay(n), between half and
  /// all of min(backoff_max, backoff_initial * 2^n).
  caf::timespan backoff_initial = std::chrono::milliseconds{50};
  caf::timespan backoff_max = std::chrono::seconds{5};
  /// How long a child asked to stop may take before it is killed.
  caf::timespan shutdown_timeout = std::chrono::seconds{4};
  /// Seed of the backoff jitter.
  uint64_t seed = 0;
  /// Called with the new handle whenever a child starts or restarts (the registry update).
  std::function<void(const std::string& label, const caf::actor& child)> on_child_started;
  /// Called once a removed child is down and forgotten (the registry drops it).
  std::function<void(const std::string& label)> on_child_removed;
  /// Called for restarts, exits that are not restarted, failed starts, kills and giving up.
  std::function<void(const event_record&)> on_event;
  /// The wall clock that stamps events; the system clock when empty. Restart timing never uses it:
  /// it follows the actor clock, which CAF's test coordinator controls.
  std::function<epoch_ms()> wall_clock;
};

/// The supervision part of the settings as options (callbacks and seed left empty).
supervisor_options to_supervisor_options(const supervision_settings& x,
                                         restart_strategy strategy = restart_strategy::one_for_one);

/// Why a supervisor quit on its own: the reason its parent sees in the down message.
enum class supervision_errc : uint8_t {
  restart_intensity_exceeded = 1, // more than max_restarts restarts within `within`
  duplicate_child_label = 2,      // refused to start (or to add a child): children are addressed by label
  no_such_child = 3,              // a child to remove that is not (or no longer) there
  shutting_down = 4,              // a child to add while the supervisor stops its subtree
};

/// An error of category "supervisor".
caf::error make_error(supervision_errc x);

/// Renders supervision errors; register with
/// `cfg.add_error_category(caf::atom("supervisor"), render_supervision_error)`.
std::string render_supervision_error(uint8_t code, caf::atom_value category, const caf::message& ctx);

/// Spawns a supervisor that starts `children` in order. Exit it with exit_reason::user_shutdown (or
/// any other non-normal reason) to stop its subtree; it then quits with that reason.
/// status(verbosity) answers {label, strategy, children: {<label>: {running, restarts}}}; detailed adds
/// each child's restart type and the supervisor's restarts within the intensity window.
supervisor_actor spawn_supervisor(caf::actor_system& sys, std::string label, supervisor_options opts,
                                  std::vector<child_spec> children);

} // namespace g6
