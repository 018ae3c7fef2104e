// ticker_link.hpp — the life of one ticker connection as a state machine, without sockets or time of its
// own: connect, stream while frames keep coming, and when the link is lost wait a backoff (1 s doubling
// to 60 s, jittered) before the next attempt. Silence counts as loss: Kite's most common failure is an
// open socket that stops sending. A handshake Kite refuses with 403 means the access token is refused:
// the link waits in auth_required, without retrying, until a different token appears.
#pragma once

#include <cstdint>
#include <random>
#include <string_view>

#include "messages/enum_names.hpp"
#include "supervision/backoff.hpp"

namespace g6 {

enum class ticker_link_state : uint8_t {
  idle,          // not connected, nothing to wait for: connect when there is something to subscribe
  connecting,    // TCP, TLS and WebSocket handshakes under way
  streaming,     // open; frames arrive
  backing_off,   // lost; the next attempt waits until retry_at
  auth_required, // the token was refused at the handshake: waits for a new token
};

inline constexpr enum_names<ticker_link_state, 5> ticker_link_state_names{{
  {ticker_link_state::idle, "idle"},
  {ticker_link_state::connecting, "connecting"},
  {ticker_link_state::streaming, "streaming"},
  {ticker_link_state::backing_off, "backing_off"},
  {ticker_link_state::auth_required, "auth_required"},
}};

constexpr std::string_view to_string(ticker_link_state x) {
  return name_of(ticker_link_state_names, x);
}

/// Why a link was lost (and so reconnects): the label of g6_ticker_reconnects_total.
enum class ticker_loss : uint8_t {
  silence,        // no frame for silence_seconds: closed by g6
  closed,         // the server closed or reset the connection
  connect_failed, // no connection, TLS or WebSocket handshake (a refusal other than 403 included)
  token_changed,  // auth_required ended: a new access token appeared
};

inline constexpr enum_names<ticker_loss, 4> ticker_loss_names{{
  {ticker_loss::silence, "silence"},
  {ticker_loss::closed, "closed"},
  {ticker_loss::connect_failed, "connect_failed"},
  {ticker_loss::token_changed, "token_changed"},
}};

constexpr std::string_view to_string(ticker_loss x) {
  return name_of(ticker_loss_names, x);
}

struct ticker_link_policy {
  int64_t silence_ms = 5000;          // streaming without a frame this long: lost
  int64_t handshake_limit_ms = 15000; // connecting this long: lost
  backoff_policy backoff{std::chrono::seconds{1}, std::chrono::seconds{60}};
};

/// What the owner of the link should do now.
enum class ticker_link_action : uint8_t { none, connect, close };

class ticker_link {
public:
  explicit ticker_link(ticker_link_policy policy) : policy_(policy) {}

  /// What is due at `now` (steady ms) when the link is wanted (`wanted`: instruments to subscribe):
  /// connect when idle or when a backoff ended; close when streaming went silent or a handshake hangs
  /// (the owner then reports lost()). Never connect in auth_required.
  ticker_link_action due(int64_t now, bool wanted) const;

  /// The owner started a connection: the attempt's generation, which its later reports carry.
  uint64_t connecting(int64_t now);
  /// The handshake succeeded.
  void opened(int64_t now);
  /// A frame arrived (heartbeat or data). The first frame of a connection ends the backoff streak: a
  /// server that accepts and at once drops keeps backing off.
  void frame(int64_t now);
  /// The link was lost: back off, the delay growing with each loss since the last frame of a connection.
  /// Returns the delay in ms.
  int64_t lost(int64_t now, std::mt19937_64& dice);
  /// The handshake was refused with 403: wait for a new token.
  void refused(int64_t now);
  /// A different access token is available: an auth_required link connects again at once.
  bool token_changed();
  /// Closed by its owner for good (nothing left to subscribe): idle, no backoff.
  void retire();

  ticker_link_state state() const { return state_; }
  uint64_t generation() const { return generation_; }
  int64_t last_frame() const { return last_frame_; }
  int64_t retry_at() const { return retry_at_; }
  unsigned losses_in_a_row() const { return losses_; }

private:
  ticker_link_policy policy_;
  ticker_link_state state_ = ticker_link_state::idle;
  uint64_t generation_ = 0;
  int64_t since_ = 0;      // when the current state began
  int64_t last_frame_ = 0; // the last frame of the current connection (or its opening)
  int64_t retry_at_ = 0;
  bool framed_ = false; // the current connection delivered a frame
  unsigned losses_ = 0;
};

} // namespace g6
