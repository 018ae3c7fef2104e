#include "actors/network/hub_link.hpp"

#include <caf/all.hpp>
#include <caf/io/middleman.hpp>
#include <spdlog/spdlog.h>

#include <optional>
#include <random>

#include "actors/network/gateway.hpp"
#include "messages/status_fields.hpp"
#include "spill/spill_queue.hpp"
#include "supervision/backoff.hpp"

namespace g6 {

namespace {

struct hub_link_state {
  hub_link_options options;
  std::optional<spill_queue> box; // the outbox: every item journaled until the hub acknowledged it
  caf::actor hub;                 // the hub's gateway once it accepted our hello
  bool connecting = false;
  bool in_flight = false;
  uint32_t attempt = 0;    // failed connection attempts since the last success
  uint64_t generation = 0; // of the reconnect timer
  uint64_t sent = 0;       // items the hub acknowledged
  uint64_t journal_errors = 0;
  uint64_t connects = 0;
  std::string last_error;
  std::mt19937_64 jitter;
  static inline const char* name = "hub_link";
};

using link_pointer = hub_link_actor::stateful_pointer<hub_link_state>;

void connect(link_pointer self);

void schedule_reconnect(link_pointer self) {
  auto& st = self->state;
  auto delay = backoff_delay({st.options.reconnect_initial, st.options.reconnect_max}, st.attempt++, st.jitter);
  self->delayed_send(self, delay, reconnect_atom_v, ++st.generation);
}

void refused(link_pointer self, const std::string& why) {
  spdlog::error("hub {}:{} refused this node: {}", self->state.options.hub.host, self->state.options.hub.port, why);
  if (auto f = std::exchange(self->state.options.on_refused, nullptr))
    f(why);
}

/// Sends the oldest journaled item, if connected and nothing is in flight; the next follows its ack.
void pump(link_pointer self) {
  auto& st = self->state;
  if (!st.hub || st.in_flight || !st.box)
    return;
  std::string problem;
  const spill_item* item = nullptr;
  caf::message msg;
  while ((item = st.box->front(problem)) != nullptr) {
    caf::binary_deserializer source{self->system(), item->bytes.data(), item->bytes.size()};
    if (auto err = source(msg)) {
      ++st.journal_errors;
      spdlog::error("outbox item {} unreadable ({}); dropped", item->seq, self->system().render(err));
      st.box->pop();
      continue;
    }
    break;
  }
  if (!problem.empty()) {
    ++st.journal_errors;
    spdlog::error("outbox: {}", problem);
  }
  if (!item)
    return;
  st.in_flight = true;
  // Answers from an earlier connection are ignored: that item is re-sent on this one (idempotently).
  auto connection = st.connects;
  auto seq = item->seq;
  self->request(st.hub, std::chrono::seconds(30), std::move(msg))
    .then(
      [=](uint64_t) {
        auto& s = self->state;
        if (s.connects != connection || !s.in_flight)
          return;
        std::string ignored;
        if (auto* front = s.box->front(ignored); front && front->seq == seq) {
          s.box->pop();
          ++s.sent;
        }
        s.in_flight = false;
        pump(self);
      },
      [=](caf::error& err) {
        auto& s = self->state;
        if (s.connects != connection || !s.in_flight)
          return;
        s.in_flight = false;
        if (is_peer_refusal(err)) {
          refused(self, self->system().render(err));
          return;
        }
        // Not acknowledged: keep the item; a lost connection is handled by the down handler, anything
        // else (a timeout, the hub's storage failing) is retried after a pause.
        s.last_error = self->system().render(err);
        spdlog::warn("hub did not acknowledge an item ({}); will re-send", s.last_error);
        if (s.hub)
          self->delayed_send(self, std::chrono::milliseconds(500), reconnect_atom_v, uint64_t{0});
      });
}

void on_connected(link_pointer self, caf::actor hub) {
  auto& st = self->state;
  auto& o = st.options;
  self
    ->request(hub, std::chrono::seconds(5), hello_atom_v,
              peer_hello{peer_protocol_version, o.version, o.node_name, o.secret, o.indices,
                         caf::actor_cast<caf::actor>(o.node)})
    .then(
      [=](std::string& hub_name) {
        auto& s = self->state;
        s.connecting = false;
        s.attempt = 0;
        s.hub = hub;
        ++s.connects;
        self->monitor(hub);
        spdlog::info("connected to hub '{}' at {}:{}; {} items to send", hub_name, s.options.hub.host,
                     s.options.hub.port, s.box ? s.box->size() : 0);
        pump(self);
      },
      [=](caf::error& err) {
        auto& s = self->state;
        s.connecting = false;
        if (is_peer_refusal(err)) {
          refused(self, self->system().render(err));
          return;
        }
        s.last_error = "hello: " + self->system().render(err);
        schedule_reconnect(self);
      });
}

void connect(link_pointer self) {
  auto& st = self->state;
  if (st.hub || st.connecting)
    return;
  st.connecting = true;
  auto mm = self->system().middleman().actor_handle();
  self->request(mm, std::chrono::seconds(5), caf::connect_atom_v, st.options.hub.host, st.options.hub.port)
    .then(
      [=](const caf::node_id&, caf::strong_actor_ptr& hub, const std::set<std::string>&) {
        if (!hub) {
          self->state.connecting = false;
          self->state.last_error = "no actor published there";
          schedule_reconnect(self);
          return;
        }
        on_connected(self, caf::actor_cast<caf::actor>(hub));
      },
      [=](caf::error& err) {
        auto& s = self->state;
        s.connecting = false;
        auto why = self->system().render(err);
        if (why != s.last_error)
          spdlog::warn("cannot reach hub {}:{}: {}; retrying", s.options.hub.host, s.options.hub.port, why);
        s.last_error = why;
        schedule_reconnect(self);
      });
}

/// Journals an item and acknowledges it; the hub gets it in order.
template <class T>
caf::result<uint64_t> journal(link_pointer self, T& item) {
  auto& st = self->state;
  if (!st.box)
    return caf::make_error(caf::sec::runtime_error, std::string{"outbox unavailable: " + st.last_error});
  std::vector<char> bytes;
  caf::binary_serializer sink{self->system(), bytes};
  auto msg = caf::make_message(store_atom_v, std::move(item));
  if (auto err = sink(msg))
    return err;
  if (auto pushed = st.box->push(std::string{bytes.begin(), bytes.end()}); !pushed) {
    ++st.journal_errors;
    return caf::make_error(caf::sec::runtime_error, "outbox: " + pushed.error());
  }
  pump(self);
  return uint64_t{0};
}

caf::settings status_of(const hub_link_state& st) {
  caf::settings s;
  put(s, "hub", st.options.hub.host + ":" + std::to_string(st.options.hub.port));
  put(s, "connected", static_cast<bool>(st.hub));
  hub_link_figures figures;
  figures.queued = st.box ? static_cast<int64_t>(st.box->size()) : 0;
  figures.queued_in_memory = st.box ? st.box->in_memory() : 0;
  figures.sent = st.sent;
  figures.connects = st.connects;
  figures.journal_errors = st.journal_errors;
  put_figures(s, figures);
  if (!st.last_error.empty())
    put(s, "last_error", st.last_error);
  return s;
}

hub_link_actor::behavior_type hub_link(link_pointer self, hub_link_options options) {
  auto& st = self->state;
  st.options = std::move(options);
  st.jitter.seed(st.options.jitter_seed);
  auto opened = spill_queue::open(st.options.outbox_dir, {".item", st.options.memory_items, true, 0});
  if (!opened) {
    st.last_error = "outbox " + opened.error();
    spdlog::error("{}", st.last_error);
  } else {
    st.box.emplace(*std::move(opened));
    if (!st.box->empty())
      spdlog::info("outbox: {} items from an earlier run to send to the hub", st.box->size());
  }
  self->set_down_handler([=](caf::down_msg& dm) {
    auto& s = self->state;
    if (dm.source != s.hub.address())
      return;
    spdlog::warn("lost the hub ({}); collecting on, {} items queued", self->system().render(dm.reason),
                 s.box ? s.box->size() : 0);
    s.hub = nullptr;
    s.in_flight = false;
    schedule_reconnect(self);
  });
  connect(self);
  return {
    [=](store_atom, cycle_batch& batch) { return journal(self, batch); },
    [=](store_atom, cycle_record& rec) { return journal(self, rec); },
    [=](store_atom, event_record& ev) { return journal(self, ev); },
    [=](reconnect_atom, uint64_t generation) {
      // Generation 0: re-send after a failed acknowledgement on a live connection.
      if (generation == 0) {
        pump(self);
        return;
      }
      if (generation == self->state.generation)
        connect(self);
    },
    [=](status_atom, status_verbosity) { return status_of(self->state); },
  };
}

} // namespace

hub_link_actor spawn_hub_link(caf::actor_system& sys, hub_link_options options) {
  return sys.spawn<caf::detached>(hub_link, std::move(options));
}

} // namespace g6
