// components.hpp — the keys of the node's component registry, in one place: each component's label with
// the handle type it is registered as. Components start and look each other up through these keys
// (actors/node/registry_lookup.hpp), so a misspelt label or a handle cast to the wrong interface is a
// compile error rather than a lookup that quietly finds nothing at run time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "messages/actors.hpp"

namespace g6 {

/// A registry key: the label a component runs under and the interface of its handle.
template <class Handle>
struct component {
  using handle_type = Handle;
  std::string label;
};

/// The keys of components that come in numbers, one per member: a collector per index, a provider per
/// name in the failover chain, a supervisor per group of the tree.
template <class Handle>
struct component_family {
  std::string_view prefix;

  component<Handle> operator()(std::string_view member) const { return {std::string{prefix} + std::string{member}}; }

  /// The key `label` names when it is a member of this family (a label read from a status answer).
  std::optional<component<Handle>> by_label(std::string_view label) const {
    if (label.size() <= prefix.size() || label.substr(0, prefix.size()) != prefix)
      return std::nullopt;
    return component<Handle>{std::string{label}};
  }
};

namespace components {

/// The acknowledging store: SQLite, or on a collector node the link that forwards to the hub.
inline const component<storage_actor> storage{"storage"};
/// Secondary sinks, fed after each commit (the InfluxDB sink's timer is its own business).
inline const component<sink_actor> csv_sink{"storage.csv"};
inline const component<sink_actor> influx_sink{"storage.influx"};
inline const component<journal_actor> journal{"journal"};
inline const component<retention_actor> retention{"retention"};
inline const component<analytics_actor> analytics{"analytics"};
/// The circuit breaker in front of the provider chain: what collectors ask.
inline const component<provider_actor> provider{"provider"};
/// Each provider of the failover chain by its name ("synthetic", "kite", "kite.backup").
inline constexpr component_family<provider_actor> chain_provider{"provider."};
inline constexpr component_family<collector_actor> collector{"collector."};
inline const component<clock_actor> clock{"clock"};
inline const component<metrics_actor> metrics{"metrics"};
inline const component<panels_actor> panels{"panels"};
inline const component<integrity_monitor_actor> integrity{"integrity"};
inline const component<sse_actor> sse{"sse"};
inline const component<gateway_actor> gateway{"gateway"};
/// The supervisors: the root and one per group of the tree (docs/architecture's actor tree).
inline constexpr component_family<supervisor_actor> supervisor{"supervisor."};
inline const component<supervisor_actor> root_supervisor{"supervisor.root"};
inline const component<supervisor_actor> storage_supervisor{"supervisor.storage"};
inline const component<supervisor_actor> analytics_supervisor{"supervisor.analytics"};
inline const component<supervisor_actor> providers_supervisor{"supervisor.providers"};
inline const component<supervisor_actor> observability_supervisor{"supervisor.observability"};
inline const component<supervisor_actor> collectors_supervisor{"supervisor.collectors"};

} // namespace components

} // namespace g6
