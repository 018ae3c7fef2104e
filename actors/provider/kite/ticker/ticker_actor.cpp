#include <caf/all.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>

#include <fmt/format.h>

#include "actors/provider/kite/ticker/ticker_actors.hpp"
#include "actors/provider/kite/ticker/ticker_requests.hpp"
#include "actors/provider/kite/ticker/ticker_text.hpp"
#include "messages/events.hpp"
#include "supervision/steady_time.hpp"

namespace g6 {

namespace {

constexpr auto poll_interval = std::chrono::milliseconds{250};
// Malformed frames are counted always, reported as an event at most this often.
constexpr int64_t malformed_report_interval_ms = 10000;

// Runs on the client's I/O thread: reads each message where it arrived and hands the ticks to the book,
// so a busy feed costs the ticker actor nothing.
ticker_client_callbacks io_callbacks(caf::actor_addr ticker, caf::actor_addr book,
                                     std::shared_ptr<ticker_figures> figures, std::shared_ptr<market_clock> clock) {
  ticker_client_callbacks out;
  out.on_event = [ticker](ticker_socket_event event) {
    if (auto strong = caf::actor_cast<ticker_actor>(ticker))
      caf::anon_send(strong, std::move(event));
  };
  out.on_message = [ticker, book, figures, clock](size_t connection, uint64_t, std::string_view message, bool text) {
    if (text) {
      auto parsed = parse_ticker_text(message);
      if (parsed && parsed->kind == ticker_text_kind::error) {
        ++figures->text_errors;
        if (auto strong = caf::actor_cast<ticker_actor>(ticker))
          caf::anon_send(strong, ticker_notice{connection, parsed->error_text});
      } else if (!parsed) {
        ++figures->malformed_frames;
      }
      return;
    }
    ++figures->frames;
    figures->last_frame_ms[connection] = steady_ms();
    ticker_frame_reader reader{message};
    tick_delivery delivery;
    kite_tick tick;
    while (reader.next(tick)) {
      ++figures->ticks[static_cast<size_t>(tick.mode)];
      delivery.ticks.push_back(tick);
    }
    auto& outcome = reader.outcome();
    if (outcome.heartbeat)
      ++figures->heartbeats;
    if (outcome.problem != ticker_frame_problem::none)
      ++figures->malformed_frames;
    figures->unknown_packets += outcome.unknown_packets;
    if (delivery.ticks.empty())
      return;
    delivery.received = clock->now();
    delivery.received_wall = wall_clock_ms();
    if (auto strong = caf::actor_cast<tick_book_actor>(book))
      caf::anon_send(strong, std::move(delivery));
  };
  return out;
}

// An app whose connections the ticker uses (its own, or a spill app): the credentials they open with.
struct ticker_app {
  kite_app_config config;
  std::optional<kite_session> session;
  std::string rejected_token; // the access token a handshake of this app was refused with
};

// How many connections an app gives the ticker: its ticker.connections (1-3, the loader checks).
size_t lent_connections(const kite_app_config& app) {
  return static_cast<size_t>(app.settings.ticker.connections);
}

struct ticker_state {
  ticker_options opt;
  event_emitter events; // as provider.kite.ticker, provider.kite.<app>.ticker
  std::unique_ptr<ticker_client> client;
  std::string url_problem;
  std::vector<ticker_app> apps;   // the provider's app, then its spill apps
  std::vector<size_t> app_index;  // per connection: its app in apps
  std::vector<ticker_link> links; // per connection
  ticker_plan plan;
  instrument_demand demand; // in steady ms
  bool replan_due = false;
  std::mt19937_64 dice{20261204};
  uint64_t malformed_reported = 0;
  int64_t malformed_reported_at = 0;
  size_t left_out_reported = 0;

  static inline const char* name = "provider.kite.ticker";

  void publish(size_t i) { opt.figures->states[i] = links[i].state(); }

  ticker_app& app_of(size_t connection) { return apps[app_index[connection]]; }
  const ticker_app& app_of(size_t connection) const { return apps[app_index[connection]]; }

  // "connection 4 (kite.backup)": which connection, and whose.
  std::string label(size_t connection) const {
    return fmt::format("connection {} ({})", connection + 1, app_of(connection).config.provider);
  }
};

using ticker_pointer = ticker_actor::stateful_pointer<ticker_state>;

// The instruments the plan puts on connection i, subscribed with the configured mode.
std::vector<std::string> subscription_messages(const ticker_state& st, std::span<const uint64_t> tokens) {
  auto out = subscribe_messages(tokens);
  for (auto& m : mode_messages(st.opt.app.settings.ticker.mode, tokens))
    out.push_back(std::move(m));
  return out;
}

void lose(ticker_pointer self, size_t i, ticker_loss why, const std::string& detail) {
  auto& st = self->state;
  auto delay = st.links[i].lost(steady_ms(), st.dice);
  ++st.opt.figures->reconnects[static_cast<size_t>(why)];
  st.publish(i);
  st.events.emit("ticker_lost",
                 fmt::format("{}: {} ({}); reconnecting in {} ms", st.label(i), to_string(why), detail, delay));
}

// Moves the plan to the wanted instruments and tells the open connections what changed.
void replan(ticker_pointer self) {
  auto& st = self->state;
  st.replan_due = false;
  auto wanted = st.demand.wanted();
  auto change = st.plan.replan(wanted);
  std::vector<uint64_t> dropped;
  for (size_t i = 0; i < change.changes.size(); ++i) {
    auto& c = change.changes[i];
    dropped.insert(dropped.end(), c.unsubscribe.begin(), c.unsubscribe.end());
    if (st.links[i].state() != ticker_link_state::streaming)
      continue; // it subscribes its whole share when it opens
    auto messages = unsubscribe_messages(c.unsubscribe);
    for (auto& m : subscription_messages(st, c.subscribe))
      messages.push_back(std::move(m));
    if (!messages.empty())
      st.client->send(i, st.links[i].generation(), std::move(messages));
  }
  if (!dropped.empty())
    caf::anon_send(st.opt.book, forget_atom::value, std::move(dropped));
  st.opt.figures->subscribed = st.plan.planned();
  st.opt.figures->left_out = change.left_out.size();
  if (change.left_out.size() != st.left_out_reported) {
    st.left_out_reported = change.left_out.size();
    if (!change.left_out.empty())
      st.events.emit("ticker_capacity",
                     fmt::format("{} instruments wanted, {} fit on {} connections of {} ({} app{}: its own and {} of "
                                 "ticker.spill_apps): {} are fetched by REST",
                                 wanted.size(), st.plan.planned(), st.plan.connections(),
                                 kite_ticker_instruments_per_connection, st.apps.size(), st.apps.size() == 1 ? "" : "s",
                                 st.apps.size() - 1, change.left_out.size()));
  }
}

// The session an app's connections open with, from its token file (or, for providers.kite, KITE_*); a
// token refused at a handshake is not used again. Else why there is none.
std::optional<std::string> session_problem(ticker_app& app, epoch_ms now) {
  auto current = current_session(app.config.env, app.config.token_file, now);
  if (!current || current->access_token == app.rejected_token) {
    app.session.reset();
    return current ? std::string{"the token Kite refused"} : current.error().message;
  }
  app.session = *current;
  return std::nullopt;
}

void poll(ticker_pointer self) {
  auto& st = self->state;
  auto now = steady_ms();
  st.replan_due |= st.demand.forget_unwanted();
  if (st.replan_due)
    replan(self);
  // Each app's token separately: a spill app's refused token stops only that app's connections.
  for (size_t a = 0; a < st.apps.size(); ++a) {
    bool waiting_for_token = false;
    for (size_t i = 0; i < st.links.size(); ++i)
      waiting_for_token |= st.app_index[i] == a && st.links[i].state() == ticker_link_state::auth_required;
    if (!waiting_for_token || session_problem(st.apps[a], st.opt.clock->now()))
      continue;
    for (size_t i = 0; i < st.links.size(); ++i)
      if (st.app_index[i] == a && st.links[i].token_changed()) {
        ++st.opt.figures->reconnects[static_cast<size_t>(ticker_loss::token_changed)];
        st.publish(i);
      }
    st.events.emit("ticker_auth_restored", fmt::format("{}: a new access token appeared; its connections reconnect",
                                                       st.apps[a].config.provider));
  }
  for (size_t i = 0; i < st.links.size(); ++i) {
    auto& link = st.links[i];
    if (auto seen = st.opt.figures->last_frame_ms[i].load(); seen > link.last_frame())
      link.frame(seen);
    bool wanted = st.plan.load(i) > 0;
    switch (link.due(now, wanted)) {
      case ticker_link_action::none:
        break;
      case ticker_link_action::connect: {
        if (!st.url_problem.empty())
          break;
        auto& app = st.app_of(i);
        if (auto problem = session_problem(app, st.opt.clock->now())) {
          link.refused(now);
          st.publish(i);
          st.events.emit("ticker_auth_required",
                         fmt::format("{}: no usable access token ({}); waiting for a new one ({})", st.label(i),
                                     *problem, token_command(app.config.provider)));
          break;
        }
        st.opt.figures->last_frame_ms[i] = 0;
        st.client->open(i, link.connecting(now), app.session->api_key, app.session->access_token);
        st.publish(i);
        break;
      }
      case ticker_link_action::close: {
        auto state = link.state();
        st.client->close(i, link.generation());
        if (!wanted) {
          link.retire();
          st.publish(i);
        } else if (state == ticker_link_state::streaming) {
          lose(self, i, ticker_loss::silence,
               fmt::format("no frame for {} s", st.opt.app.settings.ticker.silence_seconds));
        } else {
          lose(self, i, ticker_loss::connect_failed, "the handshake did not finish in time");
        }
        break;
      }
    }
  }
  auto malformed = st.opt.figures->malformed_frames.load();
  if (malformed > st.malformed_reported && now - st.malformed_reported_at >= malformed_report_interval_ms) {
    st.events.emit("ticker_malformed",
                   fmt::format("{} malformed ticker messages (skipped)", malformed - st.malformed_reported));
    st.malformed_reported = malformed;
    st.malformed_reported_at = now;
  }
}

void on_socket(ticker_pointer self, const ticker_socket_event& event) {
  auto& st = self->state;
  if (event.connection >= st.links.size())
    return;
  auto i = event.connection;
  auto& link = st.links[i];
  if (event.generation != link.generation()
      || (link.state() != ticker_link_state::connecting && link.state() != ticker_link_state::streaming))
    return; // an attempt already given up
  switch (event.kind) {
    case ticker_socket_event_kind::opened: {
      link.opened(steady_ms());
      st.publish(i);
      auto tokens = st.plan.instruments_of(i);
      st.events.emit("ticker_connected", fmt::format("{}: open; subscribing {} instruments in {} mode", st.label(i),
                                                     tokens.size(), to_string(st.opt.app.settings.ticker.mode)));
      st.client->send(i, link.generation(), subscription_messages(st, tokens));
      break;
    }
    case ticker_socket_event_kind::refused:
      if (event.http_status == 403) {
        auto& app = st.app_of(i);
        if (app.session)
          app.rejected_token = app.session->access_token;
        link.refused(steady_ms());
        st.publish(i);
        st.events.emit("ticker_auth_required",
                       fmt::format("{}: Kite refused the access token ({}); waiting for a new one ({})", st.label(i),
                                   event.detail, token_command(app.config.provider)));
      } else {
        lose(self, i, ticker_loss::connect_failed, event.detail);
      }
      break;
    case ticker_socket_event_kind::failed:
      lose(self, i, ticker_loss::connect_failed, event.detail);
      break;
    case ticker_socket_event_kind::closed:
      lose(self, i, ticker_loss::closed, event.detail);
      break;
  }
}

caf::settings status_of(const ticker_state& st) {
  caf::settings s;
  caf::put(s, "url_problem", st.url_problem);
  caf::put(s, "wanted", static_cast<int64_t>(st.demand.size()));
  caf::put(s, "subscribed", static_cast<int64_t>(st.plan.planned()));
  for (size_t i = 0; i < st.links.size(); ++i) {
    caf::put(s, fmt::format("connections.{}.app", i + 1), st.app_of(i).config.provider);
    caf::put(s, fmt::format("connections.{}.state", i + 1), std::string{to_string(st.links[i].state())});
    caf::put(s, fmt::format("connections.{}.instruments", i + 1), static_cast<int64_t>(st.plan.load(i)));
  }
  return s;
}

ticker_actor::behavior_type ticker_fn(ticker_pointer self, ticker_options options) {
  auto& boot = self->state;
  boot.opt = std::move(options);
  boot.demand = instrument_demand{boot.opt.demand_window.count()};
  boot.events = event_emitter{"provider." + boot.opt.app.provider + ".ticker", boot.opt.on_event};
  auto& settings = boot.opt.app.settings;
  ticker_link_policy policy;
  policy.silence_ms = static_cast<int64_t>(settings.ticker.silence_seconds * 1000);
  policy.handshake_limit_ms = static_cast<int64_t>(settings.connect_timeout_seconds * 1000) + 10000;
  boot.apps.push_back({boot.opt.app, {}, {}});
  for (auto& spill : boot.opt.spill_apps)
    boot.apps.push_back({spill, {}, {}});
  for (size_t a = 0; a < boot.apps.size(); ++a)
    boot.app_index.insert(boot.app_index.end(), lent_connections(boot.apps[a].config), a);
  boot.links.assign(boot.app_index.size(), ticker_link{policy});
  boot.plan = ticker_plan{boot.links.size()};
  auto address = parse_ticker_url(settings.ticker_url);
  if (!address) {
    boot.url_problem = address.error();
    boot.events.emit("ticker_misconfigured", boot.url_problem + "; quotes come from REST");
  } else {
    ticker_client_options client;
    client.address = *address;
    client.connect_timeout = std::chrono::milliseconds{static_cast<int64_t>(settings.connect_timeout_seconds * 1000)};
    boot.client = std::make_unique<ticker_client>(
      client, io_callbacks(self->address(), boot.opt.book.address(), boot.opt.figures, boot.opt.clock));
  }
  self->send(self, ticker_poll_atom::value);
  return {
    [self](demand_atom, const std::vector<uint64_t>& tokens) {
      auto& st = self->state;
      st.replan_due |= st.demand.ask(tokens, steady_ms());
      if (st.replan_due)
        replan(self);
    },
    [self](ticker_socket_event& event) { on_socket(self, event); },
    [self](ticker_notice& notice) {
      auto& st = self->state;
      if (notice.connection < st.links.size())
        st.events.emit("ticker_error", fmt::format("{}: Kite says: {}", st.label(notice.connection), notice.text));
    },
    [self](ticker_poll_atom) {
      if (!self->state.url_problem.empty())
        return;
      poll(self);
      self->delayed_send(self, poll_interval, ticker_poll_atom::value);
    },
    [self](status_atom, status_verbosity) { return status_of(self->state); },
  };
}

} // namespace

std::vector<std::string> ticker_connection_apps(const kite_app_config& app,
                                                const std::vector<kite_app_config>& spill_apps) {
  std::vector<std::string> out(lent_connections(app), app.provider);
  for (auto& spill : spill_apps)
    out.insert(out.end(), lent_connections(spill), spill.provider);
  return out;
}

ticker_actor spawn_ticker(caf::local_actor& parent, ticker_options options) {
  return parent.spawn<caf::linked>(ticker_fn, std::move(options));
}

} // namespace g6
