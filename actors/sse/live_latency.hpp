// live_latency.hpp — tick-to-screen latency as a client of the live stream sees it (`g6 tail --latency`):
// each time a chain panel arrives moved by ticks (its "live" object), how long after those ticks reached
// G6 the client had it — for the newest tick of the update and for the oldest (which also waited for the
// throttle, sse.tick_rate_hz); and the newest tick's time split at the panels' rebuild (the event's
// generated_at): in G6 up to the re-priced panels, then from there through the stream to the client. Needs the
// client and G6 on one clock (one machine, or NTP-close). Pure code.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace g6::sse {

class live_latency {
public:
  /// Looks at the panels of one event (`changed`: the panel names it changed; `generated_at_ms`: when G6
  /// built its panels) received at `now_ms` (wall clock, ms since the epoch).
  void observe(const std::map<std::string, nlohmann::json>& panels, const std::vector<std::string>& changed,
               int64_t generated_at_ms, int64_t now_ms);

  size_t updates() const { return newest_.size(); }

  /// "tick to screen: N updates of M chains; newest tick p50 .. p99 .. max .. ms; oldest tick ...; newest
  /// tick to re-priced panels ...; panels to this client ...".
  std::string report() const;

private:
  std::map<std::string, uint64_t> last_update_; // panel -> live.updates last counted
  std::vector<double> newest_;                  // ms, one per update
  std::vector<double> oldest_;
  std::vector<double> to_panels_; // newest tick's arrival -> panels rebuilt
  std::vector<double> to_client_; // panels rebuilt -> received here
};

} // namespace g6::sse
