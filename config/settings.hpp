// settings.hpp — the typed settings of a g6 node, as the loader builds them from config/g6.json (validated
// against config/schema.json) and G6_* environment overrides. Defaults here equal the schema's defaults.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "messages/enum_names.hpp"
#include "messages/kite_tick_mode.hpp"
#include "messages/market.hpp"

namespace g6 {

/// index_params.<INDEX>.strikes_itm / strikes_otm: strikes collected on one side of the at-the-money
/// strike, a number of strike steps or every listed strike ("all"). A number converts implicitly: most
/// configs give one.
struct strike_depth {
  int count = 10;   // strike steps on this side, when not all
  bool all = false; // every listed strike on this side
  strike_depth() = default;
  strike_depth(int steps) : count(steps) {}
  static strike_depth every() {
    strike_depth d;
    d.all = true;
    return d;
  }
  friend bool operator==(const strike_depth&, const strike_depth&) = default;
};

/// How index_params.<INDEX>.expiries picks the listed expiries to collect.
enum class expiry_choice : uint8_t {
  buckets, // the named buckets (this_week, next_week, this_month, next_month)
  next,    // the next N listed expiries (a number)
  all,     // every listed expiry ("all")
};

/// index_params.<INDEX>.expiries: bucket names, a number or "all". Buckets convert implicitly: most configs
/// give them.
struct expiry_selection {
  expiry_choice choice = expiry_choice::buckets;
  std::vector<expiry_bucket> buckets; // choice == buckets: each at most once
  int next = 0;                       // choice == next: how many of the nearest listed expiries
  expiry_selection() = default;
  expiry_selection(std::vector<expiry_bucket> named) : buckets(std::move(named)) {}
  static expiry_selection nearest(int count) {
    expiry_selection x;
    x.choice = expiry_choice::next;
    x.next = count;
    return x;
  }
  static expiry_selection every() {
    expiry_selection x;
    x.choice = expiry_choice::all;
    return x;
  }
  friend bool operator==(const expiry_selection&, const expiry_selection&) = default;
};

/// index_params.<NAME>: what to collect for one underlying: an index or (with a provider that lists it) a
/// stock.
struct index_settings {
  std::string name; // NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY, SENSEX, RELIANCE, ...
  bool enable = true;
  expiry_selection expiries;
  strike_depth strikes_itm; // the in-the-money side of ATM (calls below, puts above)
  strike_depth strikes_otm;
  /// Kite's quote key of the index level, "EXCHANGE:SYMBOL" (NSE:NIFTY 50); empty: the built-in key
  /// (config/spot_keys.hpp).
  std::string spot_key;
};

/// greeks: IV solver bounds and the rate used for the forward and discounting.
struct greeks_settings {
  bool enabled = true;
  bool estimate_iv = true;
  double risk_free_rate = 0.065;
  double iv_min = 0.01;
  double iv_max = 5.0;
  double iv_precision = 1e-9;
  int iv_max_iterations = 100;
};

/// collection: the cycle.
struct collection_settings {
  double interval_seconds = 60;
  /// A cycle whose index reports have not all arrived after this long is closed as partial.
  double cycle_timeout_seconds = 30;
  /// Quotes older than this relative to the cycle are flagged stale.
  double quote_max_age_seconds = 300;
};

/// storage.csv: the original platform's CSV tree, written by its own sink after each commit.
struct csv_settings {
  bool enabled = false;
  std::string dir; // empty: <data_dir>/csv. A non-empty dir (G6_CSV_BASE_DIR) enables the sink too.
  bool active() const { return enabled || !dir.empty(); }
};

/// storage.journal: every provider answer captured per trading day, for exact replay.
struct journal_settings {
  bool enabled = true;
  std::string fsync = "cycle"; // never | cycle (once per quotes answer) | every (each record)
};

/// storage.influx: InfluxDB 1.x, written by its own sink after each commit.
struct influx_settings {
  bool enabled = false;
  std::string url;      // http(s)://host:port (G6_INFLUX_URL)
  std::string database; // (G6_INFLUX_DB); url and database both set enable the sink too
  std::string token;    // sent as "Authorization: Token <token>" when set
  std::string ca_file;  // PEM bundle trusted for an https url (a private CA); empty: the system's trust store
  double timeout_seconds = 5;
  int memory_batches = 200;  // queued in memory before spilling to disk
  double spill_max_mb = 512; // spill directory bound; the oldest batches go beyond it
  std::string spill_dir;     // empty: <data_dir>/influx_spill
  bool active() const { return enabled || (!url.empty() && !database.empty()); }
};

/// storage.retention: the daemon's daily prune of old trading days, after the close.
struct retention_settings {
  int keep_days = 0;            // 0: no daily prune; else keep this many days, the day just closed included
  int after_close_minutes = 30; // how long after the session's close (15:30 IST) the prune runs
};

/// storage: where rows go.
struct storage_settings {
  std::string data_dir = "./data";
  std::string sqlite_file = "g6.sqlite"; // relative to data_dir
  /// SQLite synchronous mode in WAL: "full" (every commit survives power loss) or "normal".
  std::string synchronous = "full";
  int busy_timeout_ms = 5000;
  /// Checked at open before any write: "quick" (PRAGMA quick_check, and the full integrity_check when the
  /// last writer did not close the file cleanly), "full" (integrity_check every time) or "off".
  std::string integrity_check = "quick";
  csv_settings csv;
  journal_settings journal;
  influx_settings influx;
  retention_settings retention;
};

/// Circuit breaker in front of a provider.
struct breaker_settings {
  int window = 20;           // calls in the sliding window
  int min_calls = 5;         // no decision before this many calls
  double failure_rate = 0.5; // open at or above this share of failures
  double open_seconds = 10;  // wait before half-open
  int half_open_trials = 3;  // trial calls that decide half-open -> closed
};

/// providers: which market data source, and its knobs.
struct synthetic_settings {
  uint64_t seed = 20261126;
};
/// providers.kite, and each named app of providers.kite_apps: one Kite Connect app.
/// Where a Kite app's cycle quotes come from: REST /quote calls each cycle, or the WebSocket ticker's
/// tick book (REST only for instruments without a fresh tick).
enum class kite_quote_source : uint8_t { rest, stream };

inline constexpr enum_names<kite_quote_source, 2> kite_quote_source_names{{
  {kite_quote_source::rest, "rest"},
  {kite_quote_source::stream, "stream"},
}};

constexpr std::string_view to_string(kite_quote_source x) {
  return name_of(kite_quote_source_names, x);
}
constexpr std::optional<kite_quote_source> parse_kite_quote_source(std::string_view text) {
  return value_named(kite_quote_source_names, text);
}

/// providers.kite.ticker: the WebSocket ticker's subscriptions and liveness.
struct kite_ticker_settings {
  // full: open interest, 5-level depth and exchange times besides prices; quote and ltp ticks carry no OI
  // and no bid/ask, so a chain streamed in them has no PCR by OI, max pain or mid prices.
  kite_tick_mode mode = kite_tick_mode::full;
  double silence_seconds = 5; // no frame (heartbeats included) this long: reconnect
  /// How many of the app's 3 ticker connections g6 opens at most (the rest stay free for another KiteTicker
  /// of the app); as a spill app, how many it lends.
  int connections = 3;
  /// Apps of providers.kite_apps whose 3 connections the ticker uses, in order, once its own app's 3 are
  /// full: each connection opens with its own app's key and token (check_providers validates the names).
  std::vector<std::string> spill_apps;
};

struct kite_settings {
  std::string base_url = "https://api.kite.trade";
  std::string credentials_file;      // providers.kite: empty means credentials from the environment only
  std::string token_file;            // empty: <storage.data_dir>/kite/token.json (kite/<name>/ for a named app)
  double quote_rate_per_second = 1;  // quote, ohlc, ltp
  double other_rate_per_second = 10; // everything else
  double merge_window_ms = 50;       // quote requests of a tick gathered this long, then merged
  double connect_timeout_seconds = 3;
  kite_quote_source quotes = kite_quote_source::rest;
  std::string ticker_url = "wss://ws.kite.trade";
  kite_ticker_settings ticker;
};
struct provider_settings {
  std::string primary = "synthetic"; // synthetic | kite
  /// Live providers tried in order after the primary when it fails: "kite" or "kite.<name>" of
  /// kite_apps. Never synthetic (loader.cpp checks).
  std::vector<std::string> failover;
  double request_timeout_seconds = 10;
  breaker_settings breaker;
  synthetic_settings synthetic;
  kite_settings kite;
  std::map<std::string, kite_settings> kite_apps; // more Kite apps by name, for the failover chain
};

/// supervision: restart policy shared by all supervisors.
struct supervision_settings {
  int max_restarts = 3;           // restart intensity: at most this many ...
  double within_seconds = 5;      // ... within this window, else escalate to the parent
  double backoff_initial_ms = 50; // first restart delay, doubled per consecutive restart
  double backoff_max_ms = 5000;
  double shutdown_timeout_seconds = 4;
};

/// analytics: the worker pool.
/// analytics.surface: the volatility surface, one raw-SVI fit per expiry each cycle.
struct surface_settings {
  bool enabled = true;
  double min_premium = 1.0;         // premiums below this are left out of the smile
  double max_relative_spread = 0.2; // a book wider than this fraction of its mid is priced at its LTP
};

struct analytics_settings {
  int pool_size = 0; // 0: one per core
  surface_settings surface;
};

/// logging.
struct logging_settings {
  std::string level = "info"; // trace debug info warn error critical off
};

/// A collector told to throw on one cycle (tests of supervision).
struct collector_crash_fault {
  std::string index;
  uint64_t cycle = 0;
};

/// faults: injected by tests and demos, never on by default. Provider faults apply to the synthetic
/// provider only.
struct fault_settings {
  double latency_ms = 0;   // added to every provider answer
  double error_rate = 0;   // share of provider requests that fail
  double garbage_rate = 0; // share of quotes replaced by garbage (NaN, negative, crossed, zero)
  std::vector<collector_crash_fault> collector_crashes;
};

/// metrics: the Prometheus exposer and which metric groups it serves.
struct metrics_settings {
  std::string bind_address = "0.0.0.0";
  int port = 9108;                         // 0: any free port (the port bound is logged)
  std::vector<std::string> enable_groups;  // empty: every group
  std::vector<std::string> disable_groups; // applied after enable_groups; always-on groups stay
};

/// panels.integrity: the monitor that re-hashes the panel files.
struct panel_integrity_settings {
  bool enabled = true;
  double interval_seconds = 30; // at least 5
  bool strict = false;          // a mismatch stops the daemon with exit code 2
};

/// panels: the JSON panels written after every cycle.
struct panels_settings {
  std::string dir;               // empty: <storage.data_dir>/panels
  std::string validate = "warn"; // JSON Schema check of each panel: off | warn | strict
  panel_integrity_settings integrity;
};

/// sse: the live stream (Server-Sent Events) of the panels; see docs/live-stream.md.
struct sse_settings {
  bool enabled = true;
  std::string bind_address = "127.0.0.1";
  int port = 9320;                            // 0: any free port (the port bound is logged)
  std::string token;                          // empty: no token needed
  std::vector<std::string> allow_ips;         // CIDR blocks; empty: everyone
  std::vector<std::string> allow_user_agents; // prefixes; empty: any
  std::vector<std::string> cors_origins;      // exact origins, or "*"
  std::string mode = "diff";                  // diff | full
  double heartbeat_seconds = 15;
  double tick_rate_hz = 2; // stream mode: chain panels updated from ticks; 0: per cycle only
  int retry_ms = 3000;
  int ring_size = 256;
  int max_event_bytes = 4194304;
  int queue_limit = 32;
  int max_coalesces = 3;
  int max_clients = 10000;
  int max_clients_per_ip = 64;
  double requests_per_second = 10;
  double request_burst = 20;
  int max_header_bytes = 8192;
  int max_target_bytes = 2048;
  double request_timeout_seconds = 10;
  double write_timeout_seconds = 30;
  int io_threads = 1;
};

/// nodes: hub and collector nodes over the network, and the console's connection to a node.
struct node_settings {
  std::string secret;                  // shared secret; required when a node listens beyond loopback
  double heartbeat_ms = 200;           // middleman heartbeat between connected nodes
  double connection_timeout_ms = 1000; // a peer silent this long is dropped (dead or hung)
  int outbox_memory_batches = 64;      // unacknowledged items a collector keeps in memory (journal on disk)
  double reconnect_initial_ms = 100;   // first reconnect delay to the hub, doubled per failure, jittered
  double reconnect_max_ms = 2000;
};

struct settings {
  std::vector<index_settings> indices; // in config order
  greeks_settings greeks;
  collection_settings collection;
  storage_settings storage;
  provider_settings providers;
  supervision_settings supervision;
  analytics_settings analytics;
  logging_settings logging;
  fault_settings faults;
  metrics_settings metrics;
  panels_settings panels;
  sse_settings sse;
  node_settings nodes;
};

} // namespace g6
