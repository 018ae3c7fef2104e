#define BOOST_TEST_MODULE metrics
#include <boost/test/unit_test.hpp>

#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <cmath>
#include <string>

#include "actors/provider/request_tally_status.hpp"
#include "actors/provider/ticker_reading_status.hpp"
#include "messages/status_fields.hpp"
#include "metrics/metric_groups.hpp"
#include "metrics/node_metrics.hpp"
#include "metrics/status_reading.hpp"

using namespace g6;

namespace {

std::string scrape(const node_metrics& m) {
  return prometheus::TextSerializer{}.Serialize(m.registry()->Collect());
}

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

cycle_record cycle(uint64_t id, cycle_status status, std::vector<index_cycle_result> indices) {
  cycle_record rec;
  rec.cycle_id = id;
  rec.status = status;
  rec.indices = std::move(indices);
  return rec;
}

index_cycle_result result(std::string index, cycle_status status, uint32_t collected, uint32_t expected,
                          int64_t latency_us) {
  index_cycle_result r;
  r.index = std::move(index);
  r.status = status;
  r.options_collected = collected;
  r.options_expected = expected;
  r.latency_us = latency_us;
  return r;
}

} // namespace

BOOST_AUTO_TEST_CASE(groups_are_whitelisted_then_blacklisted_and_always_on_groups_stay) {
  auto all = select_groups({}, {});
  BOOST_TEST(all.enabled.size() == std::size(all_metric_groups));
  auto some = select_groups({"storage", "panels"}, {"panels", "cycles"});
  std::set<metric_group> expected{metric_group::build, metric_group::process, metric_group::cycles,
                                  metric_group::storage};
  BOOST_TEST((some.enabled == expected));
  auto bad = select_groups({"storage", "nonsense"}, {});
  BOOST_TEST(bad.unknown == std::vector<std::string>{"nonsense"});
}

BOOST_AUTO_TEST_CASE(a_disabled_group_has_no_series_in_the_scrape) {
  node_metrics m{select_groups({}, {"storage"}), {"1.2.3", "abc"}, 1'000'000};
  auto text = scrape(m);
  BOOST_TEST(text.find("g6_storage_rows_written_total") == std::string::npos);
  BOOST_TEST(text.find("g6_panel_writes_total") != std::string::npos);
  BOOST_TEST(has_line(text, R"(g6_build_info{git_commit="abc",version="1.2.3"} 1)"), text);
  BOOST_TEST(has_line(text, "g6_process_start_time_seconds 1000"), text);
}

BOOST_AUTO_TEST_CASE(cycles_count_by_status_and_record_options_latency_and_last_success) {
  node_metrics m{select_groups({}, {}), {"v", "c"}, 0};
  m.record_cycle(cycle(1, cycle_status::partial,
                       {result("NIFTY", cycle_status::ok, 168, 168, 20'000),
                        result("SENSEX", cycle_status::failed, 0, 84, 3'000'000)}),
                 1'700'000'000'500);
  m.record_cycle(cycle(2, cycle_status::ok, {result("NIFTY", cycle_status::ok, 160, 168, 40'000)}), 1'700'000'060'000);
  auto text = scrape(m);
  BOOST_TEST(has_line(text, R"(g6_cycles_total{status="partial"} 1)"), text);
  BOOST_TEST(has_line(text, R"(g6_cycles_total{status="ok"} 1)"), text);
  BOOST_TEST(has_line(text, R"(g6_cycles_total{status="failed"} 0)"), text);
  BOOST_TEST(has_line(text, R"(g6_index_cycles_total{index="SENSEX",status="failed"} 1)"), text);
  BOOST_TEST(has_line(text, R"(g6_options_collected_total{index="NIFTY"} 328)"), text);
  BOOST_TEST(has_line(text, R"(g6_options_expected_total{index="NIFTY"} 336)"), text);
  BOOST_TEST(has_line(text, R"(g6_last_successful_cycle_timestamp_seconds{index="NIFTY"} 1700000060)"), text);
  // A failed index has no successful cycle yet.
  BOOST_TEST(text.find(R"(g6_last_successful_cycle_timestamp_seconds{index="SENSEX"})") == std::string::npos);
  BOOST_TEST(has_line(text, R"(g6_cycle_duration_seconds_count{index="NIFTY"} 2)"), text);
  BOOST_TEST(has_line(text, R"(g6_cycle_duration_seconds_bucket{index="NIFTY",le="0.025"} 1)"), text);
  BOOST_TEST(has_line(text, R"(g6_cycle_duration_seconds_bucket{index="SENSEX",le="2.5"} 0)"), text);
  BOOST_TEST(has_line(text, R"(g6_cycle_duration_seconds_bucket{index="SENSEX",le="5"} 1)"), text);
}

BOOST_AUTO_TEST_CASE(polled_totals_keep_counting_up_across_a_component_restart) {
  node_metrics m{select_groups({}, {}), {"v", "c"}, 0};
  auto sqlite = [](uint64_t rows, uint64_t bytes) {
    storage_figures x;
    x.rows_written = rows;
    x.database_bytes = bytes;
    return x;
  };
  m.set_storage(sqlite(1000, 4096));
  m.set_storage(sqlite(1500, 8192));
  m.set_storage(sqlite(200, 8192)); // storage restarted: its totals began again at zero
  m.set_analytics({90, 10, 100});
  chain_breaker_figures breaker;
  breaker.provider = "provider.synthetic";
  breaker.state = breaker_state::open;
  breaker.forwarded = 50;
  breaker.rejected = 7;
  breaker.failures = 20;
  m.set_breaker(breaker);
  index_snapshot snapshot;
  snapshot.overview.index = "NIFTY";
  surface_slice fitted;
  fitted.status = surface_status::fitted;
  fitted.bucket = expiry_bucket::next_week;
  fitted.rmse_vol_pts = 0.25;
  fitted.excluded = 3;
  fitted.fit_us = 40;
  fitted.butterfly_ok = false;
  surface_slice unfitted;
  unfitted.status = surface_status::one_sided;
  unfitted.excluded = 2;
  snapshot.surfaces = {fitted, unfitted};
  m.record_snapshot(snapshot);
  m.record_snapshot(snapshot);
  auto text = scrape(m);
  BOOST_TEST(has_line(text, R"(g6_surface_fits_total{index="NIFTY",status="fitted"} 2)"), text);
  BOOST_TEST(has_line(text, R"(g6_surface_fits_total{index="NIFTY",status="one_sided"} 2)"), text);
  BOOST_TEST(has_line(text, R"(g6_surface_rmse_vol_points{bucket="next_week",index="NIFTY"} 0.25)"), text);
  BOOST_TEST(has_line(text, R"(g6_surface_arbitrage_violations_total{index="NIFTY",kind="butterfly"} 2)"), text);
  BOOST_TEST(text.find(R"(kind="calendar")") == std::string::npos, text);
  BOOST_TEST(has_line(text, R"(g6_surface_points_excluded_total{index="NIFTY"} 10)"), text);
  BOOST_TEST(has_line(text, R"(g6_surface_fit_seconds_count{index="NIFTY"} 2)"), text);
  BOOST_TEST(has_line(text, R"(g6_storage_rows_written_total{sink="sqlite"} 1700)"), text);
  BOOST_TEST(has_line(text, R"(g6_storage_database_bytes{sink="sqlite"} 8192)"), text);
  BOOST_TEST(has_line(text, R"(g6_iv_solves_total{result="failed"} 10)"), text);
  BOOST_TEST(has_line(text, R"(g6_breaker_calls_total{outcome="ok",provider="provider.synthetic"} 30)"), text);
  BOOST_TEST(has_line(text, R"(g6_breaker_calls_total{outcome="rejected",provider="provider.synthetic"} 7)"), text);
  BOOST_TEST(has_line(text, R"(g6_breaker_state{provider="provider.synthetic",state="open"} 1)"), text);
  BOOST_TEST(has_line(text, R"(g6_breaker_state{provider="provider.synthetic",state="closed"} 0)"), text);
}

BOOST_AUTO_TEST_CASE(a_request_falls_in_the_first_bucket_whose_bound_is_not_below_it) {
  request_tally tally;
  auto bounds = request_latency_bounds();
  tally.record("quote", "ok", bounds[0]);       // on the bound: that bucket (Prometheus' le)
  tally.record("quote", "ok", bounds[0] * 1.5); // above it: the next
  tally.record("quote", "timeout", 1e9);        // beyond every bound: +Inf
  tally.record("quote", "ok", std::nan(""));    // unmeasurable: counted, as zero seconds
  auto& quote = tally.endpoints().at("quote");
  BOOST_TEST(quote.requests() == 4u);
  BOOST_TEST(quote.outcomes.at("ok") == 3u);
  BOOST_TEST(quote.latency_buckets.size() == bounds.size() + 1);
  BOOST_TEST(quote.latency_buckets[0] == 2u);
  BOOST_TEST(quote.latency_buckets[1] == 1u);
  BOOST_TEST(quote.latency_buckets.back() == 1u);
  BOOST_TEST(quote.latency_seconds_sum == bounds[0] * 2.5 + 1e9);
}

BOOST_AUTO_TEST_CASE(provider_requests_count_by_endpoint_and_outcome_with_a_latency_histogram) {
  node_metrics m{select_groups({}, {}), {"v", "c"}, 0};
  request_tally kite;
  // Seconds in powers of two, so the sums are exact.
  kite.record("quote", "ok", 0.125);
  kite.record("quote", "ok", 0.375);
  kite.record("quote", "rate_limited", 0.03125);
  kite.record("instruments", "ok", 1.5);
  m.set_provider({"provider.kite", auth_state::ok, kite, {}});
  kite.record("quote", "ok", 0.125);
  m.set_provider({"provider.kite", auth_state::ok, kite, {}});
  request_tally restarted; // the provider restarted: its tally began again
  restarted.record("quote", "ok", 0.125);
  m.set_provider({"provider.kite", auth_state::ok, restarted, {}});
  auto text = scrape(m);
  BOOST_TEST(has_line(text, R"(g6_provider_requests_total{endpoint="quote",outcome="ok",provider="provider.kite"} 4)"),
             text);
  BOOST_TEST(
    has_line(text, R"(g6_provider_requests_total{endpoint="quote",outcome="rate_limited",provider="provider.kite"} 1)"),
    text);
  BOOST_TEST(
    has_line(text, R"(g6_provider_requests_total{endpoint="instruments",outcome="ok",provider="provider.kite"} 1)"),
    text);
  BOOST_TEST(
    has_line(text, R"(g6_provider_request_duration_seconds_count{endpoint="quote",provider="provider.kite"} 5)"), text);
  BOOST_TEST(
    has_line(text,
             R"(g6_provider_request_duration_seconds_bucket{endpoint="quote",provider="provider.kite",le="0.05"} 1)"),
    text);
  BOOST_TEST(
    has_line(text,
             R"(g6_provider_request_duration_seconds_bucket{endpoint="quote",provider="provider.kite",le="0.25"} 4)"),
    text);
  BOOST_TEST(
    has_line(text,
             R"(g6_provider_request_duration_seconds_bucket{endpoint="quote",provider="provider.kite",le="0.5"} 5)"),
    text);
  BOOST_TEST(
    has_line(
      text, R"(g6_provider_request_duration_seconds_bucket{endpoint="instruments",provider="provider.kite",le="1"} 0)"),
    text);
  BOOST_TEST(
    has_line(text, R"(g6_provider_request_duration_seconds_sum{endpoint="quote",provider="provider.kite"} 0.78125)"),
    text);
}

BOOST_AUTO_TEST_CASE(a_providers_status_answer_becomes_its_request_metrics) {
  request_tally tally;
  tally.record("spot", "ok", 0.0001);
  tally.record("spot", "injected_error", 0.0001);
  caf::settings provider;
  caf::put(provider, "kind", std::string{"synthetic"});
  put_request_tally(provider, tally);
  caf::settings node; // the node's merged answer: label -> the component's status
  node.emplace("provider.synthetic", provider);
  auto figures = read_node_status(node);
  BOOST_REQUIRE(figures.providers.size() == 1u);
  BOOST_TEST((figures.providers[0].auth_state == auth_state::not_required));
  BOOST_TEST(figures.providers[0].requests.requests() == 2u);
  node_metrics m{select_groups({}, {}), {"v", "c"}, 0};
  m.set_provider(figures.providers[0]);
  auto text = scrape(m);
  BOOST_TEST(
    has_line(text,
             R"(g6_provider_requests_total{endpoint="spot",outcome="injected_error",provider="provider.synthetic"} 1)"),
    text);
  BOOST_TEST(
    has_line(
      text,
      R"(g6_provider_request_duration_seconds_bucket{endpoint="spot",provider="provider.synthetic",le="0.0005"} 2)"),
    text);
}

BOOST_AUTO_TEST_CASE(a_stream_mode_providers_ticker_reading_becomes_the_ticker_metrics) {
  ticker_reading reading;
  reading.frames = 120;
  reading.heartbeats = 40;
  reading.malformed_frames = 2;
  reading.ticks = {{"ltp", 0}, {"quote", 900}, {"full", 0}};
  reading.connections = {{"streaming", 3}, {"idle", 2}, {"auth_required", 1}};
  reading.apps = {{"kite", {{"streaming", 2}, {"idle", 1}}},
                  {"kite.backup", {{"streaming", 1}, {"idle", 1}, {"auth_required", 1}}}};
  reading.reconnects = {{"silence", 3}, {"closed", 1}};
  reading.subscribed = 550;
  reading.left_out = 0;
  reading.quotes_streamed = 5000;
  reading.quotes_fallback = 560;
  reading.last_frame_age_seconds = 0.5;
  caf::settings provider;
  put_request_tally(provider, request_tally{});
  put_ticker_reading(provider, reading);
  caf::settings node;
  node.emplace("provider.kite", provider);
  auto figures = read_node_status(node);
  BOOST_REQUIRE(figures.providers.size() == 1u);
  BOOST_REQUIRE(figures.providers[0].ticker.has_value());
  BOOST_TEST(figures.providers[0].ticker->reconnects.at("silence") == 3u);
  node_metrics m{select_groups({}, {}), {"v", "c"}, 0};
  m.set_provider(figures.providers[0]);
  auto text = scrape(m);
  // Connections by the app they belong to: the provider's own and its spill app (whose name has a dot).
  BOOST_TEST(figures.providers[0].ticker->apps.at("kite.backup").at("auth_required") == 1u);
  BOOST_TEST(has_line(text, R"(g6_ticker_connections{app="kite",provider="provider.kite",state="streaming"} 2)"), text);
  BOOST_TEST(has_line(text, R"(g6_ticker_connections{app="kite.backup",provider="provider.kite",state="streaming"} 1)"),
             text);
  BOOST_TEST(
    has_line(text, R"(g6_ticker_connections{app="kite.backup",provider="provider.kite",state="auth_required"} 1)"),
    text);
  BOOST_TEST(has_line(text, R"(g6_ticker_frames_total{provider="provider.kite"} 120)"), text);
  BOOST_TEST(has_line(text, R"(g6_ticker_ticks_total{mode="quote",provider="provider.kite"} 900)"), text);
  BOOST_TEST(has_line(text, R"(g6_ticker_reconnects_total{provider="provider.kite",reason="silence"} 3)"), text);
  BOOST_TEST(has_line(text, R"(g6_ticker_last_frame_age_seconds{provider="provider.kite"} 0.5)"), text);
  BOOST_TEST(has_line(text, R"(g6_ticker_subscribed{provider="provider.kite"} 550)"), text);
  BOOST_TEST(has_line(text, R"(g6_ticker_quotes_total{provider="provider.kite",source="rest"} 560)"), text);
  // A provider in REST mode reports no ticker, and gets no ticker series.
  caf::settings rest;
  put_request_tally(rest, request_tally{});
  caf::settings other;
  other.emplace("provider.kite.backup", rest);
  BOOST_TEST(!read_node_status(other).providers.at(0).ticker.has_value());
}

BOOST_AUTO_TEST_CASE(every_figure_a_component_puts_in_its_status_answer_reads_back_the_same) {
  caf::settings status;
  database_figures storage;
  storage.rows_written = 1234;
  storage.commits = 56;
  storage.commit_latency_us_last = 789;
  storage.commit_latency_us_avg = 512.25;
  storage.database_bytes = 1 << 20;
  put_figures(status, storage);
  auto storage_back = read_figures<database_figures>(status);
  BOOST_TEST(storage_back.rows_written == 1234u);
  BOOST_TEST(storage_back.commits == 56u);
  BOOST_TEST(storage_back.commit_latency_us_last == 789);
  BOOST_TEST(storage_back.commit_latency_us_avg == 512.25);
  BOOST_TEST(storage_back.database_bytes == 1u << 20);

  caf::settings breaker;
  put_figures(breaker, breaker_figures{breaker_state::half_open, 9, 8, 7});
  auto breaker_back = read_figures<breaker_figures>(breaker);
  BOOST_TEST((breaker_back.state == breaker_state::half_open));
  BOOST_TEST(breaker_back.forwarded == 9u);
  BOOST_TEST(breaker_back.rejected == 8u);
  BOOST_TEST(breaker_back.failures == 7u);

  caf::settings collector;
  put_figures(collector, collector_figures{"NIFTY", {{"nan", 3}, {"crossed", 4}}});
  auto collector_back = read_figures<collector_figures>(collector);
  BOOST_TEST(collector_back.index == "NIFTY");
  BOOST_REQUIRE(collector_back.drops_by_reason.size() == 2u);
  BOOST_TEST((collector_back.drops_by_reason[0] == std::pair<std::string, uint64_t>{"crossed", 4}));
  BOOST_TEST((collector_back.drops_by_reason[1] == std::pair<std::string, uint64_t>{"nan", 3}));

  caf::settings session;
  put_figures(session, session_figures{auth_state::auth_required});
  BOOST_TEST((read_figures<session_figures>(session).auth_state == auth_state::auth_required));
  caf::settings child;
  put_figures(child, child_figures{true, 3});
  BOOST_TEST(read_figures<child_figures>(child).running);
  BOOST_TEST(read_figures<child_figures>(child).restarts == 3u);

  // A collector's hub link: `g6 run` waits on `queued` before it stops; no answer reads as unknown (−1),
  // an empty outbox as 0.
  caf::settings link;
  BOOST_TEST(read_figures<hub_link_figures>(link).queued == -1);
  put_figures(link, hub_link_figures{0, 0, 12, 2, 0});
  BOOST_TEST(read_figures<hub_link_figures>(link).queued == 0);
  put_figures(link, hub_link_figures{5, 3, 12, 2, 1});
  auto link_back = read_figures<hub_link_figures>(link);
  BOOST_TEST(link_back.queued == 5);
  BOOST_TEST(link_back.queued_in_memory == 3u);
  BOOST_TEST(link_back.sent == 12u);
  BOOST_TEST(link_back.journal_errors == 1u);
}

BOOST_AUTO_TEST_CASE(a_mistyped_or_negative_figure_reads_as_its_default_not_as_garbage) {
  caf::settings status;
  caf::put(status, "rows_written", int64_t{-5});
  caf::put(status, "commits", std::string{"many"});
  caf::put(status, "commit_latency_us_avg", int64_t{40});
  caf::put(status, "state", std::string{"ajar"});
  auto sink = read_figures<sink_figures>(status);
  BOOST_TEST(sink.rows_written == 0u);
  BOOST_TEST(sink.commits == 0u);
  BOOST_TEST(sink.commit_latency_us_avg == 40.0);
  BOOST_TEST((read_figures<breaker_figures>(status).state == breaker_state::closed));
}

BOOST_AUTO_TEST_CASE(journal_damage_found_by_the_writer_reaches_its_counters) {
  caf::settings journal; // the journal actor's status answer
  caf::put(journal, "torn_bytes_cut", int64_t{120});
  caf::put(journal, "damaged_ranges", int64_t{2});
  caf::put(journal, "damaged_bytes", int64_t{8192});
  caf::settings node;
  node.emplace("journal", journal);
  auto figures = read_node_status(node);
  BOOST_REQUIRE(figures.journal.has_value());
  node_metrics m{select_groups({}, {}), {"v", "c"}, 0};
  m.set_journal(*figures.journal);
  auto text = scrape(m);
  BOOST_TEST(has_line(text, "g6_journal_torn_bytes_cut_total 120"), text);
  BOOST_TEST(has_line(text, "g6_journal_damaged_ranges_total 2"), text);
  BOOST_TEST(has_line(text, "g6_journal_damaged_bytes_total 8192"), text);
}

BOOST_AUTO_TEST_CASE(a_hubs_stale_indices_are_a_gauge_per_index) {
  caf::settings gateway;
  caf::put(gateway, "stale", caf::config_value::list{caf::config_value{std::string{"NIFTY"}}});
  caf::settings alpha, beta;
  caf::put(alpha, "indices", caf::config_value::list{caf::config_value{std::string{"NIFTY"}}});
  caf::put(
    beta, "indices",
    caf::config_value::list{caf::config_value{std::string{"BANKNIFTY"}}, caf::config_value{std::string{"SENSEX"}}});
  gateway.emplace("peers.alpha", alpha);
  gateway.emplace("peers.beta", beta);
  caf::settings node;
  node.emplace("gateway", gateway);
  auto figures = read_node_status(node);
  BOOST_TEST(figures.remote_indices.size() == 3u);
  node_metrics m{select_groups({}, {}), {"v", "c"}, 0};
  m.set_remote_indices(figures.remote_indices);
  auto text = scrape(m);
  BOOST_TEST(has_line(text, R"(g6_index_stale{index="NIFTY"} 1)"), text);
  BOOST_TEST(has_line(text, R"(g6_index_stale{index="BANKNIFTY"} 0)"), text);
  BOOST_TEST(has_line(text, R"(g6_index_stale{index="SENSEX"} 0)"), text);
}

BOOST_AUTO_TEST_CASE(restart_events_count_per_restarted_component) {
  node_metrics m{select_groups({}, {}), {"v", "c"}, 0};
  event_record restart{1, "supervisor.collectors", "restart",
                       "collector.NIFTY exited (runtime_error: injected fault); restarting collector.NIFTY in 50 ms"};
  BOOST_TEST(restarted_component(restart) == "collector.NIFTY");
  m.set_components(
    {{{true, 0}, "collector.NIFTY", "supervisor.collectors"}, {{true, 0}, "storage", "supervisor.storage"}});
  m.record_event(restart);
  m.record_event(restart);
  m.record_event({2, "breaker.provider.synthetic", "breaker_open", "x"});
  auto text = scrape(m);
  BOOST_TEST(has_line(text, R"(g6_actor_restarts_total{component="collector.NIFTY"} 2)"), text);
  BOOST_TEST(has_line(text, R"(g6_actor_restarts_total{component="storage"} 0)"), text);
  BOOST_TEST(has_line(text, R"(g6_events_total{kind="breaker_open"} 1)"), text);
  BOOST_TEST(restarted_component({3, "supervisor.root", "restart", "odd detail"}) == "supervisor.root");
}

BOOST_AUTO_TEST_CASE(config_reloads_count_by_result_even_with_the_supervision_group_off) {
  node_metrics m{select_groups({}, {"supervision"}), {"v", "c"}, 0};
  BOOST_TEST(has_line(scrape(m), R"(g6_config_reloads_total{result="refused"} 0)"));
  m.record_event({1, "reload", "config_reload", "indices NIFTY"});
  m.record_event({2, "reload", "config_reload", "log level debug"});
  m.record_event({3, "reload", "config_reload_refused", "g6.json: /logging/level: ..."});
  auto text = scrape(m);
  BOOST_TEST(has_line(text, R"(g6_config_reloads_total{result="ok"} 2)"), text);
  BOOST_TEST(has_line(text, R"(g6_config_reloads_total{result="refused"} 1)"), text);
}

BOOST_AUTO_TEST_CASE(a_forgotten_index_loses_its_gauges_and_keeps_its_counters) {
  node_metrics m{select_groups({}, {}), {"v", "c"}, 0};
  m.set_market_open("NIFTY", true);
  m.set_market_open("BANKNIFTY", true);
  m.set_remote_indices({{"NIFTY", false}, {"BANKNIFTY", false}});
  m.forget_index("BANKNIFTY");
  m.forget_index("SENSEX"); // never seen: nothing to drop
  auto text = scrape(m);
  BOOST_TEST(has_line(text, R"(g6_market_open{index="NIFTY"} 1)"), text);
  BOOST_TEST(text.find(R"(g6_market_open{index="BANKNIFTY"})") == std::string::npos, text);
  BOOST_TEST(text.find(R"(g6_index_stale{index="BANKNIFTY"})") == std::string::npos, text);
  BOOST_TEST(text.find(R"(index="SENSEX")") == std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(integrity_reports_set_the_ok_gauge_and_issue_count) {
  node_metrics m{select_groups({}, {}), {"v", "c"}, 0};
  BOOST_TEST(has_line(scrape(m), "g6_panels_integrity_ok 1"));
  m.record_integrity({10, 8, {"mismatch indices_enveloped.json"}, true});
  auto text = scrape(m);
  BOOST_TEST(has_line(text, "g6_panels_integrity_ok 0"), text);
  BOOST_TEST(has_line(text, "g6_panels_integrity_issues 1"), text);
  BOOST_TEST(has_line(text, "g6_panels_integrity_checks_total 1"), text);
  m.record_integrity({20, 8, {}, true});
  BOOST_TEST(has_line(scrape(m), "g6_panels_integrity_ok 1"));
}
