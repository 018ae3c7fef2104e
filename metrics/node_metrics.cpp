#include "metrics/node_metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <fstream>
#include <map>
#include <optional>
#include <unistd.h>

namespace g6 {

namespace {

using prometheus::Counter;
using prometheus::Family;
using prometheus::Gauge;
using prometheus::Histogram;

Family<Counter>& counter(prometheus::Registry& r, const std::string& name, const std::string& help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(r);
}

Family<Gauge>& gauge(prometheus::Registry& r, const std::string& name, const std::string& help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(r);
}

Family<Histogram>& histogram(prometheus::Registry& r, const std::string& name, const std::string& help) {
  return prometheus::BuildHistogram().Name(name).Help(help).Register(r);
}

const Histogram::BucketBoundaries cycle_buckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
const Histogram::BucketBoundaries commit_buckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
const Histogram::BucketBoundaries surface_fit_buckets{1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 1e-2};

} // namespace

struct node_metrics::families {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  group_selection groups;

  Family<Gauge>* build_info = nullptr;
  Family<Gauge>* resident_memory = nullptr;
  Family<Gauge>* start_time = nullptr;
  Family<Counter>* config_reloads = nullptr;

  Family<Counter>* cycles = nullptr;
  Family<Counter>* index_cycles = nullptr;
  Family<Histogram>* cycle_duration = nullptr;
  Family<Gauge>* last_success = nullptr;
  Family<Gauge>* market_open = nullptr;
  Family<Gauge>* index_stale = nullptr;
  Family<Gauge>* interval = nullptr;

  Family<Counter>* options_collected = nullptr;
  Family<Counter>* options_expected = nullptr;
  Family<Counter>* drops = nullptr;

  Family<Counter>* iv_solves = nullptr;
  Family<Counter>* surface_fits = nullptr;
  Family<Histogram>* surface_fit_duration = nullptr;
  Family<Gauge>* surface_rmse = nullptr;
  Family<Counter>* surface_violations = nullptr;
  Family<Counter>* surface_excluded = nullptr;

  Family<Counter>* provider_requests = nullptr;
  Family<Histogram>* provider_latency = nullptr;
  Family<Counter>* breaker_calls = nullptr;
  Family<Gauge>* breaker_state = nullptr;
  Family<Gauge>* ticker_connections = nullptr;
  Family<Counter>* ticker_frames = nullptr;
  Family<Counter>* ticker_malformed = nullptr;
  Family<Counter>* ticker_ticks = nullptr;
  Family<Counter>* ticker_reconnects = nullptr;
  Family<Gauge>* ticker_last_frame_age = nullptr;
  Family<Gauge>* ticker_subscribed = nullptr;
  Family<Gauge>* ticker_left_out = nullptr;
  Family<Counter>* ticker_quotes = nullptr;

  Family<Counter>* restarts = nullptr;
  Family<Counter>* events = nullptr;

  Family<Counter>* rows_written = nullptr;
  Family<Histogram>* commit_duration = nullptr;
  Family<Gauge>* database_bytes = nullptr;
  Family<Counter>* journal_torn_bytes_cut = nullptr;
  Family<Counter>* journal_damaged_ranges = nullptr;
  Family<Counter>* journal_damaged_bytes = nullptr;

  Family<Counter>* panel_writes = nullptr;
  Family<Counter>* panel_validation_failures = nullptr;
  Family<Gauge>* integrity_ok = nullptr;
  Family<Gauge>* integrity_issues = nullptr;
  Family<Counter>* integrity_checks = nullptr;

  /// The last total seen per polled series, so a component's restart (totals back to zero) never
  /// makes a counter go down.
  std::map<std::string, uint64_t> last_totals;
  /// The same for polled histograms: bucket counts and the sum.
  std::map<std::string, std::pair<std::vector<uint64_t>, double>> last_histograms;

  static std::string series_key(const std::string& name, const prometheus::Labels& labels) {
    std::string key = name;
    for (auto& [k, v] : labels)
      key += "\x1f" + k + "=" + v;
    return key;
  }

  void feed(Family<Counter>* family, const prometheus::Labels& labels, uint64_t total) {
    if (!family)
      return;
    auto& last = last_totals[series_key(family->GetName(), labels)];
    auto delta = total >= last ? total - last : total;
    family->Add(labels).Increment(static_cast<double>(delta));
    last = total;
  }

  /// Adds what a polled histogram (bucket counts, not cumulative, and sum) gained since the last poll.
  void feed(Family<Histogram>* family, const prometheus::Labels& labels, const Histogram::BucketBoundaries& bounds,
            const std::vector<uint64_t>& buckets, double sum) {
    if (!family || buckets.size() != bounds.size() + 1)
      return;
    auto& [last_buckets, last_sum] = last_histograms[series_key(family->GetName(), labels)];
    bool restarted = last_buckets.size() != buckets.size() || sum < last_sum;
    for (size_t i = 0; !restarted && i < buckets.size(); ++i)
      restarted = buckets[i] < last_buckets[i];
    std::vector<double> gained(buckets.size());
    for (size_t i = 0; i < buckets.size(); ++i)
      gained[i] = static_cast<double>(restarted ? buckets[i] : buckets[i] - last_buckets[i]);
    family->Add(labels, bounds).ObserveMultiple(gained, restarted ? sum : sum - last_sum);
    last_buckets = buckets;
    last_sum = sum;
  }
};

node_metrics::node_metrics(group_selection groups, const build_identity& build, epoch_ms started_at)
  : f_(std::make_unique<families>()) {
  auto& r = *f_->registry;
  auto& f = *f_;
  f.groups = std::move(groups);
  auto on = [&](metric_group g) { return f.groups.contains(g); };
  if (on(metric_group::build)) {
    f.build_info = &gauge(r, "g6_build_info", "Build of the running g6: always 1, labelled by version and commit");
    f.build_info->Add({{"version", build.version}, {"git_commit", build.git_commit}}).Set(1);
  }
  if (on(metric_group::process)) {
    f.resident_memory = &gauge(r, "g6_process_resident_memory_bytes", "Resident set size of the g6 process");
    f.start_time = &gauge(r, "g6_process_start_time_seconds", "Start time of the g6 process, Unix seconds");
    f.resident_memory->Add({});
    f.start_time->Add({}).Set(static_cast<double>(started_at) / 1000.0);
    f.config_reloads = &counter(r, "g6_config_reloads_total",
                                "Config reloads (SIGHUP), by result: ok (applied) or refused (invalid config)");
    for (auto result : {"ok", "refused"})
      f.config_reloads->Add({{"result", result}});
  }
  if (on(metric_group::cycles)) {
    f.cycles = &counter(r, "g6_cycles_total", "Collection cycles completed, by overall status");
    f.index_cycles = &counter(r, "g6_index_cycles_total", "Index cycles completed, by index and status");
    f.cycle_duration =
      &histogram(r, "g6_cycle_duration_seconds", "Time from an index's tick to its committed batch (or failure)");
    f.last_success = &gauge(r, "g6_last_successful_cycle_timestamp_seconds",
                            "Wall-clock time of the last cycle that stored the index, Unix seconds");
    f.market_open = &gauge(r, "g6_market_open", "1 while the index's exchange is open (or forced open)");
    f.interval = &gauge(r, "g6_collection_interval_seconds", "Real seconds between cycle starts");
    f.index_stale =
      &gauge(r, "g6_index_stale", "On a hub: 1 while the collector node that claimed the index is lost, else 0");
    for (auto& [status, name] : cycle_status_names)
      f.cycles->Add({{"status", std::string{name}}});
  }
  if (on(metric_group::collection)) {
    f.options_collected = &counter(r, "g6_options_collected_total", "Option quotes collected and stored, by index");
    f.options_expected =
      &counter(r, "g6_options_expected_total", "Option quotes the strike universe asked for, by index");
    f.drops = &counter(r, "g6_sanitiser_drops_total", "Quotes the sanitiser dropped, by index and reason");
  }
  if (on(metric_group::analytics)) {
    f.iv_solves = &counter(r, "g6_iv_solves_total", "Implied volatility solves, by result (solved, failed)");
    f.iv_solves->Add({{"result", "solved"}});
    f.iv_solves->Add({{"result", "failed"}});
    f.surface_fits = &counter(r, "g6_surface_fits_total",
                              "Volatility smiles fitted per expiry, by index and status (fitted or why not)");
    f.surface_fit_duration = &histogram(r, "g6_surface_fit_seconds", "Time one expiry's SVI fit took, by index");
    f.surface_rmse = &gauge(r, "g6_surface_rmse_vol_points",
                            "Vega-weighted RMSE of the latest fitted smile in vol points, by index and bucket");
    f.surface_violations = &counter(r, "g6_surface_arbitrage_violations_total",
                                    "Fitted smiles failing a no-arbitrage check, by index and kind "
                                    "(butterfly, wing, calendar)");
    f.surface_excluded = &counter(r, "g6_surface_points_excluded_total",
                                  "Out-of-the-money quotes left out of the smile fits (stale, crossed, no "
                                  "premium, no IV), by index");
  }
  if (on(metric_group::providers)) {
    f.provider_requests =
      &counter(r, "g6_provider_requests_total", "Requests a provider made to its market, by endpoint and outcome");
    f.provider_latency = &histogram(r, "g6_provider_request_duration_seconds",
                                    "Time a provider's request to its market took, by endpoint");
    f.breaker_calls = &counter(r, "g6_breaker_calls_total",
                               "Calls through a provider's circuit breaker, by outcome (ok, failed, rejected)");
    f.breaker_state = &gauge(r, "g6_breaker_state", "1 for the current state of a provider's circuit breaker");
    f.ticker_connections =
      &gauge(r, "g6_ticker_connections",
             "A Kite app's ticker connections, by the app they belong to (its own or a spill app) and state");
    f.ticker_frames = &counter(r, "g6_ticker_frames_total", "Binary ticker messages received, heartbeats included");
    f.ticker_malformed =
      &counter(r, "g6_ticker_malformed_frames_total", "Ticker messages skipped as malformed (binary or text)");
    f.ticker_ticks = &counter(r, "g6_ticker_ticks_total", "Ticks received, by mode (ltp, quote, full)");
    f.ticker_reconnects = &counter(r, "g6_ticker_reconnects_total",
                                   "Ticker connections lost and reopened, by reason (silence, closed, connect_failed, "
                                   "token_changed)");
    f.ticker_last_frame_age = &gauge(r, "g6_ticker_last_frame_age_seconds",
                                     "Seconds since the most silent streaming ticker connection's last frame");
    f.ticker_subscribed = &gauge(r, "g6_ticker_subscribed", "Instruments subscribed on a Kite app's ticker");
    f.ticker_left_out =
      &gauge(r, "g6_ticker_left_out", "Instruments wanted but beyond the ticker's capacity (served by REST)");
    f.ticker_quotes = &counter(r, "g6_ticker_quotes_total",
                               "Cycle quotes and index levels in stream mode, by source (stream: the tick book; "
                               "rest: no fresh tick, fetched by REST)");
  }
  if (on(metric_group::supervision)) {
    f.restarts = &counter(r, "g6_actor_restarts_total", "Restarts of supervised actors, by component");
    f.events = &counter(r, "g6_events_total", "Events recorded by the node, by kind");
    // The kinds dashboards plot exist at zero before the first one happens.
    for (auto kind : {"restart", "breaker_open", "breaker_half_open", "breaker_closed", "fault_injected"})
      f.events->Add({{"kind", kind}});
  }
  if (on(metric_group::storage)) {
    f.rows_written = &counter(r, "g6_storage_rows_written_total", "Rows written, by sink");
    f.commit_duration = &histogram(r, "g6_storage_commit_duration_seconds",
                                   "Time from a batch's store request to its acknowledged commit, by sink");
    f.database_bytes = &gauge(r, "g6_storage_database_bytes", "Size of the database files, by sink");
    f.journal_torn_bytes_cut = &counter(r, "g6_journal_torn_bytes_cut_total",
                                        "Bytes of torn tails cut from capture journal day files before appending");
    f.journal_damaged_ranges =
      &counter(r, "g6_journal_damaged_ranges_total",
               "Damaged ranges found in capture journal day files when opened (left in place)");
    f.journal_damaged_bytes = &counter(r, "g6_journal_damaged_bytes_total",
                                       "Bytes in damaged ranges found in capture journal day files when opened");
    for (auto* family : {f.journal_torn_bytes_cut, f.journal_damaged_ranges, f.journal_damaged_bytes})
      family->Add({});
  }
  if (on(metric_group::panels)) {
    f.panel_writes = &counter(r, "g6_panel_writes_total", "Panel files written, by result (ok, failed)");
    f.panel_validation_failures =
      &counter(r, "g6_panel_validation_failures_total", "Panels that did not match their JSON Schema");
    f.integrity_ok = &gauge(r, "g6_panels_integrity_ok", "1 when the last integrity check found every panel intact");
    f.integrity_issues = &gauge(r, "g6_panels_integrity_issues", "Issues found by the last integrity check");
    f.integrity_checks = &counter(r, "g6_panels_integrity_checks_total", "Integrity checks of the panels run");
    f.panel_writes->Add({{"result", "ok"}});
    f.panel_writes->Add({{"result", "failed"}});
    f.panel_validation_failures->Add({});
    f.integrity_ok->Add({}).Set(1);
    f.integrity_issues->Add({});
    f.integrity_checks->Add({});
  }
}

node_metrics::~node_metrics() = default;

std::shared_ptr<prometheus::Registry> node_metrics::registry() const {
  return f_->registry;
}

const group_selection& node_metrics::groups() const {
  return f_->groups;
}

void node_metrics::record_cycle(const cycle_record& rec, epoch_ms now) {
  auto& f = *f_;
  if (!f.cycles)
    return;
  f.cycles->Add({{"status", std::string{to_string(rec.status)}}}).Increment();
  for (auto& r : rec.indices) {
    f.index_cycles->Add({{"index", r.index}, {"status", std::string{to_string(r.status)}}}).Increment();
    f.cycle_duration->Add({{"index", r.index}}, cycle_buckets).Observe(static_cast<double>(r.latency_us) / 1e6);
    if (is_stored(r.status))
      f.last_success->Add({{"index", r.index}}).Set(static_cast<double>(now) / 1000.0);
    if (f.options_collected) {
      f.options_collected->Add({{"index", r.index}}).Increment(r.options_collected);
      f.options_expected->Add({{"index", r.index}}).Increment(r.options_expected);
    }
  }
}

void node_metrics::record_snapshot(const index_snapshot& snapshot) {
  auto& f = *f_;
  if (f.commit_duration)
    f.commit_duration->Add({{"sink", "sqlite"}}, commit_buckets)
      .Observe(static_cast<double>(snapshot.commit_latency_us) / 1e6);
  if (!f.surface_fits)
    return;
  auto& index = snapshot.overview.index;
  for (auto& slice : snapshot.surfaces) {
    f.surface_fits->Add({{"index", index}, {"status", std::string{to_string(slice.status)}}}).Increment();
    f.surface_excluded->Add({{"index", index}}).Increment(slice.excluded);
    if (slice.status != surface_status::fitted)
      continue;
    f.surface_fit_duration->Add({{"index", index}}, surface_fit_buckets)
      .Observe(static_cast<double>(slice.fit_us) / 1e6);
    f.surface_rmse->Add({{"index", index}, {"bucket", std::string{to_string(slice.bucket)}}}).Set(slice.rmse_vol_pts);
    for (auto [kind, ok] :
         {std::pair{"butterfly", slice.butterfly_ok}, {"wing", slice.wing_ok}, {"calendar", slice.calendar_ok}})
      if (!ok)
        f.surface_violations->Add({{"index", index}, {"kind", kind}}).Increment();
  }
}

void node_metrics::record_event(const event_record& ev) {
  auto& f = *f_;
  if (f.config_reloads && (ev.kind == "config_reload" || ev.kind == "config_reload_refused"))
    f.config_reloads->Add({{"result", ev.kind == "config_reload" ? "ok" : "refused"}}).Increment();
  if (!f.events)
    return;
  f.events->Add({{"kind", ev.kind}}).Increment();
  if (ev.kind == "restart")
    f.restarts->Add({{"component", restarted_component(ev)}}).Increment();
}

void node_metrics::record_panels(const panel_activity& activity) {
  auto& f = *f_;
  if (!f.panel_writes)
    return;
  f.feed(f.panel_writes, {{"result", "ok"}}, activity.writes);
  f.feed(f.panel_writes, {{"result", "failed"}}, activity.write_failures);
  f.feed(f.panel_validation_failures, {}, activity.validation_failures);
}

void node_metrics::record_integrity(const integrity_report& report) {
  auto& f = *f_;
  if (!f.integrity_ok)
    return;
  bool ok = report.manifest_readable && report.issues.empty();
  f.integrity_ok->Add({}).Set(ok ? 1 : 0);
  f.integrity_issues->Add({}).Set(static_cast<double>(report.issues.size() + (report.manifest_readable ? 0 : 1)));
  f.integrity_checks->Add({}).Increment();
}

void node_metrics::set_breaker(const chain_breaker_figures& x) {
  auto& f = *f_;
  if (!f.breaker_calls)
    return;
  f.feed(f.breaker_calls, {{"provider", x.provider}, {"outcome", "ok"}},
         x.forwarded >= x.failures ? x.forwarded - x.failures : 0);
  f.feed(f.breaker_calls, {{"provider", x.provider}, {"outcome", "failed"}}, x.failures);
  f.feed(f.breaker_calls, {{"provider", x.provider}, {"outcome", "rejected"}}, x.rejected);
  for (auto& [state, name] : breaker_state_names)
    f.breaker_state->Add({{"provider", x.provider}, {"state", std::string{name}}}).Set(x.state == state ? 1 : 0);
}

void node_metrics::set_provider(const provider_figures& x) {
  auto& f = *f_;
  if (!f.provider_requests)
    return;
  auto bounds = request_latency_bounds();
  const Histogram::BucketBoundaries latency_bounds(bounds.begin(), bounds.end());
  for (auto& [endpoint, e] : x.requests.endpoints()) {
    for (auto& [outcome, total] : e.outcomes)
      f.feed(f.provider_requests, {{"provider", x.provider}, {"endpoint", endpoint}, {"outcome", outcome}}, total);
    f.feed(f.provider_latency, {{"provider", x.provider}, {"endpoint", endpoint}}, latency_bounds, e.latency_buckets,
           e.latency_seconds_sum);
  }
  if (!x.ticker)
    return;
  auto& t = *x.ticker;
  for (auto& [app, states] : t.apps)
    for (auto& [state, n] : states)
      f.ticker_connections->Add({{"provider", x.provider}, {"app", app}, {"state", state}}).Set(static_cast<double>(n));
  f.feed(f.ticker_frames, {{"provider", x.provider}}, t.frames);
  f.feed(f.ticker_malformed, {{"provider", x.provider}}, t.malformed_frames);
  for (auto& [mode, n] : t.ticks)
    f.feed(f.ticker_ticks, {{"provider", x.provider}, {"mode", mode}}, n);
  for (auto& [reason, n] : t.reconnects)
    f.feed(f.ticker_reconnects, {{"provider", x.provider}, {"reason", reason}}, n);
  f.ticker_last_frame_age->Add({{"provider", x.provider}}).Set(t.last_frame_age_seconds);
  f.ticker_subscribed->Add({{"provider", x.provider}}).Set(static_cast<double>(t.subscribed));
  f.ticker_left_out->Add({{"provider", x.provider}}).Set(static_cast<double>(t.left_out));
  f.feed(f.ticker_quotes, {{"provider", x.provider}, {"source", "stream"}}, t.quotes_streamed);
  f.feed(f.ticker_quotes, {{"provider", x.provider}, {"source", "rest"}}, t.quotes_fallback);
}

void node_metrics::set_storage(const storage_figures& x) {
  auto& f = *f_;
  if (!f.rows_written)
    return;
  f.feed(f.rows_written, {{"sink", x.sink}}, x.rows_written);
  if (x.sink == "sqlite") // the other sinks are file trees or servers, not a database file
    f.database_bytes->Add({{"sink", x.sink}}).Set(static_cast<double>(x.database_bytes));
}

void node_metrics::set_journal(const journal_figures& x) {
  auto& f = *f_;
  f.feed(f.journal_torn_bytes_cut, {}, x.torn_bytes_cut);
  f.feed(f.journal_damaged_ranges, {}, x.damaged_ranges);
  f.feed(f.journal_damaged_bytes, {}, x.damaged_bytes);
}

void node_metrics::set_analytics(const analytics_figures& x) {
  auto& f = *f_;
  f.feed(f.iv_solves, {{"result", "solved"}}, x.solved);
  f.feed(f.iv_solves, {{"result", "failed"}}, x.failed);
}

void node_metrics::set_collector(const collector_figures& x) {
  auto& f = *f_;
  for (auto& [reason, total] : x.drops_by_reason)
    f.feed(f.drops, {{"index", x.index}, {"reason", reason}}, total);
}

void node_metrics::set_components(const std::vector<component_figures>& components) {
  if (f_->restarts)
    for (auto& c : components)
      f_->restarts->Add({{"component", c.label}});
}

void node_metrics::set_remote_indices(const std::vector<std::pair<std::string, bool>>& indices) {
  if (f_->index_stale)
    for (auto& [index, stale] : indices)
      f_->index_stale->Add({{"index", index}}).Set(stale ? 1 : 0);
}

void node_metrics::forget_index(const std::string& index) {
  const prometheus::Labels labels{{"index", index}};
  for (auto* family : {f_->market_open, f_->index_stale, f_->last_success})
    if (family && family->Has(labels))
      family->Remove(&family->Add(labels));
}

void node_metrics::set_market_open(const std::string& index, bool open) {
  if (f_->market_open)
    f_->market_open->Add({{"index", index}}).Set(open ? 1 : 0);
}

void node_metrics::set_collection_interval(double real_seconds) {
  if (f_->interval)
    f_->interval->Add({}).Set(real_seconds);
}

void node_metrics::set_resident_memory(uint64_t bytes) {
  if (f_->resident_memory)
    f_->resident_memory->Add({}).Set(static_cast<double>(bytes));
}

std::string restarted_component(const event_record& ev) {
  auto end = ev.detail.find(" exited");
  if (end == std::string::npos || end == 0 || ev.detail.find(' ') < end)
    return ev.component;
  return ev.detail.substr(0, end);
}

uint64_t process_resident_bytes() {
  std::ifstream statm{"/proc/self/statm"};
  uint64_t size = 0, resident = 0;
  if (!(statm >> size >> resident))
    return 0;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

} // namespace g6
