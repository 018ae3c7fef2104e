// actors.hpp — the typed interface of every g6 actor, in one place, so the protocol between components
// reads as a whole. Every component answers `status` with a dictionary (caf::settings).
#pragma once

#include <caf/fwd.hpp>
#include <caf/replies_to.hpp>
#include <caf/settings.hpp>
#include <caf/typed_actor.hpp>

#include <string>
#include <vector>

#include "messages/atoms.hpp"
#include "messages/child_spec.hpp"
#include "messages/inspect.hpp"
#include "messages/observability_inspect.hpp"

namespace g6 {

// One message handler a line, each with its comment: the interfaces read as a table.
// clang-format off

/// Everything answers status with a dictionary of its state.
using status_client = caf::replies_to<status_atom, status_verbosity>::with<caf::settings>;

/// A market data source: synthetic, Kite Connect, or a replay of a capture. The circuit breaker in
/// front of a provider speaks the same protocol, so collectors cannot tell them apart.
using provider_actor = caf::typed_actor<
  // The option universe of an index for today's session.
  caf::replies_to<instruments_atom, std::string>::with<instrument_list>,
  // The index level now.
  caf::replies_to<spot_atom, std::string>::with<index_spot>,
  // Quotes for instruments by token; tokens it cannot quote come back in quote_batch::missing.
  caf::replies_to<quotes_atom, std::vector<uint64_t>>::with<quote_batch>,
  status_client>;

/// The analytics pool (and each of its workers): IV, Greeks and statistics over a whole chain.
using analytics_actor = caf::typed_actor<
  caf::replies_to<analyze_atom, chain_request>::with<chain_result>,
  status_client>;

/// The storage writer. Replies only after the transaction committed: the reply is the acknowledgement.
using storage_actor = caf::typed_actor<
  // Rows newly written (0 when this batch was already stored: storing is idempotent).
  caf::replies_to<store_atom, cycle_batch>::with<uint64_t>,
  caf::replies_to<store_atom, cycle_record>::with<uint64_t>,
  caf::replies_to<store_atom, event_record>::with<uint64_t>,
  status_client>;

/// A secondary storage sink (CSV files, InfluxDB): fed every index snapshot after its batch committed to
/// SQLite, it writes at its own pace and never acknowledges, so it cannot slow the acknowledging store.
using sink_actor = caf::typed_actor<
  caf::reacts_to<report_atom, index_snapshot>,
  // Internal: asked to stop, the sink first writes what is already in its mailbox.
  caf::reacts_to<shutdown_atom>,
  status_client>;

/// The InfluxDB sink: a sink whose own timer (poll) retries the queued batches.
using influx_sink_actor = sink_actor::extend<caf::reacts_to<poll_atom>>;

/// The capture journal writer: appends one encoded provider answer (journal_record) to the file of its
/// trading day; the flag marks the end of a cycle's answers (the `cycle` fsync point). Never answers, so
/// capturing cannot slow a cycle.
using journal_actor = caf::typed_actor<
  caf::reacts_to<capture_atom, day_number, bool, std::string>,
  // Internal: asked to stop, the journal first appends what is already in its mailbox.
  caf::reacts_to<shutdown_atom>,
  status_client>;

/// One collector per index: runs a cycle on every tick (cycle id, the cycle's instant) and answers
/// with how it went once the batch is committed, or failed. A crashed collector's request fails at once,
/// so the clock learns of it without waiting.
using collector_actor = caf::typed_actor<
  caf::replies_to<tick_atom, uint64_t, epoch_ms>::with<index_cycle_result>,
  // Internal: retry storing the batch of this cycle after a failed attempt.
  caf::reacts_to<store_atom, uint64_t>,
  status_client>;

/// The clock: drives cycles while the market is open and gathers the collectors' reports.
using clock_actor = caf::typed_actor<
  // Internal: the timer of the next cycle (timer generation).
  caf::reacts_to<tick_atom, uint64_t>,
  // Stop ticking; finish the cycle in flight, then report the end.
  caf::reacts_to<shutdown_atom>,
  // Console: start a cycle now; pause (true) or resume (false) an index (false when it is unknown).
  caf::reacts_to<tick_atom>,
  caf::replies_to<pause_atom, std::string, bool>::with<bool>,
  // Internal: time to feed systemd's watchdog if cycles progress.
  caf::reacts_to<watchdog_atom>,
  // Reload: start no new cycle; the reply (cycles completed) comes once no cycle is in flight.
  caf::replies_to<hold_atom>::with<uint64_t>,
  // Reload: tick these indices from the next cycle on (once each has registered) and cycle again.
  caf::reacts_to<resume_atom, std::vector<std::string>>,
  status_client>;

/// A generic supervisor: restarts its children by strategy, escalates when restarts are too frequent.
using supervisor_actor = caf::typed_actor<
  // Restart a child now, by label (console, tests).
  caf::reacts_to<restart_atom, std::string>,
  // Internal: the backoff timer of a pending restart of a child (label, restart generation).
  caf::reacts_to<restart_atom, std::string, uint64_t>,
  // Reload: start one more child, last in start order; refused (duplicate_child_label) when its label is
  // taken. The reply says whether it is running (a failed start is restarted like any other).
  caf::replies_to<caf::add_atom, child_spec>::with<bool>,
  // Reload: stop a child as at shutdown and forget it, never restarting it; the reply comes once it is
  // down (no_such_child when no child has that label).
  caf::replies_to<caf::delete_atom, std::string>::with<bool>,
  status_client>;

/// The node: the component registry (label -> current handle), events, status of everything.
using node_actor = caf::typed_actor<
  // A component started or restarted under this label.
  caf::reacts_to<caf::put_atom, std::string, caf::actor>,
  // The current handle of a component (an invalid handle when none is running).
  caf::replies_to<caf::get_atom, std::string>::with<caf::actor>,
  // A component under this label was removed for good (not restarting): lookups find nothing.
  caf::reacts_to<caf::delete_atom, std::string>,
  // Something worth recording happened: logged and stored.
  caf::reacts_to<event_atom, event_record>,
  // Quotes streamed between cycles: passed on to the panels actor, when one runs.
  caf::reacts_to<report_atom, live_quotes>,
  status_client>;

/// The metrics actor: turns cycle records, events, snapshots and polled status answers into Prometheus
/// metrics served by its exposer.
using metrics_actor = caf::typed_actor<
  caf::reacts_to<report_atom, cycle_record>,
  caf::reacts_to<report_atom, index_snapshot>,
  caf::reacts_to<report_atom, panel_activity>,
  caf::reacts_to<report_atom, integrity_report>,
  caf::reacts_to<event_atom, event_record>,
  // Reload: the node's enabled indices now.
  caf::reacts_to<indices_atom, std::vector<std::string>>,
  // Internal: the timer that polls the components' status answers.
  caf::reacts_to<poll_atom>,
  status_client>;

/// The panels actor: writes the JSON panels and their manifest after every cycle.
using panels_actor = caf::typed_actor<
  caf::reacts_to<report_atom, cycle_record>,
  caf::reacts_to<report_atom, index_snapshot>,
  // Quotes streamed since the last delivery: the chain panels move between cycles.
  caf::reacts_to<report_atom, live_quotes>,
  // The indices whose collector node is unreachable (all of them, each time): shown stale at once.
  caf::reacts_to<stale_atom, std::vector<std::string>>,
  // Reload: the node's enabled indices now.
  caf::reacts_to<indices_atom, std::vector<std::string>>,
  status_client>;

/// The integrity monitor: re-hashes the panel files every interval and reports what does not match.
using integrity_monitor_actor = caf::typed_actor<
  // Internal: the timer of the next check.
  caf::reacts_to<poll_atom>,
  // Check now and answer with the findings.
  caf::replies_to<verify_atom>::with<integrity_report>,
  status_client>;

/// The daily prune: once each trading day's session has closed (plus a delay), removes the days older
/// than the retention from SQLite, the CSV tree and the journals, and records what it removed as an event.
using retention_actor = caf::typed_actor<
  // Internal: the timer of the next look at the clock.
  caf::reacts_to<poll_atom>,
  status_client>;

/// The live stream: serves each cycle's panel set to its Server-Sent Events clients.
using sse_actor = caf::typed_actor<
  caf::reacts_to<report_atom, panel_set>,
  status_client>;

/// The actor a node publishes on its listening port. A hub takes collectors' hellos and their stored
/// items; every node answers consoles. Peers connect to it untyped and check the protocol in the hello,
/// so an incompatible peer gets a clear refusal instead of an interface mismatch.
using gateway_actor = caf::typed_actor<
  // A collector introduces itself. Reply: the hub's node name.
  caf::replies_to<hello_atom, peer_hello>::with<std::string>,
  // The hello of peer protocol 2 and before (six positional values): answered with a refusal that names
  // both protocol numbers, instead of an unexpected-message error the old collector would retry forever.
  caf::replies_to<hello_atom, uint32_t, std::string, std::string, std::string, std::vector<std::string>,
                  caf::actor>::with<std::string>,
  caf::replies_to<store_atom, cycle_batch>::with<uint64_t>,
  caf::replies_to<store_atom, cycle_record>::with<uint64_t>,
  caf::replies_to<store_atom, event_record>::with<uint64_t>,
  // A console command (secret, words); the reply is the text to print.
  caf::replies_to<console_atom, std::string, std::vector<std::string>>::with<std::string>,
  status_client>;

/// A collector node's link to its hub, registered as its "storage": it journals every item, answers at
/// once, and forwards the journal to the hub in order, reconnecting with jittered backoff.
using hub_link_actor = storage_actor::extend<
  // Internal: the reconnect timer (attempt generation).
  caf::reacts_to<reconnect_atom, uint64_t>>;

// clang-format on

} // namespace g6
