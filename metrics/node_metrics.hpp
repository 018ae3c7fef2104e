// node_metrics.hpp — the Prometheus metrics of a g6 node: one registry, the families of the enabled
// groups, and the translation of what the node learns (cycle records, snapshots, events, polled status
// figures) into counters, gauges and histograms. Pure code (prometheus-cpp core, no CAF); the metrics
// actor feeds it and the exposer serves its registry.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "messages/market.hpp"
#include "messages/observability.hpp"
#include "metrics/metric_groups.hpp"
#include "metrics/node_figures.hpp"

namespace prometheus {
class Registry;
}

namespace g6 {

struct build_identity {
  std::string version;
  std::string git_commit;
};

class node_metrics {
public:
  node_metrics(group_selection groups, const build_identity& build, epoch_ms started_at);
  ~node_metrics();
  node_metrics(const node_metrics&) = delete;
  node_metrics& operator=(const node_metrics&) = delete;

  std::shared_ptr<prometheus::Registry> registry() const;
  const group_selection& groups() const;

  /// A finished cycle, received at wall-clock `now` (the last-success timestamps are wall clock, so
  /// alerts compare them with time() even when the market clock is simulated).
  void record_cycle(const cycle_record& rec, epoch_ms now);
  void record_snapshot(const index_snapshot& snapshot);
  void record_event(const event_record& ev);
  void record_panels(const panel_activity& activity);
  void record_integrity(const integrity_report& report);

  // Figures polled from status answers. Their totals restart at zero when the component restarts;
  // the counters here keep counting up.
  void set_breaker(const chain_breaker_figures& figures);
  void set_provider(const provider_figures& figures);
  void set_storage(const storage_figures& figures);
  void set_journal(const journal_figures& figures);
  void set_analytics(const analytics_figures& figures);
  void set_collector(const collector_figures& figures);

  /// Supervised components get a restart series at zero, so restart rates exist before any restart.
  void set_components(const std::vector<component_figures>& components);

  /// Indices and whether each is stale (on a hub: the collector node that claimed it is lost); a later
  /// entry for the same index wins.
  void set_remote_indices(const std::vector<std::pair<std::string, bool>>& indices);

  /// An index no longer collected here (a reload disabled it): its market-open, stale and last-success
  /// gauges go, so no alert waits on it; its counters stay.
  void forget_index(const std::string& index);

  void set_market_open(const std::string& index, bool open);
  void set_collection_interval(double real_seconds);
  void set_resident_memory(uint64_t bytes);

private:
  struct families;
  std::unique_ptr<families> f_;
};

/// The component a supervisor's restart event is about ("collector.NIFTY exited (...); restarting ..."),
/// or the event's own component when the detail does not say.
std::string restarted_component(const event_record& ev);

/// The resident set size of this process in bytes (/proc/self/statm), or 0 when unreadable.
uint64_t process_resident_bytes();

} // namespace g6
