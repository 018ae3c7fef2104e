// The hub's gateway over a real middleman connection on loopback (two actor systems in one process):
// the version handshake refuses an incompatible peer with a clear error, a second claim on an index is
// refused, items from a peer that did not say hello are refused, and a peer that goes away makes its
// indices stale.
#define BOOST_TEST_MODULE gateway
#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>
#include <caf/io/middleman.hpp>

#include <thread>

#include "actors/network/console_client.hpp"
#include "actors/network/gateway.hpp"
#include "actors/network/hub_link.hpp"
#include "actors/network/network_node.hpp"
#include "actors/network/peer_protocol.hpp"
#include "actors/node/node.hpp"

using namespace g6;
using namespace std::chrono_literals;

namespace {

struct config : caf::actor_system_config {
  config() {
    add_message_types<caf::id_block::g6>();
    configure_network(*this, node_settings{});
    set("scheduler.max-threads", 2);
  }
};

struct fixture {
  config hub_cfg;
  caf::actor_system hub_sys{hub_cfg};
  config client_cfg;
  caf::actor_system client_sys{client_cfg};
  node_actor node = spawn_node(hub_sys, "hub");
  gateway_actor gateway = spawn_gateway(hub_sys, gateway_options{node_role::hub, "hub", "1.0.0", "", node});
  uint16_t port = 0;
  caf::actor remote;

  fixture() {
    auto published = hub_sys.middleman().publish(gateway, 0, "127.0.0.1", true);
    BOOST_TEST_REQUIRE(static_cast<bool>(published));
    port = *published;
    // Untyped, as collectors and consoles connect.
    auto connected = connect_console(client_sys, "127.0.0.1", port);
    BOOST_TEST_REQUIRE(connected.has_value());
    remote = *connected;
  }

  ~fixture() {
    caf::anon_send_exit(gateway, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(node, caf::exit_reason::user_shutdown);
  }

  /// Says hello from `self`; the hub's node name, or the refusal rendered.
  std::string hello(caf::scoped_actor& self, uint32_t protocol, const std::string& name,
                    std::vector<std::string> indices) {
    std::string result;
    self->request(remote, 5s, hello_atom_v, peer_hello{protocol, "1.0.0", name, "", std::move(indices), {}})
      .receive([&](std::string& hub) { result = "accepted by " + hub; },
               [&](caf::error& err) {
                 BOOST_TEST(is_peer_refusal(err));
                 result = client_sys.render(err);
               });
    return result;
  }

  std::vector<std::string> stale() {
    caf::scoped_actor self{hub_sys};
    std::vector<std::string> result;
    self->request(gateway, 5s, status_atom_v, status_verbosity::terse)
      .receive([&](caf::settings& s) { result = caf::get_or(s, "stale", std::vector<std::string>{}); },
               [&](caf::error&) {});
    return result;
  }
};

} // namespace

BOOST_FIXTURE_TEST_CASE(an_incompatible_peer_is_refused_with_a_clear_error, fixture) {
  caf::scoped_actor self{client_sys};
  BOOST_TEST(hello(self, peer_protocol_version + 7, "alpha", {"NIFTY"})
             == "incompatible peer: node 'alpha' (g6 1.0.0) speaks peer protocol "
                  + std::to_string(peer_protocol_version + 7) + ", this node (g6 1.0.0) speaks "
                  + std::to_string(peer_protocol_version) + "; run the same g6 release on both");
  BOOST_TEST(hello(self, peer_protocol_version, "alpha", {"NIFTY"}) == "accepted by hub");
}

BOOST_FIXTURE_TEST_CASE(a_protocol_2_peers_positional_hello_is_refused_naming_both_protocols, fixture) {
  caf::scoped_actor self{client_sys};
  std::string refusal;
  self
    ->request(remote, 5s, hello_atom_v, uint32_t{2}, std::string{"0.9.0"}, std::string{"old"}, std::string{},
              std::vector<std::string>{"NIFTY"}, caf::actor{})
    .receive([&](std::string&) { refusal = "accepted"; },
             [&](caf::error& err) {
               BOOST_TEST(is_peer_refusal(err));
               refusal = client_sys.render(err);
             });
  BOOST_TEST(refusal
             == "incompatible peer: node 'old' (g6 0.9.0) speaks peer protocol 2, this node (g6 1.0.0) speaks "
                  + std::to_string(peer_protocol_version) + "; run the same g6 release on both");
  BOOST_TEST(hello(self, peer_protocol_version, "old", {"NIFTY"}) == "accepted by hub"); // the index stayed free
}

BOOST_FIXTURE_TEST_CASE(a_second_collector_of_an_index_is_refused, fixture) {
  caf::scoped_actor alpha{client_sys};
  caf::scoped_actor rival{client_sys};
  BOOST_TEST(hello(alpha, peer_protocol_version, "alpha", {"NIFTY"}) == "accepted by hub");
  BOOST_TEST(hello(rival, peer_protocol_version, "rival", {"NIFTY"})
             == "index NIFTY is already collected by node 'alpha'; node 'rival' refused");
}

BOOST_FIXTURE_TEST_CASE(items_from_a_peer_that_did_not_say_hello_are_refused, fixture) {
  caf::scoped_actor self{client_sys};
  cycle_batch batch;
  batch.index = "NIFTY";
  std::string refusal;
  self->request(remote, 5s, store_atom_v, batch)
    .receive([&](uint64_t) { refusal = "stored"; }, [&](caf::error& err) { refusal = client_sys.render(err); });
  BOOST_TEST(refusal == "not accepted: say hello (with the shared secret) first");
}

BOOST_FIXTURE_TEST_CASE(a_peer_that_goes_away_leaves_its_indices_stale, fixture) {
  {
    caf::scoped_actor alpha{client_sys};
    BOOST_TEST(hello(alpha, peer_protocol_version, "alpha", {"NIFTY", "SENSEX"}) == "accepted by hub");
    BOOST_TEST(stale().empty());
  }
  std::vector<std::string> now_stale;
  for (int i = 0; i < 100 && now_stale.empty(); ++i) {
    std::this_thread::sleep_for(50ms);
    now_stale = stale();
  }
  BOOST_TEST((now_stale == std::vector<std::string>{"NIFTY", "SENSEX"}));
  // Its indices are free again: a restarted collector may claim them.
  caf::scoped_actor again{client_sys};
  BOOST_TEST(hello(again, peer_protocol_version, "alpha", {"NIFTY", "SENSEX"}) == "accepted by hub");
  BOOST_TEST(stale().empty());
}
