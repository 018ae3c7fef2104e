#include "actors/provider/kite/ticker/ticker_figures.hpp"

#include <algorithm>
#include <string>

namespace g6 {

ticker_figures::ticker_figures(std::vector<std::string> apps)
  : connection_apps(std::move(apps)), last_frame_ms(connection_apps.size()), states(connection_apps.size()) {}

ticker_reading read_ticker_figures(const ticker_figures& f, int64_t now) {
  ticker_reading r;
  r.frames = f.frames;
  r.heartbeats = f.heartbeats;
  r.malformed_frames = f.malformed_frames;
  r.unknown_packets = f.unknown_packets;
  r.text_errors = f.text_errors;
  for (auto [mode, name] : kite_tick_mode_names)
    r.ticks[std::string{name}] = f.ticks[static_cast<size_t>(mode)];
  for (auto [state, name] : ticker_link_state_names)
    r.connections[std::string{name}] = 0;
  for (auto& app : f.connection_apps)
    for (auto [state, name] : ticker_link_state_names)
      r.apps[app][std::string{name}] = 0;
  for (size_t i = 0; i < f.states.size(); ++i) {
    auto state = f.states[i].load();
    ++r.connections[std::string{to_string(state)}];
    ++r.apps[f.connection_apps[i]][std::string{to_string(state)}];
    if (state == ticker_link_state::streaming && f.last_frame_ms[i] > 0)
      r.last_frame_age_seconds =
        std::max(r.last_frame_age_seconds, static_cast<double>(now - f.last_frame_ms[i].load()) / 1000.0);
  }
  for (auto [loss, name] : ticker_loss_names)
    r.reconnects[std::string{name}] = f.reconnects[static_cast<size_t>(loss)];
  r.subscribed = f.subscribed;
  r.left_out = f.left_out;
  r.quotes_streamed = f.quotes_streamed;
  r.quotes_fallback = f.quotes_fallback;
  return r;
}

} // namespace g6
