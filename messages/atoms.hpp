// atoms.hpp — the type-ID block: every atom and message type g6 actors exchange, registered under one
// name on every node. Include only where CAF is needed.
#pragma once

#include <caf/type_id.hpp>

#include "messages/market.hpp"
#include "messages/observability.hpp"
#include "messages/peer_hello.hpp"

namespace g6 {
/// Verbosity of a status answer.
enum class status_verbosity : uint8_t { terse = 0, detailed = 1 };
} // namespace g6

CAF_BEGIN_TYPE_ID_BLOCK(g6, caf::first_custom_type_id)
  CAF_ADD_ATOM(g6, g6, status_atom, "status")
  CAF_ADD_ATOM(g6, g6, instruments_atom, "instrumnts")
  CAF_ADD_ATOM(g6, g6, spot_atom, "spot")
  CAF_ADD_ATOM(g6, g6, quotes_atom, "quotes")
  CAF_ADD_ATOM(g6, g6, analyze_atom, "analyze")
  CAF_ADD_ATOM(g6, g6, store_atom, "store")
  CAF_ADD_ATOM(g6, g6, tick_atom, "tick")
  CAF_ADD_ATOM(g6, g6, event_atom, "event")
  CAF_ADD_ATOM(g6, g6, restart_atom, "restart")
  CAF_ADD_ATOM(g6, g6, shutdown_atom, "shutdown")

  CAF_ADD_TYPE_ID(g6, (g6::status_verbosity))
  CAF_ADD_TYPE_ID(g6, (g6::option_instrument))
  CAF_ADD_TYPE_ID(g6, (g6::instrument_list))
  CAF_ADD_TYPE_ID(g6, (g6::index_spot))
  CAF_ADD_TYPE_ID(g6, (g6::option_quote))
  CAF_ADD_TYPE_ID(g6, (g6::quote_batch))
  CAF_ADD_TYPE_ID(g6, (g6::chain_leg))
  CAF_ADD_TYPE_ID(g6, (g6::expiry_chain))
  CAF_ADD_TYPE_ID(g6, (g6::chain_request))
  CAF_ADD_TYPE_ID(g6, (g6::option_row))
  CAF_ADD_TYPE_ID(g6, (g6::expiry_stats))
  CAF_ADD_TYPE_ID(g6, (g6::chain_result))
  CAF_ADD_TYPE_ID(g6, (g6::overview_row))
  CAF_ADD_TYPE_ID(g6, (g6::cycle_batch))
  CAF_ADD_TYPE_ID(g6, (g6::index_cycle_result))
  CAF_ADD_TYPE_ID(g6, (g6::cycle_record))
  CAF_ADD_TYPE_ID(g6, (g6::event_record))
  CAF_ADD_TYPE_ID(g6, (std::vector<uint64_t>))

  // Observability: metrics, panels, integrity.
  CAF_ADD_ATOM(g6, g6, report_atom, "report")
  CAF_ADD_ATOM(g6, g6, poll_atom, "poll")
  CAF_ADD_ATOM(g6, g6, verify_atom, "verify")
  CAF_ADD_TYPE_ID(g6, (g6::index_snapshot))
  CAF_ADD_TYPE_ID(g6, (g6::panel_activity))
  CAF_ADD_TYPE_ID(g6, (g6::integrity_report))

  // Storage breadth: the capture journal.
  CAF_ADD_ATOM(g6, g6, capture_atom, "capture")
  // The live stream (SSE).
  CAF_ADD_TYPE_ID(g6, (g6::panel_set))
  // Nodes over the network (hub, collectors) and the console.
  CAF_ADD_ATOM(g6, g6, hello_atom, "hello")
  CAF_ADD_ATOM(g6, g6, console_atom, "console")
  CAF_ADD_ATOM(g6, g6, pause_atom, "pause")
  CAF_ADD_ATOM(g6, g6, stale_atom, "stale")
  CAF_ADD_ATOM(g6, g6, reconnect_atom, "reconnect")
  CAF_ADD_ATOM(g6, g6, watchdog_atom, "watchdog")
  CAF_ADD_TYPE_ID(g6, (g6::peer_hello))
  // Reloading the config while running.
  CAF_ADD_ATOM(g6, g6, hold_atom, "hold")
  CAF_ADD_ATOM(g6, g6, resume_atom, "resume")
  CAF_ADD_ATOM(g6, g6, indices_atom, "indices")
  // Quotes streamed between cycles, for the live views.
  CAF_ADD_TYPE_ID(g6, (g6::live_quotes))
  // The storage writer's own steps: commit the batches that arrived together, checkpoint when idle.
  CAF_ADD_ATOM(g6, g6, commit_atom, "commit")
  CAF_ADD_ATOM(g6, g6, checkpoint_atom, "checkpoint")
CAF_END_TYPE_ID_BLOCK(g6)
