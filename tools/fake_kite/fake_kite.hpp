// fake_kite.hpp — the request handling of g6-fake-kite, a loopback imitation of the Kite Connect v3 API
// over the synthetic market (its indices and stocks): the instrument dump (Kite's CSV, real tradingsymbols
// and segments), /quote, /quote/ohlc, /quote/ltp, the session token exchange, Kite's error bodies and status codes,
// per-class rate limits answered with 429, injected faults, and Kite's WebSocket ticker (handshake, subscriptions,
// ticks of the same market /quote answers from, its faults), for one app or several (each with its own tokens
// and ticker connections). No sockets here: fake_kite_main.cpp and ticker_socket.cpp serve it.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "actors/clock/market_clock.hpp"
#include "actors/provider/kite/ticker/ticker_frame.hpp"
#include "actors/provider/synthetic_market.hpp"
#include "messages/enum_names.hpp"
#include "tools/fake_kite/fake_ticker.hpp"
#include "tools/fake_kite/rate_window.hpp"

namespace g6 {

struct fake_request {
  std::string method; // GET, POST, DELETE
  std::string target; // path and query, URL-encoded
  std::string authorization;
  std::string kite_version;
  std::string body; // form for POST
};

struct fake_response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  int delay_ms = 0; // the server sleeps this long before answering (slow answers)
};

/// What a fault does. The REST ones apply to API calls; the ticker ones to the WebSocket ticker.
enum class fake_fault_kind : uint8_t {
  token,          // 403 TokenException, and every access token forgotten
  status,         // HTTP `code`
  slow,           // the answer `ms` late
  truncate,       // half the body
  garbage,        // a body that is not JSON
  missing,        // a /quote answer without a `share` of the instruments
  input,          // 400 InputException
  ticker_silent,  // the ticker sends nothing, heartbeats included, for `count` seconds; the socket stays open
  ticker_close,   // every open ticker connection closed abruptly (TCP reset, no close frame)
  ticker_403,     // the next `count` ticker handshakes refused with 403
  ticker_garbage, // the next `count` messages sent, whatever the connection, are malformed binary ones
};

inline constexpr enum_names<fake_fault_kind, 11> fake_fault_kind_names{{
  {fake_fault_kind::token, "token"},
  {fake_fault_kind::status, "status"},
  {fake_fault_kind::slow, "slow"},
  {fake_fault_kind::truncate, "truncate"},
  {fake_fault_kind::garbage, "garbage"},
  {fake_fault_kind::missing, "missing"},
  {fake_fault_kind::input, "input"},
  {fake_fault_kind::ticker_silent, "ticker_silent"},
  {fake_fault_kind::ticker_close, "ticker_close"},
  {fake_fault_kind::ticker_403, "ticker_403"},
  {fake_fault_kind::ticker_garbage, "ticker_garbage"},
}};

constexpr std::string_view to_string(fake_fault_kind x) {
  return name_of(fake_fault_kind_names, x);
}

/// A fault applied to the next `count` API calls, ticker handshakes or messages (-1: until cleared);
/// for ticker_silent, `count` is seconds.
struct fake_fault {
  fake_fault_kind kind = fake_fault_kind::status;
  int count = -1;
  int code = 500;
  int ms = 0;
  double share = 0.5;
};

/// The answer to a ticker handshake: accepted (101, switching to WebSocket) with the connection's id,
/// or refused with an HTTP status and Kite's error body.
struct ticker_handshake {
  int status = 101;
  uint64_t connection = 0;
  std::string body;
};

/// What a ticker connection sends now.
enum class ticker_send_kind : uint8_t { nothing, ticks, heartbeat, garbage, close };

struct ticker_send {
  ticker_send_kind kind = ticker_send_kind::nothing;
  std::string bytes; // the binary message (ticks, heartbeat, garbage)
};

/// A Kite Connect app the fake serves: its key, the secret its checksums are made with, and a token valid
/// from the start (none when empty). Tokens, and the ticker's connection limit, are per app.
struct fake_app {
  std::string api_key;
  std::string api_secret;
  std::string access_token;
};

struct fake_kite_options {
  uint64_t seed = 20261126;
  // The first app.
  std::string api_key = "fake_api_key";
  std::string api_secret = "fake_api_secret";
  std::string access_token;        // accepted from the start when set
  std::vector<fake_app> more_apps; // other apps (a spill app of g6's ticker, another provider of its chain)
  double quote_rate = 1;           // requests per second of the quote class (quote, ohlc, ltp); > 0, may be fractional
  double other_rate = 10;          // every other endpoint
  int rate_tolerance_ms = 50;      // arrivals this much early still count as within the limit (network jitter)
  /// Index -> the tradingsymbol its level is listed under instead of Kite's (NIFTY -> "NIFTY 50"), as when
  /// Kite renames an index: the quote key becomes EXCHANGE:SYMBOL with the index's exchange.
  std::map<std::string, std::string> index_symbols;
};

class fake_kite {
public:
  fake_kite(fake_kite_options options, std::shared_ptr<market_clock> clock);

  /// Answers one request; `now_ms` is the server's monotonic time for the rate limits. Thread-safe.
  fake_response handle(const fake_request& request, int64_t now_ms);

  // The ticker. Every call is thread-safe; `now_ms` is the server's monotonic time, the market's prices
  // are those of the clock's instant, as /quote answers them.

  /// A WebSocket upgrade to `target` (/ws?api_key=K&access_token=T): the credentials the REST API takes,
  /// at most ticker_max_connections_per_key open at once per API key (429 beyond), ticker_403 faults (403).
  ticker_handshake ticker_open(std::string_view target);
  /// A text message from the client; the text message to answer with, empty for none.
  std::string ticker_request(uint64_t connection, std::string_view text);
  /// A message the client sent that is not text (or too long to read): counted as malformed.
  void ticker_malformed(uint64_t connection);
  /// What to send now: the due instruments' ticks in one message, else a heartbeat when nothing was
  /// sent for a tick interval; nothing while silent; close for ticker_close.
  ticker_send ticker_poll(uint64_t connection, int64_t now_ms);
  /// The connection is gone (either side closed it).
  void ticker_closed(uint64_t connection);

private:
  fake_response route(const fake_request& request, std::string_view path,
                      const std::vector<std::pair<std::string, std::string>>& params, int64_t now_ms);
  fake_response admin(std::string_view path, const std::vector<std::pair<std::string, std::string>>& params,
                      int64_t now_ms);
  void add_fault(const fake_fault& fault, int64_t now_ms);
  std::string ticker_stats() const;
  /// The market's quote of an instrument by its Kite token (the dump's), carrying that token.
  std::optional<option_quote> option_quote_of(uint64_t kite_token, epoch_ms now);
  /// The tick of an instrument (an index or an option of the dump) in `mode` at `now`.
  std::optional<kite_tick> tick_of(uint32_t kite_token, kite_tick_mode mode, epoch_ms now);
  fake_response quotes(std::string_view mode, const std::vector<std::pair<std::string, std::string>>& params);
  fake_response instruments();
  fake_response session(const std::vector<std::pair<std::string, std::string>>& form);
  bool authorised(const fake_request& request) const;
  /// The app with this API key; nullptr for none.
  const fake_app* app_of(std::string_view api_key) const;
  /// Whether `access_token` is valid for the app `api_key`.
  bool valid(std::string_view api_key, std::string_view access_token) const;
  bool within_rate(std::string_view cls, int64_t now_ms);
  void ensure_universe(day_number date);

  fake_kite_options options_;
  std::vector<fake_app> apps_; // the first app (options_.api_key ...), then options_.more_apps
  std::shared_ptr<market_clock> clock_;
  synthetic_market market_;
  std::mutex mutex_;
  std::map<std::string, std::string, std::less<>> valid_tokens_; // access token -> the API key it was issued to
  uint64_t tokens_issued_ = 0;
  std::deque<fake_fault> faults_;
  std::map<std::string, rate_window, std::less<>> windows_;
  std::map<std::string, uint64_t, std::less<>> requests_;
  uint64_t rate_violations_ = 0;
  uint64_t faults_applied_ = 0;
  size_t max_instruments_per_call_ = 0;
  // The universe of the current date: quote key -> Kite token, and the CSV dump.
  day_number universe_date_ = 0;
  std::map<std::string, uint64_t, std::less<>> keys_;
  std::string dump_;
  // Kite tokens are 32 bits, the segment in the low byte (the ticker sends them as such); the synthetic
  // market's are wider. Each option gets the next free Kite token when first listed, kept for the process.
  std::map<uint64_t, uint32_t> kite_tokens_;      // synthetic -> Kite
  std::map<uint32_t, uint64_t> synthetic_tokens_; // Kite -> synthetic
  // The ticker.
  struct ticker_connection {
    std::string api_key; // the app that opened it
    ticker_subscriptions subscriptions;
    int64_t last_sent_ms = 0;
    uint64_t closes_seen = 0; // ticker_close faults this connection has answered
  };
  std::map<uint64_t, ticker_connection> ticker_connections_;
  uint64_t ticker_connections_opened_ = 0;
  int64_t ticker_silent_until_ms_ = 0;
  uint64_t ticker_close_faults_ = 0;
  int ticker_refusals_left_ = 0; // -1: until cleared
  int ticker_garbage_left_ = 0;  // malformed messages still to send, any connection (-1: until cleared)
  std::map<std::string, uint64_t> ticker_accepted_by_key_; // handshakes accepted, by API key
  struct ticker_figures {
    uint64_t handshakes_accepted = 0;
    uint64_t handshakes_refused = 0;
    uint64_t frames_sent = 0; // binary messages of ticks
    uint64_t ticks_sent = 0;
    uint64_t heartbeats_sent = 0;
    uint64_t garbage_sent = 0;
    uint64_t requests = 0;
    uint64_t malformed_requests = 0;
    uint64_t refused_subscriptions = 0;
    uint64_t abrupt_closes = 0;
  } ticker_;
};

/// Parses a fault spec "kind[:count[:param]]" (token, status:3:503, slow:2:3000, missing:-1:0.2, ...;
/// the ticker's take no param: ticker_silent:SECONDS, ticker_close, ticker_403:N, ticker_garbage:N).
std::optional<fake_fault> parse_fault(std::string_view spec);

} // namespace g6
