#include "actors/provider/failover_chain.hpp"

#include <utility>

#include <fmt/format.h>

namespace g6 {

failover_chain::failover_chain(const std::vector<std::string>& providers, const breaker_config& config) {
  for (auto& provider : providers)
    members_.push_back({provider, circuit_breaker{config}});
}

std::optional<size_t> failover_chain::next(std::optional<size_t> tried, time_point now) {
  for (size_t i = tried ? *tried + 1 : 0; i < members_.size(); ++i) {
    auto& m = members_[i];
    bool allowed = m.breaker.allow(now);
    collect_transitions(m);
    if (allowed) {
      ++m.forwarded;
      return i;
    }
    ++m.rejected;
  }
  return std::nullopt;
}

void failover_chain::record_failure(size_t member, time_point now) {
  auto& m = members_[member];
  ++m.failures;
  m.breaker.record_failure(now);
  collect_transitions(m);
}

void failover_chain::record_success(size_t member, bool after_failure, time_point now) {
  auto& m = members_[member];
  m.breaker.record_success(now);
  collect_transitions(m);
  if (member == serving_ || m.breaker.state() != breaker_state::closed)
    return;
  auto& from = members_[serving_];
  bool from_closed = from.breaker.state() == breaker_state::closed;
  if (member > serving_ && (after_failure || !from_closed))
    events_.push_back({0, "provider", "provider_failover",
                       fmt::format("{} -> {}: {}", from.provider, m.provider,
                                   from_closed ? from.provider + " failed"
                                               : fmt::format("the circuit of {} is {}", from.provider,
                                                             to_string(from.breaker.state())))});
  else if (member < serving_)
    events_.push_back({0, "provider", "provider_restored",
                       fmt::format("{} -> {}: {} answers again", from.provider, m.provider, m.provider)});
  else
    return;
  serving_ = member;
}

std::vector<event_record> failover_chain::take_events() {
  return std::exchange(events_, {});
}

void failover_chain::collect_transitions(chain_member& m) {
  for (auto& t : m.breaker.take_transitions())
    events_.push_back(
      {0, "breaker." + m.provider, "breaker_" + std::string{to_string(t.to)},
       fmt::format("{}: {} failures in {} calls ({:.0f}%)", to_string(t), t.failures, t.calls, t.failure_rate * 100)});
}

} // namespace g6
