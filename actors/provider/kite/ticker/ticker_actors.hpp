// ticker_actors.hpp — the typed interfaces of the Kite provider's streaming helpers, which only the Kite
// provider spawns and talks to (so they are not in messages/actors.hpp): the tick book, holding the latest
// tick per instrument, and the ticker, which keeps an app's WebSocket connections (and those of its spill
// apps) subscribed to what the collectors ask for. Their messages are process-local.
#pragma once

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "actors/clock/market_clock.hpp"
#include "actors/provider/kite/kite_credentials.hpp"
#include "actors/provider/kite/ticker/tick_book.hpp"
#include "actors/provider/kite/ticker/ticker_client.hpp"
#include "actors/provider/kite/ticker/ticker_figures.hpp"
#include "messages/actors.hpp"

namespace g6 {

/// Ticks that arrived in one message, with the market clock and the wall clock at arrival.
struct tick_delivery {
  std::vector<kite_tick> ticks;
  epoch_ms received = 0;
  epoch_ms received_wall = 0;
};

/// The instrument tokens of index levels, by index: the book hands their ticks on as spots.
struct index_tokens {
  std::map<uint64_t, std::string> index_of;
};

/// A text message from Kite's ticker that matters: an error (a refused subscription, a limit).
struct ticker_notice {
  size_t connection = 0;
  std::string text;
};

using book_atom = caf::atom_constant<caf::atom("tbook")>;
using forget_atom = caf::atom_constant<caf::atom("tforget")>;
using demand_atom = caf::atom_constant<caf::atom("tdemand")>;
using ticker_poll_atom = caf::atom_constant<caf::atom("tpoll")>;
using live_push_atom = caf::atom_constant<caf::atom("tlive")>;

// clang-format off
using tick_book_actor = caf::typed_actor<
  caf::reacts_to<tick_delivery>,
  // Unsubscribed instruments: their ticks are dropped.
  caf::reacts_to<forget_atom, std::vector<uint64_t>>,
  // The ticks of these instruments that arrived at or after the instant; the rest reported missing.
  caf::replies_to<book_atom, std::vector<uint64_t>, epoch_ms>::with<book_snapshot>,
  // The index levels among the instruments (after each instrument dump).
  caf::reacts_to<index_tokens>,
  // Internal: the throttle's timer; hands on what ticked since the last push.
  caf::reacts_to<live_push_atom>,
  status_client>;

using ticker_actor = caf::typed_actor<
  // These instruments are wanted now (a cycle asked for them): subscribe the new ones; those not wanted
  // again within a few cycles are unsubscribed.
  caf::reacts_to<demand_atom, std::vector<uint64_t>>,
  caf::reacts_to<ticker_socket_event>,
  caf::reacts_to<ticker_notice>,
  // Internal: the liveness, backoff and token check.
  caf::reacts_to<ticker_poll_atom>,
  status_client>;
// clang-format on

struct ticker_options {
  kite_app_config app; // the app's settings (ticker_url, ticker.*) and credentials
  // The apps whose connections follow the app's once those are full (its ticker.spill_apps), in order:
  // each lends its credentials and ticker.connections connections; the app's settings rule every one.
  std::vector<kite_app_config> spill_apps;
  std::shared_ptr<market_clock> clock;
  std::shared_ptr<ticker_figures> figures;
  tick_book_actor book;
  std::chrono::milliseconds demand_window{180000}; // real time an instrument stays subscribed without demand
  std::function<void(const event_record&)> on_event;
};

struct tick_book_options {
  std::shared_ptr<ticker_figures> figures;
  /// Gets what ticked since its previous call, at most live_rate_hz times a second: at once when the
  /// previous call is a period old, else at the end of the period (leading and trailing edge).
  std::function<void(live_quotes)> on_live_quotes;
  double live_rate_hz = 0; // 0: never
};

/// The app (provider name) of each of a ticker's connections: `app`'s ticker.connections, then each spill
/// app's, in order. The ticker's figures are made for these.
std::vector<std::string> ticker_connection_apps(const kite_app_config& app,
                                                const std::vector<kite_app_config>& spill_apps);

tick_book_actor spawn_tick_book(caf::local_actor& parent, tick_book_options options);
ticker_actor spawn_ticker(caf::local_actor& parent, ticker_options options);

} // namespace g6

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(g6::tick_delivery)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(g6::book_snapshot)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(g6::ticker_notice)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(g6::index_tokens)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(g6::ticker_socket_event)
