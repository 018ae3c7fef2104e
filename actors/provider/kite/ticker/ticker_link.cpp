#include "actors/provider/kite/ticker/ticker_link.hpp"

#include <chrono>

namespace g6 {

ticker_link_action ticker_link::due(int64_t now, bool wanted) const {
  switch (state_) {
    case ticker_link_state::idle:
      return wanted ? ticker_link_action::connect : ticker_link_action::none;
    case ticker_link_state::backing_off:
      return wanted && now >= retry_at_ ? ticker_link_action::connect : ticker_link_action::none;
    case ticker_link_state::connecting:
      return now - since_ >= policy_.handshake_limit_ms ? ticker_link_action::close : ticker_link_action::none;
    case ticker_link_state::streaming:
      if (!wanted)
        return ticker_link_action::close;
      return now - last_frame_ >= policy_.silence_ms ? ticker_link_action::close : ticker_link_action::none;
    case ticker_link_state::auth_required:
      return ticker_link_action::none;
  }
  return ticker_link_action::none;
}

uint64_t ticker_link::connecting(int64_t now) {
  state_ = ticker_link_state::connecting;
  since_ = now;
  framed_ = false;
  return ++generation_;
}

void ticker_link::opened(int64_t now) {
  state_ = ticker_link_state::streaming;
  since_ = now;
  last_frame_ = now;
}

void ticker_link::frame(int64_t now) {
  if (state_ != ticker_link_state::streaming)
    return;
  last_frame_ = now;
  if (!framed_) {
    framed_ = true;
    losses_ = 0;
  }
}

int64_t ticker_link::lost(int64_t now, std::mt19937_64& dice) {
  auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(backoff_delay(policy_.backoff, losses_, dice));
  ++losses_;
  state_ = ticker_link_state::backing_off;
  since_ = now;
  retry_at_ = now + delay.count();
  return delay.count();
}

void ticker_link::refused(int64_t now) {
  state_ = ticker_link_state::auth_required;
  since_ = now;
}

bool ticker_link::token_changed() {
  if (state_ != ticker_link_state::auth_required)
    return false;
  state_ = ticker_link_state::idle;
  losses_ = 0;
  return true;
}

void ticker_link::retire() {
  state_ = ticker_link_state::idle;
  losses_ = 0;
}

} // namespace g6
