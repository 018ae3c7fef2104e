#include "actors/network/gateway.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/network/gateway_state.hpp"
#include "actors/node/node_events.hpp"
#include "actors/node/registry_lookup.hpp"
#include "messages/status_fields.hpp"

namespace g6 {

namespace {

constexpr auto peer_category = caf::atom("peer");
constexpr uint8_t refusal_code = 1;
constexpr uint8_t failure_code = 2;

/// Tells the panels which indices are unreachable now (the metrics learn it from the events).
void publish_stale(gateway_pointer self) {
  std::vector<std::string> stale(self->state.stale.begin(), self->state.stale.end());
  with_registered(self, self->state.options.node, components::panels, std::chrono::seconds(5),
                  [=](const panels_actor& panels) {
                    if (panels)
                      self->send(panels, stale_atom_v, stale);
                  });
}

/// Sends `x` to the panels and metrics components of this node, when they run.
template <class T>
void report(gateway_pointer self, const T& x) {
  report_to(self, self->state.options.node, std::chrono::seconds(5), x, components::panels, components::metrics);
}

peer_record* peer_by_link(gateway_pointer self, const caf::actor_addr& link) {
  for (auto& [name, peer] : self->state.peers)
    if (peer.connected && peer.link.address() == link)
      return &peer;
  return nullptr;
}

/// The connected peer that sent the current message, or a refusal for anyone else.
peer_record* sending_peer(gateway_pointer self, caf::error& refusal) {
  auto sender = self->current_sender();
  auto* peer = sender ? peer_by_link(self, caf::actor_cast<caf::actor_addr>(sender)) : nullptr;
  if (!peer)
    refusal = self->state.options.role == node_role::hub
                ? make_peer_refusal("not accepted: say hello (with the shared secret) first")
                : make_peer_refusal("this node is not a hub (g6 run --role hub)");
  return peer;
}

void on_peer_lost(gateway_pointer self, const caf::down_msg& dm) {
  auto* peer = peer_by_link(self, dm.source);
  if (!peer)
    return;
  auto& st = self->state;
  peer->connected = false;
  peer->lost_at = wall_clock_ms();
  peer->lost_reason = self->system().render(dm.reason);
  auto released = st.claims.release(peer->name);
  st.stale.insert(released.begin(), released.end());
  std::string list;
  for (auto& index : released)
    list += (list.empty() ? "" : ", ") + index;
  spdlog::warn("node '{}' lost ({}); stale: {}", peer->name, peer->lost_reason, list.empty() ? "-" : list);
  self->state.events.emit("node_lost",
                          "node '" + peer->name + "' lost (" + peer->lost_reason + "); indices stale: " + list);
  publish_stale(self);
}

/// Counts, logs and reports a refused peer; the error its hello gets.
caf::error refuse_peer(gateway_pointer self, const std::string& node, std::string why) {
  ++self->state.refused;
  spdlog::error("refused node '{}': {}", node, why);
  self->state.events.emit("peer_refused", why);
  return make_peer_refusal(std::move(why));
}

std::string on_hello(gateway_pointer self, peer_hello hello, caf::error& refusal) {
  auto& st = self->state;
  auto refuse = [&](std::string why) {
    refusal = refuse_peer(self, hello.node, std::move(why));
    return std::string{};
  };
  if (st.options.role != node_role::hub)
    return refuse("this node is not a hub (g6 run --role hub)");
  if (auto why = handshake_refusal(hello, st.options.version, st.options.secret))
    return refuse(*why);
  // The same node saying hello again has restarted, or lost a connection the hub has not noticed yet:
  // its earlier connection is dead, so the new one replaces it.
  if (auto i = st.peers.find(hello.node); i != st.peers.end() && i->second.connected) {
    spdlog::info("node '{}' reconnected; replacing its earlier connection", hello.node);
    self->demonitor(i->second.link);
    i->second.connected = false;
    st.claims.release(hello.node);
  }
  if (auto claimed = st.claims.claim(hello.node, hello.indices); !claimed)
    return refuse(claimed.error());
  auto sender = caf::actor_cast<caf::actor>(self->current_sender());
  auto& peer = st.peers[hello.node];
  peer.name = hello.node;
  peer.version = hello.version;
  peer.link = sender;
  peer.node = std::move(hello.node_handle);
  peer.indices = hello.indices;
  peer.connected = true;
  peer.connected_at = wall_clock_ms();
  self->monitor(sender);
  bool revived = false;
  for (auto& index : hello.indices)
    revived = st.stale.erase(index) > 0 || revived;
  std::string list;
  for (auto& index : hello.indices)
    list += (list.empty() ? "" : ", ") + index;
  spdlog::info("node '{}' (g6 {}) connected; collects {}", hello.node, hello.version, list);
  self->state.events.emit("node_connected", "node '" + hello.node + "' collects " + list);
  if (revived)
    publish_stale(self);
  return st.options.node_name;
}

caf::result<std::string> hello_reply(gateway_pointer self, peer_hello hello) {
  caf::error refusal;
  auto reply = on_hello(self, std::move(hello), refusal);
  if (refusal)
    return refusal;
  return reply;
}

/// Stores an item a collector sent through this hub's storage; the reply is storage's acknowledgement.
template <class T, class After>
caf::result<uint64_t> store_from_peer(gateway_pointer self, T item, After after) {
  caf::error refusal;
  auto* peer = sending_peer(self, refusal);
  if (!peer)
    return refusal;
  auto name = peer->name;
  auto rp = self->make_response_promise<uint64_t>();
  lookup(
    self, self->state.options.node, components::storage, std::chrono::seconds(5),
    [=](const storage_actor& storage) mutable {
      self->request(storage, std::chrono::seconds(60), store_atom_v, item)
        .then(
          [=](uint64_t rows) mutable {
            after(name, item, rows);
            rp.deliver(rows);
          },
          [=](caf::error& err) mutable { rp.deliver(std::move(err)); });
    },
    [=](const std::string& why) mutable { rp.deliver(make_console_error(why + " on the hub")); });
  return rp;
}

caf::typed_response_promise<caf::settings> status_of(gateway_pointer self, status_verbosity v) {
  auto& st = self->state;
  auto rp = self->make_response_promise<caf::settings>();
  auto s = std::make_shared<caf::settings>();
  put(*s, "role", std::string{to_string(st.options.role)});
  put(*s, "refused", st.refused);
  put(*s, "console_commands", st.console_commands);
  put_figures(*s, gateway_figures{{st.stale.begin(), st.stale.end()}});
  std::vector<std::pair<std::string, caf::actor>> remotes;
  for (auto& [name, peer] : st.peers) {
    caf::settings p;
    put(p, "connected", peer.connected);
    put(p, "version", peer.version);
    put_figures(p, peer_figures{{peer.indices.begin(), peer.indices.end()}});
    put(p, "batches", peer.batches);
    if (!peer.connected)
      put(p, "lost", peer.lost_reason);
    s->emplace(status_keys::peer_prefix + name, caf::config_value{std::move(p)});
    if (peer.connected)
      remotes.emplace_back(name, peer.node);
  }
  if (remotes.empty()) {
    rp.deliver(*s);
    return rp;
  }
  // The hub's status includes its collectors' own: each node merges its components.
  auto pending = std::make_shared<size_t>(remotes.size());
  for (auto& [name, node] : remotes) {
    auto done = [=]() mutable {
      if (--*pending == 0)
        rp.deliver(*s);
    };
    self->request(caf::actor_cast<node_actor>(node), std::chrono::milliseconds(1500), status_atom_v, v)
      .then(
        [=, n = name](caf::settings& remote) mutable {
          s->emplace(status_keys::remote_prefix + n, caf::config_value{std::move(remote)});
          done();
        },
        [=, n = name](caf::error& err) mutable {
          caf::settings unanswered;
          put(unanswered, "error", self->system().render(err));
          s->emplace(status_keys::remote_prefix + n, caf::config_value{std::move(unanswered)});
          done();
        });
  }
  return rp;
}

gateway_actor::behavior_type gateway(gateway_pointer self, gateway_options options) {
  self->state.options = std::move(options);
  self->state.events = event_emitter{"gateway", events_to(self->state.options.node)};
  self->set_down_handler([=](caf::down_msg& dm) { on_peer_lost(self, dm); });
  return {
    [=](hello_atom, peer_hello& hello) -> caf::result<std::string> { return hello_reply(self, std::move(hello)); },
    [=](hello_atom, uint32_t protocol, const std::string& version, const std::string& node_name, const std::string&,
        const std::vector<std::string>&, const caf::actor&) -> caf::result<std::string> {
      return refuse_peer(self, node_name, incompatible_peer(node_name, version, protocol, self->state.options.version));
    },
    [=](store_atom, cycle_batch& batch) -> caf::result<uint64_t> {
      caf::error refusal;
      auto* peer = sending_peer(self, refusal);
      if (!peer)
        return refusal;
      if (self->state.claims.owner(batch.index) != peer->name)
        return make_peer_refusal("index " + batch.index + " is not claimed by node '" + peer->name + "'");
      return store_from_peer(self, std::move(batch), [=](const std::string& name, const cycle_batch& b, uint64_t rows) {
        if (auto i = self->state.peers.find(name); i != self->state.peers.end()) {
          ++i->second.batches;
          i->second.last_batch_ts = b.ts;
        }
        // The hub's secondary sinks get what SQLite newly committed; a re-sent batch was fed before.
        auto snapshot = snapshot_of(b);
        report(self, snapshot);
        if (rows > 0)
          report_to(self, self->state.options.node, std::chrono::seconds(5), snapshot, components::csv_sink,
                    components::influx_sink);
      });
    },
    [=](store_atom, cycle_record& rec) -> caf::result<uint64_t> {
      return store_from_peer(self, std::move(rec),
                             [=](const std::string&, const cycle_record& r, uint64_t) { report(self, r); });
    },
    [=](store_atom, event_record& ev) -> caf::result<uint64_t> {
      caf::error refusal;
      auto* peer = sending_peer(self, refusal);
      if (!peer)
        return refusal;
      // The hub's node logs it, counts it in the metrics and stores it; the collector has logged it.
      ev.component = peer->name + "/" + ev.component;
      self->send(self->state.options.node, event_atom_v, ev);
      return uint64_t{1};
    },
    [=](console_atom, const std::string& secret, const std::vector<std::string>& words) -> caf::result<std::string> {
      if (!secret_matches(self->state.options.secret, secret))
        return make_peer_refusal("wrong shared secret (nodes.secret / G6_NODE_SECRET)");
      ++self->state.console_commands;
      return run_console_command(self, words);
    },
    [=](status_atom, status_verbosity v) { return status_of(self, v); },
  };
}

} // namespace

caf::error make_peer_refusal(std::string reason) {
  return caf::error{refusal_code, peer_category, caf::make_message(std::move(reason))};
}

caf::error make_console_error(std::string reason) {
  return caf::error{failure_code, peer_category, caf::make_message(std::move(reason))};
}

bool is_peer_refusal(const caf::error& err) {
  return err.category() == peer_category && err.code() == refusal_code;
}

std::string render_peer_error(uint8_t, caf::atom_value, const caf::message& ctx) {
  if (ctx.size() == 1 && ctx.match_element<std::string>(0))
    return ctx.get_as<std::string>(0);
  return "refused by the peer";
}

gateway_actor spawn_gateway(caf::actor_system& sys, gateway_options options) {
  return sys.spawn(gateway, std::move(options));
}

} // namespace g6
