// The circuit breakers in front of the providers. Alone, a provider's breaker opens on failures, stops
// calling the provider, and closes again once the provider registered under its label answers. With a
// failover chain, a request the primary fails is answered by the next provider, each provider has its
// own breaker, and traffic returns to the primary once its breaker closes again.
#define BOOST_TEST_MODULE provider_breaker
#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>

#include <atomic>
#include <mutex>

#include "actors/clock/market_clock.hpp"
#include "actors/node/node.hpp"
#include "actors/provider/provider_breaker.hpp"
#include "actors/provider/synthetic_provider.hpp"
#include "config/ist_time.hpp"
#include "tests/support/actor_test_system.hpp"

using namespace g6;
using namespace std::chrono_literals;

namespace {

using kinds = std::vector<std::string>;

const std::string primary = "provider.kite";
const std::string backup = "provider.kite.backup";

struct fixture : g6::testing::actor_test_system {
  std::shared_ptr<market_clock> clock =
    std::make_shared<simulated_clock>(ist_instant(make_date(2026, 11, 26), 10, 0), 1.0);
  node_actor node = spawn_node(sys, "test");
  /// How far the breakers' clock runs ahead of the steady clock: open periods pass without sleeping.
  std::shared_ptr<std::atomic<int64_t>> skipped_ns = std::make_shared<std::atomic<int64_t>>(0);
  std::mutex events_mutex;
  std::vector<event_record> events;
  provider_actor breaker;

  ~fixture() {
    self->send_exit(breaker, caf::exit_reason::user_shutdown);
    self->send_exit(node, caf::exit_reason::user_shutdown);
  }

  /// The breakers in front of `labels`, in that order.
  void start(std::vector<std::string> labels, caf::timespan request_timeout = 5s) {
    provider_breaker_options opts;
    opts.node = node;
    for (auto& label : labels)
      opts.providers.push_back({label});
    opts.breaker = breaker_config{4, 4, 0.5, 100ms, 2};
    opts.request_timeout = request_timeout;
    opts.now = [skipped = skipped_ns] {
      return std::chrono::steady_clock::now() + std::chrono::nanoseconds{skipped->load()};
    };
    opts.on_event = [this](const event_record& e) {
      std::lock_guard<std::mutex> guard{events_mutex};
      events.push_back(e);
    };
    breaker = spawn_provider_breaker(sys, opts);
  }

  /// Moves the breakers' clock on by `span`.
  void let_pass(caf::timespan span) {
    *skipped_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(span).count();
  }

  /// A synthetic provider registered under `label` (replacing the one there, as a restart does).
  provider_actor register_provider(const std::string& label, double error_rate, double latency_ms = 0) {
    fault_settings faults;
    faults.error_rate = error_rate;
    faults.latency_ms = latency_ms;
    auto provider = spawn_synthetic_provider(sys, 7, clock, faults);
    self->send(node, caf::put_atom_v, label, caf::actor_cast<caf::actor>(provider));
    // The registry answers in order, so a get after the put sees the new handle.
    self->request(node, 5s, caf::get_atom_v, label).receive([](caf::actor&) {}, [](caf::error&) {});
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

  /// A field of one provider's breaker in the breaker actor's status.
  template <class T>
  T breaker_field(const std::string& label, const char* field, T fallback) {
    auto s = status(breaker);
    auto breakers = caf::get_if<caf::settings>(&s, "breakers");
    auto found = breakers ? breakers->find(label) : caf::settings::iterator{};
    if (!breakers || found == breakers->end())
      return fallback;
    auto* b = caf::get_if<caf::settings>(&found->second);
    return b ? caf::get_or(*b, field, fallback) : fallback;
  }

  std::string state_of(const std::string& label) { return breaker_field(label, "state", std::string{}); }

  std::string serving() { return caf::get_or(status(breaker), "serving", std::string{}); }

  int64_t requests_of(const provider_actor& provider) { return caf::get_or(status(provider), "requests", int64_t{-1}); }

  kinds event_kinds() {
    std::lock_guard<std::mutex> guard{events_mutex};
    kinds result;
    for (auto& e : events)
      result.push_back(e.kind);
    return result;
  }

  std::string detail_of(const std::string& kind) {
    std::lock_guard<std::mutex> guard{events_mutex};
    for (auto& e : events)
      if (e.kind == kind)
        return e.component + ": " + e.detail;
    return {};
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(alone)

BOOST_FIXTURE_TEST_CASE(opens_on_failures_then_fails_fast_without_calling_the_provider, fixture) {
  start({"provider.synthetic"});
  auto failing = register_provider("provider.synthetic", 1.0);
  for (int i = 0; i < 4; ++i)
    BOOST_TEST(spot_error().find("injected fault") != std::string::npos);
  BOOST_TEST(state_of("provider.synthetic") == "open");
  auto calls_before = requests_of(failing);
  auto rejected = spot_error();
  BOOST_TEST(rejected.find("circuit open: provider.synthetic is failing; not called") != std::string::npos, rejected);
  BOOST_TEST(requests_of(failing) == calls_before);
  BOOST_TEST(breaker_field("provider.synthetic", "rejected", int64_t{0}) == 1);
  BOOST_TEST(serving() == "provider.synthetic");
  BOOST_TEST(event_kinds() == kinds{"breaker_open"});
  BOOST_TEST(detail_of("breaker_open") == "breaker.provider.synthetic: closed->open: 4 failures in 4 calls (100%)");
}

BOOST_FIXTURE_TEST_CASE(closes_after_trials_succeed_against_the_restarted_provider, fixture) {
  start({"provider.synthetic"});
  register_provider("provider.synthetic", 1.0);
  for (int i = 0; i < 4; ++i)
    spot_error();
  BOOST_TEST_REQUIRE(state_of("provider.synthetic") == "open");
  // The provider is restarted healthy under the same label; after the open period, trials decide.
  register_provider("provider.synthetic", 0.0);
  let_pass(150ms); // past the 100 ms open period
  BOOST_TEST(spot_error() == "");
  BOOST_TEST(state_of("provider.synthetic") == "half_open");
  BOOST_TEST(spot_error() == "");
  BOOST_TEST(state_of("provider.synthetic") == "closed");
  BOOST_TEST((event_kinds() == kinds{"breaker_open", "breaker_half_open", "breaker_closed"}));
}

BOOST_FIXTURE_TEST_CASE(a_missing_provider_is_a_failure_not_a_hang, fixture) {
  start({"provider.synthetic"});
  auto error = spot_error();
  BOOST_TEST(error.find("provider.synthetic is not running") != std::string::npos, error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(failover_chain)

BOOST_FIXTURE_TEST_CASE(the_secondary_answers_while_the_primary_fails_and_traffic_returns_when_it_recovers, fixture) {
  start({primary, backup});
  auto failing = register_provider(primary, 1.0);
  auto secondary = register_provider(backup, 0.0);
  // Every request is answered: the primary fails it, the secondary answers it.
  for (int i = 0; i < 4; ++i)
    BOOST_TEST(spot_error() == "");
  BOOST_TEST(requests_of(failing) == 4);
  BOOST_TEST(requests_of(secondary) == 4);
  BOOST_TEST(serving() == backup);
  BOOST_TEST(state_of(primary) == "open");
  BOOST_TEST(state_of(backup) == "closed");
  BOOST_TEST(detail_of("provider_failover") == "provider: provider.kite -> provider.kite.backup: provider.kite failed");
  // Open: the primary is not called at all; its breaker counts the request it refused.
  BOOST_TEST(spot_error() == "");
  BOOST_TEST(requests_of(failing) == 4);
  BOOST_TEST(breaker_field(primary, "rejected", int64_t{0}) == 1);
  BOOST_TEST(breaker_field(backup, "forwarded", int64_t{0}) == 5);
  BOOST_TEST((event_kinds() == kinds{"provider_failover", "breaker_open"}));

  // The primary comes back; after the open period its trials succeed, its breaker closes, and it serves.
  auto healthy = register_provider(primary, 0.0);
  let_pass(150ms); // past the 100 ms open period
  BOOST_TEST(spot_error() == "");
  BOOST_TEST(state_of(primary) == "half_open");
  BOOST_TEST(serving() == backup); // a trial answer is not a return yet
  BOOST_TEST(spot_error() == "");
  BOOST_TEST(state_of(primary) == "closed");
  BOOST_TEST(serving() == primary);
  BOOST_TEST(detail_of("provider_restored")
             == "provider: provider.kite.backup -> provider.kite: provider.kite answers again");
  BOOST_TEST(spot_error() == "");
  BOOST_TEST(requests_of(healthy) == 3);
  BOOST_TEST(requests_of(secondary) == 5);
  BOOST_TEST(
    (event_kinds()
     == kinds{"provider_failover", "breaker_open", "breaker_half_open", "breaker_closed", "provider_restored"}));
}

BOOST_FIXTURE_TEST_CASE(a_primary_too_slow_for_its_share_of_the_deadline_is_failed_over, fixture) {
  // 1 s for a request across two providers: the primary gets half, the secondary the rest.
  start({primary, backup}, 1s);
  register_provider(primary, 0.0, 2000);
  register_provider(backup, 0.0);
  auto started = std::chrono::steady_clock::now();
  BOOST_TEST(spot_error() == "");
  BOOST_TEST((std::chrono::steady_clock::now() - started < 1s));
  BOOST_TEST(serving() == backup);
  BOOST_TEST(breaker_field(primary, "failures", int64_t{0}) == 1);
}

BOOST_FIXTURE_TEST_CASE(when_every_provider_fails_the_request_fails_with_the_last_reason, fixture) {
  start({primary, backup});
  register_provider(primary, 1.0);
  auto error = spot_error();
  BOOST_TEST(error.find("provider.kite.backup is not running") != std::string::npos, error);
  register_provider(backup, 1.0);
  for (int i = 0; i < 3; ++i)
    BOOST_TEST(spot_error().find("injected fault") != std::string::npos);
  BOOST_TEST(state_of(primary) == "open");
  BOOST_TEST(state_of(backup) == "open");
  BOOST_TEST(serving() == primary); // nothing else ever answered
  error = spot_error();
  BOOST_TEST(error.find("circuit open: provider.kite, provider.kite.backup are failing; not called")
               != std::string::npos,
             error);
  BOOST_TEST(detail_of("provider_failover").empty());
}

BOOST_AUTO_TEST_SUITE_END()
