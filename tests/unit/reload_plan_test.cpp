// plan_reload: what a SIGHUP applies live (indices, log level, secondary sinks) and what it reports as
// needing a restart, by role.
#define BOOST_TEST_MODULE reload_plan
#include <boost/test/unit_test.hpp>

#include "actors/node/reload_plan.hpp"
#include "config/loader.hpp"

#include <functional>
#include <ostream>

using namespace g6;

namespace g6 {
std::ostream& operator<<(std::ostream& os, sink_change x) {
  return os << to_string(x);
}
} // namespace g6

namespace {

using names = std::vector<std::string>;

/// The built-in config with NIFTY and BANKNIFTY enabled, the others off.
settings two_indices() {
  auto loaded = load_default_settings([](std::string_view) { return std::nullopt; });
  BOOST_REQUIRE(loaded.value);
  auto s = *loaded.value;
  for (auto& index : s.indices)
    index.enable = index.name == "NIFTY" || index.name == "BANKNIFTY";
  return s;
}

index_settings& index_of(settings& s, const std::string& name) {
  for (auto& index : s.indices)
    if (index.name == name)
      return index;
  BOOST_FAIL("no index " << name);
  return s.indices.front();
}

names names_of(const std::vector<index_settings>& xs) {
  names result;
  for (auto& x : xs)
    result.push_back(x.name);
  return result;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_same_settings_change_nothing) {
  auto s = two_indices();
  auto plan = plan_reload(s, s, node_role::all);
  BOOST_TEST(!plan.changes_anything());
  BOOST_TEST(plan.needs_restart.empty());
  BOOST_TEST(plan.indices == (names{"NIFTY", "BANKNIFTY"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(indices_are_added_removed_and_replaced_by_name_in_config_order) {
  auto running = two_indices();
  auto next = running;
  index_of(next, "FINNIFTY").enable = true;
  index_of(next, "SENSEX").enable = true;
  index_of(next, "BANKNIFTY").enable = false;
  index_of(next, "NIFTY").strikes_itm = 5;
  auto plan = plan_reload(running, next, node_role::all);
  BOOST_TEST(names_of(plan.added) == (names{"FINNIFTY", "SENSEX"}), boost::test_tools::per_element());
  BOOST_TEST(plan.removed == (names{"BANKNIFTY"}), boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(plan.replaced.size() == 1u);
  BOOST_TEST(plan.replaced[0].name == "NIFTY");
  BOOST_TEST(plan.replaced[0].strikes_itm.count == 5);
  BOOST_TEST(plan.indices == (names{"NIFTY", "FINNIFTY", "SENSEX"}), boost::test_tools::per_element());
  BOOST_TEST(plan.needs_restart.empty());
  BOOST_TEST(plan.changes_indices());
  BOOST_TEST(index_of(plan.applied, "NIFTY").strikes_itm.count == 5);
  BOOST_TEST(!index_of(plan.applied, "BANKNIFTY").enable);
}

BOOST_AUTO_TEST_CASE(every_parameter_of_an_enabled_index_replaces_its_collector) {
  auto running = two_indices();
  for (auto change : std::vector<std::function<void(index_settings&)>>{
         [](index_settings& x) { x.strikes_otm = 3; },
         [](index_settings& x) { x.expiries = std::vector{expiry_bucket::this_week}; },
         [](index_settings& x) { x.spot_key = "NSE:NIFTY 50"; }}) {
    auto next = running;
    change(index_of(next, "NIFTY"));
    auto plan = plan_reload(running, next, node_role::all);
    BOOST_TEST(names_of(plan.replaced) == (names{"NIFTY"}), boost::test_tools::per_element());
    BOOST_TEST(plan.added.empty());
    BOOST_TEST(plan.removed.empty());
  }
}

BOOST_AUTO_TEST_CASE(a_disabled_index_changing_its_parameters_changes_nothing_live) {
  auto running = two_indices();
  auto next = running;
  index_of(next, "SENSEX").strikes_itm = 2;
  auto plan = plan_reload(running, next, node_role::all);
  BOOST_TEST(!plan.changes_anything());
  BOOST_TEST(plan.needs_restart.empty());
  BOOST_TEST(index_of(plan.applied, "SENSEX").strikes_itm.count == 2);
}

BOOST_AUTO_TEST_CASE(the_log_level_applies_live) {
  auto running = two_indices();
  auto next = running;
  next.logging.level = "debug";
  for (auto role : {node_role::all, node_role::hub, node_role::collector}) {
    auto plan = plan_reload(running, next, role);
    BOOST_TEST(plan.log_level.value_or("") == "debug");
    BOOST_TEST(plan.applied.logging.level == "debug");
    BOOST_TEST(plan.needs_restart.empty());
  }
}

BOOST_AUTO_TEST_CASE(sinks_start_stop_and_restart) {
  auto off = two_indices();
  auto csv_on = off;
  csv_on.storage.csv.enabled = true;
  BOOST_TEST(plan_reload(off, csv_on, node_role::all).csv == sink_change::start);
  BOOST_TEST(plan_reload(csv_on, off, node_role::all).csv == sink_change::stop);
  auto csv_elsewhere = csv_on;
  csv_elsewhere.storage.csv.dir = "/elsewhere";
  BOOST_TEST(plan_reload(csv_on, csv_elsewhere, node_role::all).csv == sink_change::restart);
  // A directory alone turns the CSV sink on (G6_CSV_BASE_DIR).
  auto dir_only = off;
  dir_only.storage.csv.dir = "/csv";
  BOOST_TEST(plan_reload(off, dir_only, node_role::all).csv == sink_change::start);
  // Settings of a sink that stays off change nothing.
  auto off_but_tuned = off;
  off_but_tuned.storage.influx.timeout_seconds = 9;
  BOOST_TEST(plan_reload(off, off_but_tuned, node_role::all).influx == sink_change::none);
  BOOST_TEST(plan_reload(off, off_but_tuned, node_role::all).needs_restart.empty());

  auto influx_on = off;
  influx_on.storage.influx.url = "http://127.0.0.1:8086";
  influx_on.storage.influx.database = "g6";
  auto plan = plan_reload(off, influx_on, node_role::hub);
  BOOST_TEST(plan.influx == sink_change::start);
  BOOST_TEST(plan.csv == sink_change::none);
  BOOST_TEST(plan.applied.storage.influx.database == "g6");
  BOOST_TEST(plan.needs_restart.empty());
}

BOOST_AUTO_TEST_CASE(everything_else_is_reported_as_needing_a_restart_by_its_dotted_key) {
  auto running = two_indices();
  auto next = running;
  next.storage.data_dir = "/var/lib/g6";
  next.storage.sqlite_file = "other.sqlite";
  next.sse.port = 0;
  next.providers.synthetic.seed = 7;
  next.metrics.disable_groups = {"panels"};
  auto plan = plan_reload(running, next, node_role::all);
  BOOST_TEST(!plan.changes_anything());
  BOOST_TEST(plan.needs_restart
               == (names{"storage.data_dir", "storage.sqlite_file", "providers.synthetic.seed",
                         "metrics.disable_groups", "sse.port"}),
             boost::test_tools::per_element());
  // Nothing of it is applied: the next reload reports it again.
  BOOST_TEST(plan.applied.storage.data_dir == running.storage.data_dir);
  BOOST_TEST(plan.applied.sse.port == running.sse.port);
  BOOST_TEST(restart_notices(plan.needs_restart)
               == (names{"storage.data_dir, storage.sqlite_file changed; takes effect at the next restart",
                         "providers.synthetic.seed changed; takes effect at the next restart",
                         "metrics.disable_groups changed; takes effect at the next restart",
                         "sse.port changed; takes effect at the next restart"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_named_kite_app_that_appears_is_a_changed_key) {
  auto running = two_indices();
  auto next = running;
  next.providers.kite_apps["backup"] = kite_settings{};
  auto plan = plan_reload(running, next, node_role::all);
  BOOST_TEST(plan.needs_restart == (names{"providers.kite_apps.backup"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(off_role_all_index_changes_need_a_restart_and_only_level_and_sinks_apply) {
  auto running = two_indices();
  auto next = running;
  index_of(next, "FINNIFTY").enable = true;
  index_of(next, "NIFTY").strikes_itm = 4;
  next.storage.csv.enabled = true;
  next.logging.level = "warn";
  auto hub = plan_reload(running, next, node_role::hub);
  BOOST_TEST(!hub.changes_indices());
  BOOST_TEST(hub.indices == (names{"NIFTY", "BANKNIFTY"}), boost::test_tools::per_element());
  BOOST_TEST(hub.needs_restart == (names{"index_params.NIFTY.strikes_itm", "index_params.FINNIFTY.enable"}),
             boost::test_tools::per_element());
  BOOST_TEST(hub.csv == sink_change::start);
  BOOST_TEST(hub.log_level.value_or("") == "warn");
  BOOST_TEST(!index_of(hub.applied, "FINNIFTY").enable);
  // A collector node stores through its hub: it runs no secondary sink, so their settings wait too.
  auto collector = plan_reload(running, next, node_role::collector);
  BOOST_TEST(collector.csv == sink_change::none);
  BOOST_TEST(collector.needs_restart
               == (names{"index_params.NIFTY.strikes_itm", "index_params.FINNIFTY.enable", "storage.csv.enabled"}),
             boost::test_tools::per_element());
  BOOST_TEST(restart_notices(collector.needs_restart)
               == (names{"index_params.NIFTY.strikes_itm, index_params.FINNIFTY.enable changed; takes effect at "
                         "the next restart",
                         "storage.csv.enabled changed; takes effect at the next restart"}),
             boost::test_tools::per_element());
}
