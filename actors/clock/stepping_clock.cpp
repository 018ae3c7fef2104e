#include "actors/clock/stepping_clock.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "config/ist_time.hpp"

namespace g6 {

stepping_clock::stepping_clock(std::vector<epoch_ms> instants, std::optional<double> speed)
  : instants_(std::move(instants)), speed_(speed) {
  if (instants_.empty())
    throw std::invalid_argument("a stepping clock needs at least one instant");
  if (!std::is_sorted(instants_.begin(), instants_.end()))
    throw std::invalid_argument("a stepping clock's instants must be in ascending order");
  if (speed_ && !(*speed_ > 0 && std::isfinite(*speed_)))
    throw std::invalid_argument(fmt::format("a stepping clock's speed must be > 0, not {}", *speed_));
}

epoch_ms stepping_clock::now() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return instants_[current_];
}

std::chrono::nanoseconds stepping_clock::to_real(std::chrono::milliseconds simulated) const {
  return speed_ ? scaled_to_real(simulated, *speed_) : std::chrono::nanoseconds::zero();
}

bool stepping_clock::jump_to(epoch_ms) {
  return false;
}

std::string stepping_clock::describe() const {
  auto pace = speed_ ? fmt::format("{:g}x", *speed_) : std::string{"max"};
  return fmt::format("steps:{}..{}@{}", format_ist(instants_.front()), format_ist(instants_.back()), pace);
}

bool stepping_clock::step() {
  std::lock_guard<std::mutex> guard{mutex_};
  if (current_ + 1 >= instants_.size())
    return false;
  ++current_;
  return true;
}

} // namespace g6
