// ticker_reading.hpp — a Kite app's WebSocket ticker as its provider's status reports it and the metrics
// read it: frames and ticks received, connections by state (in all and by app), reconnects by reason,
// subscriptions, and how many cycle quotes came from the stream or had to be fetched by REST. Labels are the words of
// the ticker's own enums (ticker_link.hpp, kite_tick_mode.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace g6 {

struct ticker_reading {
  uint64_t frames = 0;
  uint64_t heartbeats = 0;
  uint64_t malformed_frames = 0;
  uint64_t unknown_packets = 0;
  uint64_t text_errors = 0;
  std::map<std::string, uint64_t> ticks;       // by mode: ltp, quote, full
  std::map<std::string, uint64_t> connections; // by state: idle, connecting, streaming, backing_off, auth_required
  // The same by app (provider name: "kite", "kite.<app>"): the ticker's own app and its spill apps.
  std::map<std::string, std::map<std::string, uint64_t>> apps;
  std::map<std::string, uint64_t> reconnects; // by reason: silence, closed, connect_failed, token_changed
  uint64_t subscribed = 0;
  uint64_t left_out = 0;
  uint64_t quotes_streamed = 0;
  uint64_t quotes_fallback = 0;
  double last_frame_age_seconds = -1; // the most silent streaming connection; -1: none streaming
};

} // namespace g6
