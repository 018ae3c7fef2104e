// The circuit breaker actor in front of a provider: it opens on failures, stops calling the provider,
// and closes again once the provider registered under its label answers.
#define BOOST_TEST_MODULE provider_breaker
#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>

#include <mutex>
#include <thread>

#include "actors/clock/market_clock.hpp"
#include "actors/node/node.hpp"
#include "actors/provider/provider_breaker.hpp"
#include "actors/provider/synthetic_provider.hpp"
#include "config/ist_time.hpp"

using namespace g6;
using namespace std::chrono_literals;

namespace {

struct config : caf::actor_system_config {
  config() {
    add_message_types<caf::id_block::g6>();
    set("scheduler.max-threads", 2);
  }
};

struct fixture {
  config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  std::shared_ptr<market_clock> clock
    = std::make_shared<simulated_clock>(ist_instant(make_date(2026, 11, 26), 10, 0), 1.0);
  node_actor node = spawn_node(sys, "test");
  std::mutex events_mutex;
  std::vector<event_record> events;
  provider_actor breaker;

  fixture() {
    provider_breaker_options opts;
    opts.node = node;
    opts.provider_label = "provider.synthetic";
    opts.breaker = breaker_config{4, 4, 0.5, 100ms, 2};
    opts.request_timeout = 5s;
    opts.on_event = [this](const event_record& e) {
      std::lock_guard<std::mutex> guard{events_mutex};
      events.push_back(e);
    };
    breaker = spawn_provider_breaker(sys, opts);
  }

  ~fixture() {
    self->send_exit(breaker, caf::exit_reason::user_shutdown);
    self->send_exit(node, caf::exit_reason::user_shutdown);
  }

  provider_actor register_provider(double error_rate) {
    fault_settings faults;
    faults.error_rate = error_rate;
    auto provider = spawn_synthetic_provider(sys, 7, clock, faults);
    self->send(node, caf::put_atom_v, std::string{"provider.synthetic"}, caf::actor_cast<caf::actor>(provider));
    // The registry answers in order, so a get after the put sees the new handle.
    self->request(node, 5s, caf::get_atom_v, std::string{"provider.synthetic"}).receive([](caf::actor&) {},
                                                                                        [](caf::error&) {});
    return provider;
  }

  /// The rendered error of a spot request, or "" when it succeeded.
  std::string spot_error() {
    std::string result = "no answer";
    self->request(breaker, 10s, spot_atom_v, std::string{"NIFTY"})
      .receive([&](index_spot&) { result.clear(); }, [&](caf::error& e) { result = sys.render(e); });
    return result;
  }

  template <class Handle>
  caf::settings status(const Handle& h) {
    caf::settings s;
    self->request(h, 5s, status_atom_v, status_verbosity::terse)
      .receive([&](caf::settings& x) { s = std::move(x); }, [](caf::error&) {});
    return s;
  }

  std::vector<std::string> event_kinds() {
    std::lock_guard<std::mutex> guard{events_mutex};
    std::vector<std::string> kinds;
    for (auto& e : events)
      kinds.push_back(e.kind);
    return kinds;
  }
};

} // namespace

BOOST_FIXTURE_TEST_CASE(opens_on_failures_then_fails_fast_without_calling_the_provider, fixture) {
  auto failing = register_provider(1.0);
  for (int i = 0; i < 4; ++i)
    BOOST_TEST(spot_error().find("injected fault") != std::string::npos);
  BOOST_TEST(caf::get_or(status(breaker), "state", std::string{}) == "open");
  auto calls_before = caf::get_or(status(failing), "requests", int64_t{-1});
  auto rejected = spot_error();
  BOOST_TEST(rejected.find("circuit open") != std::string::npos, rejected);
  BOOST_TEST(caf::get_or(status(failing), "requests", int64_t{-1}) == calls_before);
  BOOST_TEST(caf::get_or(status(breaker), "rejected", int64_t{0}) == 1);
  BOOST_TEST(event_kinds() == std::vector<std::string>{"breaker_open"});
}

BOOST_FIXTURE_TEST_CASE(closes_after_trials_succeed_against_the_restarted_provider, fixture) {
  register_provider(1.0);
  for (int i = 0; i < 4; ++i)
    spot_error();
  BOOST_TEST_REQUIRE(caf::get_or(status(breaker), "state", std::string{}) == "open");
  // The provider is restarted healthy under the same label; after the open period, trials decide.
  register_provider(0.0);
  std::this_thread::sleep_for(150ms);
  BOOST_TEST(spot_error() == "");
  BOOST_TEST(caf::get_or(status(breaker), "state", std::string{}) == "half_open");
  BOOST_TEST(spot_error() == "");
  BOOST_TEST(caf::get_or(status(breaker), "state", std::string{}) == "closed");
  BOOST_TEST((event_kinds() == std::vector<std::string>{"breaker_open", "breaker_half_open", "breaker_closed"}));
}

BOOST_FIXTURE_TEST_CASE(a_missing_provider_is_a_failure_not_a_hang, fixture) {
  auto error = spot_error();
  BOOST_TEST(error.find("provider.synthetic is not running") != std::string::npos, error);
}
