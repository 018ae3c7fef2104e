#include "metrics/status_reading.hpp"

#include <caf/config_value.hpp>
#include <caf/settings.hpp>

#include <algorithm>
#include <string_view>

#include "actors/provider/request_tally_status.hpp"
#include "actors/provider/ticker_reading_status.hpp"
#include "messages/components.hpp"
#include "messages/status_fields.hpp"

namespace g6 {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

const caf::settings* nested(const caf::settings& s, std::string_view key) {
  auto i = s.find(caf::string_view{key.data(), key.size()});
  return i != s.end() ? caf::get_if<caf::settings>(&i->second) : nullptr;
}

/// The breakers of the failover chain in chain order (their labels hold dots, so they are looked up by
/// key, not by path).
void read_breakers(const caf::settings& s, std::vector<chain_breaker_figures>& out) {
  auto chain = read_figures<failover_figures>(s);
  auto breakers = nested(s, status_keys::breakers);
  if (!breakers)
    return;
  for (auto& provider : chain.chain)
    if (auto b = nested(*breakers, provider)) {
      chain_breaker_figures x;
      static_cast<breaker_figures&>(x) = read_figures<breaker_figures>(*b);
      x.provider = provider;
      x.serving = provider == chain.serving;
      out.push_back(std::move(x));
    }
}

/// On a hub: each index its collector nodes claimed, and whether it is stale (its node lost).
void read_remote_indices(const caf::settings& s, std::vector<std::pair<std::string, bool>>& out) {
  auto gateway = read_figures<gateway_figures>(s);
  for (auto& [key, value] : s)
    if (auto* p = caf::get_if<caf::settings>(&value); p && starts_with(key, status_keys::peer_prefix))
      for (auto& index : read_figures<peer_figures>(*p).indices)
        out.emplace_back(index, std::find(gateway.stale.begin(), gateway.stale.end(), index) != gateway.stale.end());
}

void read_children(const caf::settings& s, const std::string& supervisor, std::vector<component_figures>& out) {
  if (auto children = nested(s, status_keys::children))
    for (auto& [child, info] : *children)
      if (auto* c = caf::get_if<caf::settings>(&info)) {
        component_figures x;
        static_cast<child_figures&>(x) = read_figures<child_figures>(*c);
        x.label = child;
        x.supervisor = supervisor;
        out.push_back(std::move(x));
      }
}

storage_figures read_sink(const caf::settings& s, std::string sink) {
  storage_figures x;
  static_cast<database_figures&>(x) = read_figures<database_figures>(s);
  x.sink = std::move(sink);
  return x;
}

} // namespace

node_figures read_node_status(const caf::settings& status) {
  node_figures result;
  for (auto& [label, value] : status) {
    auto* s = caf::get_if<caf::settings>(&value);
    if (!s)
      continue;
    if (s->count("error") > 0 && s->size() == 1) {
      result.unanswered.push_back(label);
      continue;
    }
    if (label == components::storage.label) {
      result.storage = read_sink(*s, "sqlite");
    } else if (label == components::csv_sink.label || label == components::influx_sink.label) {
      result.secondary_sinks.push_back(read_sink(*s, label.substr(label.find('.') + 1)));
    } else if (label == components::journal.label) {
      result.journal = read_figures<journal_figures>(*s);
    } else if (label == components::analytics.label) {
      result.analytics = read_figures<analytics_figures>(*s);
    } else if (label == components::provider.label) {
      read_breakers(*s, result.breakers);
    } else if (components::chain_provider.by_label(label)) {
      auto session = read_figures<session_figures>(*s);
      result.providers.push_back(
        provider_figures{label, session.auth_state, read_request_tally(*s), read_ticker_reading(*s)});
    } else if (components::collector.by_label(label)) {
      result.collectors.push_back(read_figures<collector_figures>(*s));
    } else if (label == components::gateway.label) {
      read_remote_indices(*s, result.remote_indices);
    } else if (components::supervisor.by_label(label)) {
      read_children(*s, label, result.components);
    }
  }
  return result;
}

} // namespace g6
