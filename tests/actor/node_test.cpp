// The node: registry by label (a restarted component replaces its handle) and merged status.
#define BOOST_TEST_MODULE node
#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>

#include "actors/clock/market_clock.hpp"
#include "actors/node/node.hpp"
#include "actors/provider/synthetic_provider.hpp"
#include "tests/support/actor_test_system.hpp"

using namespace g6;
using namespace std::chrono_literals;

namespace {

struct fixture : g6::testing::actor_test_system {
  node_actor node = spawn_node(sys, "test");
  std::shared_ptr<market_clock> clock = std::make_shared<simulated_clock>(1'795'000'000'000, 1.0);

  ~fixture() { self->send_exit(node, caf::exit_reason::user_shutdown); }

  caf::actor lookup(const std::string& label) {
    caf::actor result;
    self->request(node, 5s, caf::get_atom_v, label).receive([&](caf::actor& a) { result = a; }, [](caf::error&) {});
    return result;
  }

  caf::settings node_status() {
    caf::settings s;
    self->request(node, 5s, status_atom_v, status_verbosity::terse)
      .receive([&](caf::settings& x) { s = std::move(x); }, [](caf::error&) {});
    return s;
  }
};

} // namespace

BOOST_FIXTURE_TEST_CASE(registry_answers_the_latest_handle_of_a_label, fixture) {
  BOOST_TEST(!lookup("provider"));
  auto first = caf::actor_cast<caf::actor>(spawn_synthetic_provider(sys, 1, clock, {}));
  auto second = caf::actor_cast<caf::actor>(spawn_synthetic_provider(sys, 1, clock, {}));
  self->send(node, caf::put_atom_v, std::string{"provider"}, first);
  BOOST_TEST((lookup("provider") == first));
  self->send(node, caf::put_atom_v, std::string{"provider"}, second);
  BOOST_TEST((lookup("provider") == second));
  self->send_exit(first, caf::exit_reason::user_shutdown);
  self->send_exit(second, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(status_merges_every_component_and_names_the_unreachable, fixture) {
  auto provider = caf::actor_cast<caf::actor>(spawn_synthetic_provider(sys, 9, clock, {}));
  auto gone = caf::actor_cast<caf::actor>(spawn_synthetic_provider(sys, 9, clock, {}));
  self->send(node, caf::put_atom_v, std::string{"provider"}, provider);
  self->send(node, caf::put_atom_v, std::string{"old"}, gone);
  self->send_exit(gone, caf::exit_reason::kill);
  self->wait_for(gone);
  auto s = node_status();
  BOOST_TEST(caf::get_or(s, "node.components", int64_t{0}) == 2);
  BOOST_TEST(caf::get_or(s, "provider.kind", std::string{}) == "synthetic");
  BOOST_TEST(caf::get_or(s, "provider.seed", int64_t{0}) == 9);
  BOOST_TEST(caf::holds_alternative<std::string>(s, "old.error"));
  self->send_exit(provider, caf::exit_reason::user_shutdown);
}
