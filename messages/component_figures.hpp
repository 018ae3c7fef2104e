// component_figures.hpp — the figures components report in their status answers and the metrics and
// panels read back: sinks, the journal, analytics, breakers, broker sessions, collectors' drops, the
// gateway's peers and supervised children. Each struct comes with its one field list, `fields(f, x)`,
// which names every status key once; status_fields.hpp writes and reads a status dictionary through it,
// so a renamed member is a compile error on both sides instead of a metric silently stuck at zero.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "messages/auth_state.hpp"
#include "messages/breaker_state.hpp"

namespace g6 {

/// Where nested figures sit in a status answer, keyed by a name that may hold dots.
namespace status_keys {
inline constexpr const char* breakers = "breakers";     // the breaker's: provider label -> breaker_figures
inline constexpr const char* peer_prefix = "peers.";    // the gateway's: "peers.<node name>" -> peer_figures
inline constexpr const char* remote_prefix = "remote."; // a hub gateway's: "remote.<node name>" -> its status
inline constexpr const char* children = "children";     // a supervisor's: child label -> child_figures
} // namespace status_keys

/// What every storage sink reports, totals since it started: the SQLite store and the secondary sinks.
struct sink_figures {
  uint64_t rows_written = 0;
  uint64_t commits = 0;
  int64_t commit_latency_us_last = 0;
  double commit_latency_us_avg = 0;
};

template <class Fields>
void fields(Fields& f, sink_figures& x) {
  f("rows_written", x.rows_written);
  f("commits", x.commits);
  f("commit_latency_us_last", x.commit_latency_us_last);
  f("commit_latency_us_avg", x.commit_latency_us_avg);
}

/// The SQLite storage actor: a sink with a database whose size is watched.
struct database_figures : sink_figures {
  uint64_t database_bytes = 0;
};

template <class Fields>
void fields(Fields& f, database_figures& x) {
  fields(f, static_cast<sink_figures&>(x));
  f("db_bytes", x.database_bytes);
}

/// The capture journal writer, totals since it started: what opening day files found.
struct journal_figures {
  uint64_t torn_bytes_cut = 0;
  uint64_t damaged_ranges = 0;
  uint64_t damaged_bytes = 0;
};

template <class Fields>
void fields(Fields& f, journal_figures& x) {
  f("torn_bytes_cut", x.torn_bytes_cut);
  f("damaged_ranges", x.damaged_ranges);
  f("damaged_bytes", x.damaged_bytes);
}

/// The analytics pool, totals since it started.
struct analytics_figures {
  uint64_t solved = 0;
  uint64_t failed = 0;
  uint64_t chains = 0;
};

template <class Fields>
void fields(Fields& f, analytics_figures& x) {
  f("solved", x.solved);
  f("failed", x.failed);
  f("chains", x.chains);
}

/// One provider's circuit breaker in the failover chain: its state and totals since it started.
struct breaker_figures {
  breaker_state state = breaker_state::closed;
  uint64_t forwarded = 0;
  uint64_t rejected = 0;
  uint64_t failures = 0;
};

template <class Fields>
void fields(Fields& f, breaker_figures& x) {
  f("state", x.state, parse_breaker_state);
  f("forwarded", x.forwarded);
  f("rejected", x.rejected);
  f("failures", x.failures);
}

/// The failover chain: its providers in order and the one serving (the last to answer with its breaker
/// closed). Each provider's breaker_figures sit under "breakers", keyed by the provider's label.
struct failover_figures {
  std::vector<std::string> chain;
  std::string serving;
};

template <class Fields>
void fields(Fields& f, failover_figures& x) {
  f("chain", x.chain);
  f("serving", x.serving);
}

/// A provider's session with its broker; a provider without one reports nothing and reads as not_required.
struct session_figures {
  g6::auth_state auth_state = auth_state::not_required;
};

template <class Fields>
void fields(Fields& f, session_figures& x) {
  f("auth_state", x.auth_state, parse_auth_state);
}

/// A collector: its index and the sanitiser's drops by reason word, totals since it started.
struct collector_figures {
  std::string index;
  std::vector<std::pair<std::string, uint64_t>> drops_by_reason;
};

template <class Fields>
void fields(Fields& f, collector_figures& x) {
  f("index", x.index);
  f("dropped", x.drops_by_reason);
}

/// The gateway of a hub: the indices whose collector node was lost. Each peer's peer_figures sit under
/// "peers.<node name>".
struct gateway_figures {
  std::vector<std::string> stale;
};

template <class Fields>
void fields(Fields& f, gateway_figures& x) {
  f("stale", x.stale);
}

/// A collector node as the hub's gateway knows it: the indices it claimed.
struct peer_figures {
  std::vector<std::string> indices;
};

template <class Fields>
void fields(Fields& f, peer_figures& x) {
  f("indices", x.indices);
}

/// A collector node's link to its hub: the outbox of items journaled until the hub acknowledged them.
struct hub_link_figures {
  int64_t queued = -1; // items journaled, not yet acknowledged; −1 (the default when read): unknown
  uint64_t queued_in_memory = 0;
  uint64_t sent = 0;
  uint64_t connects = 0;
  uint64_t journal_errors = 0;
};

template <class Fields>
void fields(Fields& f, hub_link_figures& x) {
  f("queued", x.queued);
  f("queued_in_memory", x.queued_in_memory);
  f("sent", x.sent);
  f("connects", x.connects);
  f("journal_errors", x.journal_errors);
}

/// The clock: the indices it runs cycles for, and those the console paused.
struct clock_figures {
  std::vector<std::string> indices;
  std::vector<std::string> paused;
};

template <class Fields>
void fields(Fields& f, clock_figures& x) {
  f("indices", x.indices);
  f("paused", x.paused);
}

/// A supervised child as its supervisor reports it under "children", keyed by the child's label.
struct child_figures {
  bool running = false;
  uint64_t restarts = 0;
};

template <class Fields>
void fields(Fields& f, child_figures& x) {
  f("running", x.running);
  f("restarts", x.restarts);
}

} // namespace g6
