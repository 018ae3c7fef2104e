// settings_json.cpp — config documents <-> g6::settings, key by key (see settings_json.hpp and
// settings_to_json in loader.hpp).
#include "config/settings_json.hpp"

#include <cstdint>
#include <string>
#include <utility>

#include "config/loader.hpp"

namespace g6 {

namespace config_detail {

namespace {

/// A section of the document, or an empty object when the file leaves it out.
const document& section(const document& root, const char* name) {
  static const document empty = document::object();
  auto i = root.find(name);
  return i == root.end() ? empty : *i;
}

template <class T>
void take(const document& from, const char* key, T& field) {
  if (auto i = from.find(key); i != from.end())
    field = i->get<T>();
}

/// providers.kite, or one app of providers.kite_apps.
kite_settings kite_app(const document& from) {
  kite_settings app;
  take(from, "base_url", app.base_url);
  take(from, "credentials_file", app.credentials_file);
  take(from, "token_file", app.token_file);
  take(from, "quote_rate_per_second", app.quote_rate_per_second);
  take(from, "other_rate_per_second", app.other_rate_per_second);
  take(from, "merge_window_ms", app.merge_window_ms);
  take(from, "connect_timeout_seconds", app.connect_timeout_seconds);
  return app;
}

} // namespace

settings to_settings(const document& root) {
  settings s;
  for (auto& [name, entry] : section(root, "index_params").items()) {
    index_settings index;
    index.name = name;
    take(entry, "enable", index.enable);
    for (auto& bucket : entry.at("expiries"))
      index.expiries.push_back(*parse_expiry_bucket(bucket.get<std::string>()));
    take(entry, "strikes_itm", index.strikes_itm);
    take(entry, "strikes_otm", index.strikes_otm);
    take(entry, "spot_key", index.spot_key);
    s.indices.push_back(std::move(index));
  }
  auto& greeks = section(root, "greeks");
  take(greeks, "enabled", s.greeks.enabled);
  take(greeks, "estimate_iv", s.greeks.estimate_iv);
  take(greeks, "risk_free_rate", s.greeks.risk_free_rate);
  take(greeks, "iv_min", s.greeks.iv_min);
  take(greeks, "iv_max", s.greeks.iv_max);
  take(greeks, "iv_precision", s.greeks.iv_precision);
  take(greeks, "iv_max_iterations", s.greeks.iv_max_iterations);
  auto& collection = section(root, "collection");
  take(collection, "interval_seconds", s.collection.interval_seconds);
  take(collection, "cycle_timeout_seconds", s.collection.cycle_timeout_seconds);
  take(collection, "quote_max_age_seconds", s.collection.quote_max_age_seconds);
  auto& storage = section(root, "storage");
  take(storage, "data_dir", s.storage.data_dir);
  take(storage, "sqlite_file", s.storage.sqlite_file);
  take(storage, "synchronous", s.storage.synchronous);
  take(storage, "busy_timeout_ms", s.storage.busy_timeout_ms);
  take(storage, "integrity_check", s.storage.integrity_check);
  auto& csv = section(storage, "csv");
  take(csv, "enabled", s.storage.csv.enabled);
  take(csv, "dir", s.storage.csv.dir);
  auto& journal = section(storage, "journal");
  take(journal, "enabled", s.storage.journal.enabled);
  take(journal, "fsync", s.storage.journal.fsync);
  auto& influx = section(storage, "influx");
  take(influx, "enabled", s.storage.influx.enabled);
  take(influx, "url", s.storage.influx.url);
  take(influx, "database", s.storage.influx.database);
  take(influx, "token", s.storage.influx.token);
  take(influx, "timeout_seconds", s.storage.influx.timeout_seconds);
  take(influx, "memory_batches", s.storage.influx.memory_batches);
  take(influx, "spill_max_mb", s.storage.influx.spill_max_mb);
  take(influx, "spill_dir", s.storage.influx.spill_dir);
  auto& retention = section(storage, "retention");
  take(retention, "keep_days", s.storage.retention.keep_days);
  take(retention, "after_close_minutes", s.storage.retention.after_close_minutes);
  auto& providers = section(root, "providers");
  take(providers, "primary", s.providers.primary);
  take(providers, "failover", s.providers.failover);
  take(providers, "request_timeout_seconds", s.providers.request_timeout_seconds);
  auto& breaker = section(providers, "breaker");
  take(breaker, "window", s.providers.breaker.window);
  take(breaker, "min_calls", s.providers.breaker.min_calls);
  take(breaker, "failure_rate", s.providers.breaker.failure_rate);
  take(breaker, "open_seconds", s.providers.breaker.open_seconds);
  take(breaker, "half_open_trials", s.providers.breaker.half_open_trials);
  take(section(providers, "synthetic"), "seed", s.providers.synthetic.seed);
  s.providers.kite = kite_app(section(providers, "kite"));
  for (auto& [name, app] : section(providers, "kite_apps").items())
    s.providers.kite_apps.emplace(name, kite_app(app));
  auto& supervision = section(root, "supervision");
  take(supervision, "max_restarts", s.supervision.max_restarts);
  take(supervision, "within_seconds", s.supervision.within_seconds);
  take(supervision, "backoff_initial_ms", s.supervision.backoff_initial_ms);
  take(supervision, "backoff_max_ms", s.supervision.backoff_max_ms);
  take(supervision, "shutdown_timeout_seconds", s.supervision.shutdown_timeout_seconds);
  take(section(root, "analytics"), "pool_size", s.analytics.pool_size);
  take(section(root, "logging"), "level", s.logging.level);
  auto& faults = section(root, "faults");
  take(faults, "latency_ms", s.faults.latency_ms);
  take(faults, "error_rate", s.faults.error_rate);
  take(faults, "garbage_rate", s.faults.garbage_rate);
  if (auto crashes = faults.find("collector_crashes"); crashes != faults.end())
    for (auto& crash : *crashes)
      s.faults.collector_crashes.push_back(
        {crash.at("index").get<std::string>(), crash.at("cycle").get<uint64_t>()});
  auto& metrics = section(root, "metrics");
  take(metrics, "bind_address", s.metrics.bind_address);
  take(metrics, "port", s.metrics.port);
  take(metrics, "enable_groups", s.metrics.enable_groups);
  take(metrics, "disable_groups", s.metrics.disable_groups);
  auto& panels = section(root, "panels");
  take(panels, "dir", s.panels.dir);
  take(panels, "validate", s.panels.validate);
  auto& integrity = section(panels, "integrity");
  take(integrity, "enabled", s.panels.integrity.enabled);
  take(integrity, "interval_seconds", s.panels.integrity.interval_seconds);
  take(integrity, "strict", s.panels.integrity.strict);
  auto& sse = section(root, "sse");
  take(sse, "enabled", s.sse.enabled);
  take(sse, "bind_address", s.sse.bind_address);
  take(sse, "port", s.sse.port);
  take(sse, "token", s.sse.token);
  take(sse, "allow_ips", s.sse.allow_ips);
  take(sse, "allow_user_agents", s.sse.allow_user_agents);
  take(sse, "cors_origins", s.sse.cors_origins);
  take(sse, "mode", s.sse.mode);
  take(sse, "heartbeat_seconds", s.sse.heartbeat_seconds);
  take(sse, "retry_ms", s.sse.retry_ms);
  take(sse, "ring_size", s.sse.ring_size);
  take(sse, "max_event_bytes", s.sse.max_event_bytes);
  take(sse, "queue_limit", s.sse.queue_limit);
  take(sse, "max_coalesces", s.sse.max_coalesces);
  take(sse, "max_clients", s.sse.max_clients);
  take(sse, "max_clients_per_ip", s.sse.max_clients_per_ip);
  take(sse, "requests_per_second", s.sse.requests_per_second);
  take(sse, "request_burst", s.sse.request_burst);
  take(sse, "max_header_bytes", s.sse.max_header_bytes);
  take(sse, "max_target_bytes", s.sse.max_target_bytes);
  take(sse, "request_timeout_seconds", s.sse.request_timeout_seconds);
  take(sse, "write_timeout_seconds", s.sse.write_timeout_seconds);
  take(sse, "io_threads", s.sse.io_threads);
  auto& nodes = section(root, "nodes");
  take(nodes, "secret", s.nodes.secret);
  take(nodes, "heartbeat_ms", s.nodes.heartbeat_ms);
  take(nodes, "connection_timeout_ms", s.nodes.connection_timeout_ms);
  take(nodes, "outbox_memory_batches", s.nodes.outbox_memory_batches);
  take(nodes, "reconnect_initial_ms", s.nodes.reconnect_initial_ms);
  take(nodes, "reconnect_max_ms", s.nodes.reconnect_max_ms);
  return s;
}

} // namespace config_detail

using config_detail::document;

namespace {

document kite_app_json(const kite_settings& app) {
  return {{"base_url", app.base_url},
          {"credentials_file", app.credentials_file},
          {"token_file", app.token_file},
          {"quote_rate_per_second", app.quote_rate_per_second},
          {"other_rate_per_second", app.other_rate_per_second},
          {"merge_window_ms", app.merge_window_ms},
          {"connect_timeout_seconds", app.connect_timeout_seconds}};
}

} // namespace

std::string settings_to_json(const settings& s) {
  document doc;
  auto& indices = doc["index_params"] = document::object();
  for (auto& index : s.indices) {
    auto expiries = document::array();
    for (auto bucket : index.expiries)
      expiries.push_back(std::string{to_string(bucket)});
    indices[index.name] = {{"enable", index.enable},
                           {"expiries", std::move(expiries)},
                           {"strikes_itm", index.strikes_itm},
                           {"strikes_otm", index.strikes_otm},
                           {"spot_key", index.spot_key}};
  }
  auto& g = s.greeks;
  doc["greeks"] = {{"enabled", g.enabled},         {"estimate_iv", g.estimate_iv},
                   {"risk_free_rate", g.risk_free_rate}, {"iv_min", g.iv_min},
                   {"iv_max", g.iv_max},           {"iv_precision", g.iv_precision},
                   {"iv_max_iterations", g.iv_max_iterations}};
  auto& c = s.collection;
  doc["collection"] = {{"interval_seconds", c.interval_seconds},
                       {"cycle_timeout_seconds", c.cycle_timeout_seconds},
                       {"quote_max_age_seconds", c.quote_max_age_seconds}};
  auto& st = s.storage;
  doc["storage"] = {{"data_dir", st.data_dir},
                    {"sqlite_file", st.sqlite_file},
                    {"synchronous", st.synchronous},
                    {"busy_timeout_ms", st.busy_timeout_ms},
                    {"integrity_check", st.integrity_check},
                    {"csv", {{"enabled", st.csv.enabled}, {"dir", st.csv.dir}}},
                    {"journal", {{"enabled", st.journal.enabled}, {"fsync", st.journal.fsync}}},
                    {"influx",
                     {{"enabled", st.influx.enabled},
                      {"url", st.influx.url},
                      {"database", st.influx.database},
                      {"token", st.influx.token},
                      {"timeout_seconds", st.influx.timeout_seconds},
                      {"memory_batches", st.influx.memory_batches},
                      {"spill_max_mb", st.influx.spill_max_mb},
                      {"spill_dir", st.influx.spill_dir}}},
                    {"retention",
                     {{"keep_days", st.retention.keep_days}, {"after_close_minutes", st.retention.after_close_minutes}}}};
  auto& p = s.providers;
  auto kite_apps = document::object();
  for (auto& [name, app] : p.kite_apps)
    kite_apps[name] = kite_app_json(app);
  doc["providers"] = {{"primary", p.primary},
                      {"failover", p.failover},
                      {"request_timeout_seconds", p.request_timeout_seconds},
                      {"breaker",
                       {{"window", p.breaker.window},
                        {"min_calls", p.breaker.min_calls},
                        {"failure_rate", p.breaker.failure_rate},
                        {"open_seconds", p.breaker.open_seconds},
                        {"half_open_trials", p.breaker.half_open_trials}}},
                      {"synthetic", {{"seed", p.synthetic.seed}}},
                      {"kite", kite_app_json(p.kite)},
                      {"kite_apps", std::move(kite_apps)}};
  auto& sv = s.supervision;
  doc["supervision"] = {{"max_restarts", sv.max_restarts},
                        {"within_seconds", sv.within_seconds},
                        {"backoff_initial_ms", sv.backoff_initial_ms},
                        {"backoff_max_ms", sv.backoff_max_ms},
                        {"shutdown_timeout_seconds", sv.shutdown_timeout_seconds}};
  doc["analytics"] = {{"pool_size", s.analytics.pool_size}};
  doc["logging"] = {{"level", s.logging.level}};
  auto crashes = document::array();
  for (auto& crash : s.faults.collector_crashes)
    crashes.push_back({{"index", crash.index}, {"cycle", crash.cycle}});
  doc["faults"] = {{"latency_ms", s.faults.latency_ms},
                   {"error_rate", s.faults.error_rate},
                   {"garbage_rate", s.faults.garbage_rate},
                   {"collector_crashes", std::move(crashes)}};
  auto& m = s.metrics;
  doc["metrics"] = {{"bind_address", m.bind_address},
                    {"port", m.port},
                    {"enable_groups", m.enable_groups},
                    {"disable_groups", m.disable_groups}};
  auto& pn = s.panels;
  doc["panels"] = {{"dir", pn.dir},
                   {"validate", pn.validate},
                   {"integrity",
                    {{"enabled", pn.integrity.enabled},
                     {"interval_seconds", pn.integrity.interval_seconds},
                     {"strict", pn.integrity.strict}}}};
  auto& ss = s.sse;
  doc["sse"] = {{"enabled", ss.enabled},
                {"bind_address", ss.bind_address},
                {"port", ss.port},
                {"token", ss.token},
                {"allow_ips", ss.allow_ips},
                {"allow_user_agents", ss.allow_user_agents},
                {"cors_origins", ss.cors_origins},
                {"mode", ss.mode},
                {"heartbeat_seconds", ss.heartbeat_seconds},
                {"retry_ms", ss.retry_ms},
                {"ring_size", ss.ring_size},
                {"max_event_bytes", ss.max_event_bytes},
                {"queue_limit", ss.queue_limit},
                {"max_coalesces", ss.max_coalesces},
                {"max_clients", ss.max_clients},
                {"max_clients_per_ip", ss.max_clients_per_ip},
                {"requests_per_second", ss.requests_per_second},
                {"request_burst", ss.request_burst},
                {"max_header_bytes", ss.max_header_bytes},
                {"max_target_bytes", ss.max_target_bytes},
                {"request_timeout_seconds", ss.request_timeout_seconds},
                {"write_timeout_seconds", ss.write_timeout_seconds},
                {"io_threads", ss.io_threads}};
  auto& nd = s.nodes;
  doc["nodes"] = {{"secret", nd.secret},
                  {"heartbeat_ms", nd.heartbeat_ms},
                  {"connection_timeout_ms", nd.connection_timeout_ms},
                  {"outbox_memory_batches", nd.outbox_memory_batches},
                  {"reconnect_initial_ms", nd.reconnect_initial_ms},
                  {"reconnect_max_ms", nd.reconnect_max_ms}};
  return doc.dump(2);
}

} // namespace g6
