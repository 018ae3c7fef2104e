// circuit_breaker.hpp — the circuit breaker state machine in front of a provider: it stops calling a
// failing dependency for a while, then lets a few trial calls decide whether it recovered. Pure: the
// caller passes the time of every call, so tests and simulated days drive it with explicit instants.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/settings.hpp"
#include "messages/breaker_state.hpp"

namespace g6 {

/// The knobs of a breaker; g6::breaker_settings with the open time as a duration.
struct breaker_config {
  int window = 20;                                 // the decision looks at the last this many calls
  int min_calls = 5;                               // no decision before the window holds this many calls
  double failure_rate = 0.5;                       // open when the share of failures in the window reaches this
  std::chrono::milliseconds open_duration{10'000}; // wait in open before trial calls
  int half_open_trials = 3;                        // trial calls let through in half-open; all must succeed to close
};

breaker_config to_breaker_config(const breaker_settings& x);

/// What is wrong with a config ("breaker.window must be at least 1, got 0"), or nullopt when it is
/// usable. A breaker built from a config that fails this check behaves safely but uselessly.
std::optional<std::string> validate(const breaker_config& x);

/// A change of state, with the evidence that caused it: for closed->open the window's failures and
/// calls, for half_open->open the trials recorded so far.
struct breaker_transition {
  breaker_state from = breaker_state::closed;
  breaker_state to = breaker_state::closed;
  std::chrono::steady_clock::time_point at;
  int calls = 0;
  int failures = 0;
  double failure_rate = 0; // failures / calls, 0 without calls
};

/// "closed->open", the kind of event a caller emits for it.
std::string to_string(const breaker_transition& x);

class circuit_breaker {
public:
  using time_point = std::chrono::steady_clock::time_point;

  explicit circuit_breaker(breaker_config config);

  /// Whether a call may go out now. Moves open to half_open once open_duration has passed; in
  /// half_open each true answer is one of the half_open_trials trial calls.
  bool allow(time_point now);

  /// The outcome of a call that allow() let through. Outcomes arriving while open (calls that went out
  /// before it opened) and outcomes beyond the trials in flight are ignored.
  void record_success(time_point now);
  void record_failure(time_point now);

  breaker_state state() const { return state_; }

  /// Calls and failures in the current window (closed), or trial outcomes so far (half_open).
  int calls() const;
  int failures() const;

  /// The transitions since the last call, oldest first. Callers drain it after each call to emit
  /// events.
  std::vector<breaker_transition> take_transitions();

private:
  void record(bool failed, time_point now);
  void transition(breaker_state to, time_point now, int calls, int failures);

  breaker_config config_;
  breaker_state state_ = breaker_state::closed;
  std::deque<bool> window_; // closed: the last outcomes, true = failed
  int window_failures_ = 0;
  time_point opened_at_{};
  int trials_allowed_ = 0; // half_open: trial calls let through
  int trials_succeeded_ = 0;
  std::vector<breaker_transition> transitions_;
};

} // namespace g6
