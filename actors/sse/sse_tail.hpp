// sse_tail.hpp — `g6 tail`: the reference client of the live stream. It follows /events, rebuilds the
// panels from panel_full and panel_diff, checks every hash, resyncs after a truncation marker or a
// failed check, and reconnects with Last-Event-ID after a jittered, growing backoff. Pure code.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

namespace g6::sse {

struct tail_options {
  std::string url = "http://127.0.0.1:9320"; // the server; "/events" may be given or left out
  std::string token;                         // sent as Authorization: Bearer
  uint64_t count = 0;                        // stop after this many panel events (0: never)
  double duration_seconds = 0;               // stop after this long (0: never)
  bool raw = false;                          // print each event's data instead of a summary line
  bool latency = false;                      // at the end, tick-to-screen latency of chain panels (live_latency.hpp)
  uint64_t seed = 0;                         // of the backoff jitter (0: random)
};

/// Exit codes: 0 done (count or duration reached), 1 bad URL, 2 refused (401/403).
int run_tail(const tail_options& options, std::ostream& out, std::ostream& err);

} // namespace g6::sse
