#include "supervision/circuit_breaker.hpp"

#include <cmath>
#include <utility>

namespace g6 {

breaker_config to_breaker_config(const breaker_settings& x) {
  breaker_config result;
  result.window = x.window;
  result.min_calls = x.min_calls;
  result.failure_rate = x.failure_rate;
  result.open_duration = std::chrono::milliseconds{std::llround(x.open_seconds * 1000)};
  result.half_open_trials = x.half_open_trials;
  return result;
}

std::optional<std::string> validate(const breaker_config& x) {
  if (x.window < 1)
    return "breaker.window must be at least 1, got " + std::to_string(x.window);
  if (x.min_calls < 1 || x.min_calls > x.window)
    return "breaker.min_calls must be between 1 and window (" + std::to_string(x.window) + "), got "
           + std::to_string(x.min_calls);
  if (!(x.failure_rate > 0 && x.failure_rate <= 1))
    return "breaker.failure_rate must be in (0, 1], got " + std::to_string(x.failure_rate);
  if (x.open_duration.count() < 0)
    return "breaker.open_seconds must not be negative, got " + std::to_string(x.open_duration.count() / 1000.0);
  if (x.half_open_trials < 1)
    return "breaker.half_open_trials must be at least 1, got " + std::to_string(x.half_open_trials);
  return std::nullopt;
}

std::string to_string(const breaker_transition& x) {
  std::string result{to_string(x.from)};
  result += "->";
  result += to_string(x.to);
  return result;
}

circuit_breaker::circuit_breaker(breaker_config config) : config_(config) {}

bool circuit_breaker::allow(time_point now) {
  if (state_ == breaker_state::open) {
    if (now - opened_at_ < config_.open_duration)
      return false;
    transition(breaker_state::half_open, now, 0, 0);
  }
  if (state_ == breaker_state::half_open) {
    if (trials_allowed_ >= config_.half_open_trials)
      return false;
    ++trials_allowed_;
  }
  return true;
}

void circuit_breaker::record_success(time_point now) {
  record(false, now);
}

void circuit_breaker::record_failure(time_point now) {
  record(true, now);
}

int circuit_breaker::calls() const {
  if (state_ == breaker_state::half_open)
    return trials_succeeded_;
  return static_cast<int>(window_.size());
}

int circuit_breaker::failures() const {
  return state_ == breaker_state::half_open ? 0 : window_failures_;
}

std::vector<breaker_transition> circuit_breaker::take_transitions() {
  return std::exchange(transitions_, {});
}

void circuit_breaker::record(bool failed, time_point now) {
  switch (state_) {
    case breaker_state::open:
      return;
    case breaker_state::half_open:
      // Only the trials in flight decide; a late outcome of a call from before the breaker opened
      // does not count as one.
      if (trials_succeeded_ >= trials_allowed_)
        return;
      if (failed) {
        transition(breaker_state::open, now, trials_succeeded_ + 1, 1);
        return;
      }
      if (++trials_succeeded_ == config_.half_open_trials)
        transition(breaker_state::closed, now, trials_succeeded_, 0);
      return;
    case breaker_state::closed:
      window_.push_back(failed);
      window_failures_ += failed ? 1 : 0;
      while (static_cast<int>(window_.size()) > config_.window) {
        window_failures_ -= window_.front() ? 1 : 0;
        window_.pop_front();
      }
      // Compare the quotient, not failures against rate * calls: 3 / 10 and 0.3 round to the same
      // double, 0.3 * 10 does not round to 3.
      if (calls() >= config_.min_calls && static_cast<double>(window_failures_) / calls() >= config_.failure_rate)
        transition(breaker_state::open, now, calls(), window_failures_);
      return;
  }
}

void circuit_breaker::transition(breaker_state to, time_point now, int calls, int failures) {
  breaker_transition x;
  x.from = state_;
  x.to = to;
  x.at = now;
  x.calls = calls;
  x.failures = failures;
  x.failure_rate = calls > 0 ? static_cast<double>(failures) / calls : 0;
  transitions_.push_back(x);
  state_ = to;
  window_.clear();
  window_failures_ = 0;
  trials_allowed_ = 0;
  trials_succeeded_ = 0;
  if (to == breaker_state::open)
    opened_at_ = now;
}

} // namespace g6
