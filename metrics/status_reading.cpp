#include "metrics/status_reading.hpp"

#include <caf/config_value.hpp>
#include <caf/settings.hpp>

#include <algorithm>
#include <string_view>

#include "actors/provider/request_tally_status.hpp"

namespace g6 {

namespace {

/// A count from a status dictionary; status answers store counts as CAF integers, averages as reals.
uint64_t count(const caf::settings& s, std::string_view key) {
  if (auto v = caf::get_if<int64_t>(&s, key))
    return *v > 0 ? static_cast<uint64_t>(*v) : 0;
  if (auto v = caf::get_if<double>(&s, key))
    return *v > 0 ? static_cast<uint64_t>(*v) : 0;
  return 0;
}

double real(const caf::settings& s, std::string_view key) {
  if (auto v = caf::get_if<double>(&s, key))
    return *v;
  if (auto v = caf::get_if<int64_t>(&s, key))
    return static_cast<double>(*v);
  return 0;
}

std::string text(const caf::settings& s, std::string_view key) {
  if (auto v = caf::get_if<std::string>(&s, key))
    return *v;
  return {};
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

/// The breakers of the failover chain in chain order (their labels hold dots, so they are looked up by
/// key, not by path).
void read_breakers(const caf::settings& s, std::vector<breaker_figures>& out) {
  auto serving = text(s, "serving");
  auto chain = caf::get_if<caf::config_value::list>(&s, "chain");
  auto breakers = caf::get_if<caf::settings>(&s, "breakers");
  if (!chain || !breakers)
    return;
  for (auto& entry : *chain) {
    auto provider = caf::get_if<std::string>(&entry);
    auto found = provider ? breakers->find(*provider) : breakers->end();
    auto* b = found != breakers->end() ? caf::get_if<caf::settings>(&found->second) : nullptr;
    if (!b)
      continue;
    auto state = parse_breaker_state(text(*b, "state"));
    if (!state)
      continue;
    breaker_figures x;
    x.provider = *provider;
    x.state = *state;
    x.forwarded = count(*b, "forwarded");
    x.rejected = count(*b, "rejected");
    x.failures = count(*b, "failures");
    x.serving = *provider == serving;
    out.push_back(std::move(x));
  }
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
    if (label == "storage") {
      storage_figures x;
      x.rows_written = count(*s, "rows_written");
      x.database_bytes = count(*s, "db_bytes");
      x.commits = count(*s, "commits");
      x.commit_latency_us_last = static_cast<int64_t>(count(*s, "commit_latency_us_last"));
      x.commit_latency_us_avg = real(*s, "commit_latency_us_avg");
      result.storage = x;
    } else if (starts_with(label, "storage.")) {
      storage_figures x;
      x.sink = label.substr(std::string_view{"storage."}.size());
      x.rows_written = count(*s, "rows_written");
      x.commits = count(*s, "commits");
      x.commit_latency_us_last = static_cast<int64_t>(count(*s, "commit_latency_us_last"));
      x.commit_latency_us_avg = real(*s, "commit_latency_us_avg");
      result.secondary_sinks.push_back(std::move(x));
    } else if (label == "journal") {
      result.journal = journal_figures{count(*s, "torn_bytes_cut"), count(*s, "damaged_ranges"),
                                       count(*s, "damaged_bytes")};
    } else if (label == "analytics") {
      result.analytics = analytics_figures{count(*s, "solved"), count(*s, "failed")};
    } else if (label == "provider") {
      read_breakers(*s, result.breakers);
    } else if (starts_with(label, "provider.")) {
      // A provider without a broker session says nothing about one.
      auto auth = parse_auth_state(text(*s, "auth_state")).value_or(auth_state::not_required);
      result.providers.push_back(provider_figures{label, auth, read_request_tally(*s)});
    } else if (starts_with(label, "collector.")) {
      collector_figures x;
      x.index = text(*s, "index");
      if (auto dropped = caf::get_if<caf::settings>(s, "dropped"))
        for (auto& [reason, n] : *dropped)
          if (auto v = caf::get_if<int64_t>(&n))
            x.drops_by_reason.emplace_back(reason, *v > 0 ? static_cast<uint64_t>(*v) : 0);
      result.collectors.push_back(std::move(x));
    } else if (label == "gateway") {
      std::vector<std::string> stale;
      if (auto list = caf::get_if<caf::config_value::list>(s, "stale"))
        for (auto& v : *list)
          if (auto name = caf::get_if<std::string>(&v))
            stale.push_back(*name);
      for (auto& [key, peer] : *s)
        if (auto* p = caf::get_if<caf::settings>(&peer); p && starts_with(key, "peers."))
          if (auto list = caf::get_if<caf::config_value::list>(p, "indices"))
            for (auto& v : *list)
              if (auto name = caf::get_if<std::string>(&v))
                result.remote_indices.emplace_back(*name, std::find(stale.begin(), stale.end(), *name) != stale.end());
    } else if (starts_with(label, "supervisor.")) {
      if (auto children = caf::get_if<caf::settings>(s, "children"))
        for (auto& [child, info] : *children)
          if (auto* c = caf::get_if<caf::settings>(&info)) {
            auto running = caf::get_if<bool>(c, "running");
            result.components.push_back({child, label, running && *running, count(*c, "restarts")});
          }
    }
  }
  return result;
}

} // namespace g6
