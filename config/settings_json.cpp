// settings_json.cpp — config documents <-> g6::settings through one field list per section (see
// settings_json.hpp and settings_to_json in loader.hpp): each key is named once, so reading a file and
// `g6 config show` cannot disagree on a spelling, and a new setting is one line here.
#include "config/settings_json.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "config/loader.hpp"

namespace g6 {

namespace config_detail {

namespace {

/// The word of every listed strike or expiry (index_params.<INDEX>.strikes_itm, strikes_otm, expiries).
constexpr const char* all_word = "all";

// The field lists: the keys of each section, in the order `config show` prints them.

template <class Fields>
void fields(Fields& f, greeks_settings& x) {
  f("enabled", x.enabled);
  f("estimate_iv", x.estimate_iv);
  f("risk_free_rate", x.risk_free_rate);
  f("iv_min", x.iv_min);
  f("iv_max", x.iv_max);
  f("iv_precision", x.iv_precision);
  f("iv_max_iterations", x.iv_max_iterations);
}

template <class Fields>
void fields(Fields& f, collection_settings& x) {
  f("interval_seconds", x.interval_seconds);
  f("cycle_timeout_seconds", x.cycle_timeout_seconds);
  f("quote_max_age_seconds", x.quote_max_age_seconds);
}

template <class Fields>
void fields(Fields& f, csv_settings& x) {
  f("enabled", x.enabled);
  f("dir", x.dir);
}

template <class Fields>
void fields(Fields& f, journal_settings& x) {
  f("enabled", x.enabled);
  f("fsync", x.fsync);
}

template <class Fields>
void fields(Fields& f, influx_settings& x) {
  f("enabled", x.enabled);
  f("url", x.url);
  f("database", x.database);
  f("token", x.token);
  f("ca_file", x.ca_file);
  f("timeout_seconds", x.timeout_seconds);
  f("memory_batches", x.memory_batches);
  f("spill_max_mb", x.spill_max_mb);
  f("spill_dir", x.spill_dir);
}

template <class Fields>
void fields(Fields& f, retention_settings& x) {
  f("keep_days", x.keep_days);
  f("after_close_minutes", x.after_close_minutes);
}

template <class Fields>
void fields(Fields& f, storage_settings& x) {
  f("data_dir", x.data_dir);
  f("sqlite_file", x.sqlite_file);
  f("synchronous", x.synchronous);
  f("busy_timeout_ms", x.busy_timeout_ms);
  f("integrity_check", x.integrity_check);
  f("csv", x.csv);
  f("journal", x.journal);
  f("influx", x.influx);
  f("retention", x.retention);
}

template <class Fields>
void fields(Fields& f, breaker_settings& x) {
  f("window", x.window);
  f("min_calls", x.min_calls);
  f("failure_rate", x.failure_rate);
  f("open_seconds", x.open_seconds);
  f("half_open_trials", x.half_open_trials);
}

template <class Fields>
void fields(Fields& f, synthetic_settings& x) {
  f("seed", x.seed);
}

template <class Fields>
void fields(Fields& f, kite_ticker_settings& x);

template <class Fields>
void fields(Fields& f, kite_settings& x) {
  f("base_url", x.base_url);
  f("credentials_file", x.credentials_file);
  f("token_file", x.token_file);
  f("quote_rate_per_second", x.quote_rate_per_second);
  f("other_rate_per_second", x.other_rate_per_second);
  f("merge_window_ms", x.merge_window_ms);
  f("connect_timeout_seconds", x.connect_timeout_seconds);
  f("quotes", x.quotes);
  f("ticker_url", x.ticker_url);
  f("ticker", x.ticker);
}

template <class Fields>
void fields(Fields& f, kite_ticker_settings& x) {
  f("mode", x.mode);
  f("silence_seconds", x.silence_seconds);
  f("connections", x.connections);
  f("spill_apps", x.spill_apps);
}

template <class Fields>
void fields(Fields& f, provider_settings& x) {
  f("primary", x.primary);
  f("failover", x.failover);
  f("request_timeout_seconds", x.request_timeout_seconds);
  f("breaker", x.breaker);
  f("synthetic", x.synthetic);
  f("kite", x.kite);
  f("kite_apps", x.kite_apps);
}

template <class Fields>
void fields(Fields& f, supervision_settings& x) {
  f("max_restarts", x.max_restarts);
  f("within_seconds", x.within_seconds);
  f("backoff_initial_ms", x.backoff_initial_ms);
  f("backoff_max_ms", x.backoff_max_ms);
  f("shutdown_timeout_seconds", x.shutdown_timeout_seconds);
}

template <class Fields>
void fields(Fields& f, surface_settings& x) {
  f("enabled", x.enabled);
  f("min_premium", x.min_premium);
  f("max_relative_spread", x.max_relative_spread);
}

template <class Fields>
void fields(Fields& f, analytics_settings& x) {
  f("pool_size", x.pool_size);
  f("surface", x.surface);
}

template <class Fields>
void fields(Fields& f, logging_settings& x) {
  f("level", x.level);
}

template <class Fields>
void fields(Fields& f, collector_crash_fault& x) {
  f("index", x.index);
  f("cycle", x.cycle);
}

template <class Fields>
void fields(Fields& f, fault_settings& x) {
  f("latency_ms", x.latency_ms);
  f("error_rate", x.error_rate);
  f("garbage_rate", x.garbage_rate);
  f("collector_crashes", x.collector_crashes);
}

template <class Fields>
void fields(Fields& f, metrics_settings& x) {
  f("bind_address", x.bind_address);
  f("port", x.port);
  f("enable_groups", x.enable_groups);
  f("disable_groups", x.disable_groups);
}

template <class Fields>
void fields(Fields& f, panel_integrity_settings& x) {
  f("enabled", x.enabled);
  f("interval_seconds", x.interval_seconds);
  f("strict", x.strict);
}

template <class Fields>
void fields(Fields& f, panels_settings& x) {
  f("dir", x.dir);
  f("validate", x.validate);
  f("integrity", x.integrity);
}

template <class Fields>
void fields(Fields& f, sse_settings& x) {
  f("enabled", x.enabled);
  f("bind_address", x.bind_address);
  f("port", x.port);
  f("token", x.token);
  f("allow_ips", x.allow_ips);
  f("allow_user_agents", x.allow_user_agents);
  f("cors_origins", x.cors_origins);
  f("mode", x.mode);
  f("heartbeat_seconds", x.heartbeat_seconds);
  f("tick_rate_hz", x.tick_rate_hz);
  f("retry_ms", x.retry_ms);
  f("ring_size", x.ring_size);
  f("max_event_bytes", x.max_event_bytes);
  f("queue_limit", x.queue_limit);
  f("max_coalesces", x.max_coalesces);
  f("max_clients", x.max_clients);
  f("max_clients_per_ip", x.max_clients_per_ip);
  f("requests_per_second", x.requests_per_second);
  f("request_burst", x.request_burst);
  f("max_header_bytes", x.max_header_bytes);
  f("max_target_bytes", x.max_target_bytes);
  f("request_timeout_seconds", x.request_timeout_seconds);
  f("write_timeout_seconds", x.write_timeout_seconds);
  f("io_threads", x.io_threads);
}

template <class Fields>
void fields(Fields& f, node_settings& x) {
  f("secret", x.secret);
  f("heartbeat_ms", x.heartbeat_ms);
  f("connection_timeout_ms", x.connection_timeout_ms);
  f("outbox_memory_batches", x.outbox_memory_batches);
  f("reconnect_initial_ms", x.reconnect_initial_ms);
  f("reconnect_max_ms", x.reconnect_max_ms);
}

/// An index's entry under index_params; its name is the entry's key.
template <class Fields>
void fields(Fields& f, index_settings& x) {
  f("enable", x.enable);
  f("expiries", x.expiries);
  f("strikes_itm", x.strikes_itm);
  f("strikes_otm", x.strikes_otm);
  f("spot_key", x.spot_key);
}

/// Every section but index_params (an object keyed by index name, kept in config order).
template <class Fields>
void fields(Fields& f, settings& x) {
  f("greeks", x.greeks);
  f("collection", x.collection);
  f("storage", x.storage);
  f("providers", x.providers);
  f("supervision", x.supervision);
  f("analytics", x.analytics);
  f("logging", x.logging);
  f("faults", x.faults);
  f("metrics", x.metrics);
  f("panels", x.panels);
  f("sse", x.sse);
  f("nodes", x.nodes);
}

/// Reads a section's keys into its struct; keys the document leaves out keep the struct's defaults.
struct json_reader {
  const document& from;

  template <class T>
  void operator()(const char* key, T& x) {
    if (auto i = from.find(key); i != from.end())
      read(*i, x);
  }

  template <class T>
  static void read(const document& j, T& x) {
    if constexpr (requires(json_reader & r) { fields(r, x); }) {
      json_reader nested{j};
      fields(nested, x);
    } else {
      x = j.get<T>();
    }
  }
  static void read(const document& j, expiry_bucket& x) { x = *parse_expiry_bucket(j.get<std::string>()); }
  static void read(const document& j, kite_quote_source& x) { x = *parse_kite_quote_source(j.get<std::string>()); }
  static void read(const document& j, kite_tick_mode& x) { x = *parse_kite_tick_mode(j.get<std::string>()); }
  // The schema lets through a count or "all" (strikes) and bucket names, a count or "all" (expiries).
  static void read(const document& j, strike_depth& x) {
    x = j.is_string() ? strike_depth::every() : strike_depth{j.get<int>()};
  }
  static void read(const document& j, expiry_selection& x) {
    if (j.is_string())
      x = expiry_selection::every();
    else if (j.is_number())
      x = expiry_selection::nearest(j.get<int>());
    else
      read(j, x.buckets);
  }
  template <class T>
  static void read(const document& j, std::vector<T>& xs) {
    xs.clear();
    for (auto& item : j)
      read(item, xs.emplace_back());
  }
  template <class T>
  static void read(const document& j, std::map<std::string, T>& xs) {
    xs.clear();
    for (auto& [name, item] : j.items())
      read(item, xs[name]);
  }
};

/// Writes a section's keys from its struct.
struct json_writer {
  document& to;

  template <class T>
  void operator()(const char* key, T& x) {
    to[key] = write(x);
  }

  template <class T>
  static document write(T& x) {
    if constexpr (requires(json_writer & w) { fields(w, x); }) {
      document j = document::object();
      json_writer nested{j};
      fields(nested, x);
      return j;
    } else {
      return x;
    }
  }
  static document write(expiry_bucket x) { return std::string{to_string(x)}; }
  static document write(kite_quote_source x) { return std::string{to_string(x)}; }
  static document write(kite_tick_mode x) { return std::string{to_string(x)}; }
  static document write(strike_depth& x) { return x.all ? document(all_word) : document(x.count); }
  static document write(expiry_selection& x) {
    switch (x.choice) {
      case expiry_choice::next:
        return x.next;
      case expiry_choice::all:
        return all_word;
      case expiry_choice::buckets:
        break;
    }
    return write(x.buckets);
  }
  template <class T>
  static document write(std::vector<T>& xs) {
    document j = document::array();
    for (auto& x : xs)
      j.push_back(write(x));
    return j;
  }
  template <class T>
  static document write(std::map<std::string, T>& xs) {
    document j = document::object();
    for (auto& [name, x] : xs)
      j[name] = write(x);
    return j;
  }
};

} // namespace

settings to_settings(const document& root) {
  settings s;
  if (auto indices = root.find("index_params"); indices != root.end())
    for (auto& [name, entry] : indices->items()) {
      auto& index = s.indices.emplace_back();
      index.name = name;
      json_reader::read(entry, index);
    }
  json_reader::read(root, s);
  return s;
}

} // namespace config_detail

std::string settings_to_json(const settings& s) {
  using config_detail::document;
  using config_detail::json_writer;
  auto copy = s; // the field lists serve both directions, so they take their struct by reference
  document doc;
  auto& indices = doc["index_params"] = document::object();
  for (auto& index : copy.indices)
    indices[index.name] = json_writer::write(index);
  json_writer sections{doc};
  config_detail::fields(sections, copy);
  return doc.dump(2);
}

} // namespace g6
