#include "actors/provider/ticker_reading_status.hpp"

#include <caf/config_value.hpp>

namespace g6 {

namespace {

caf::settings counts(const std::map<std::string, uint64_t>& xs) {
  caf::settings out;
  for (auto& [label, n] : xs)
    out.emplace(label, static_cast<int64_t>(n));
  return out;
}

uint64_t count_at(const caf::settings& s, std::string_view key) {
  auto n = caf::get_if<int64_t>(&s, key);
  return n && *n > 0 ? static_cast<uint64_t>(*n) : 0;
}

std::map<std::string, uint64_t> counts_of(const caf::settings& xs) {
  std::map<std::string, uint64_t> out;
  for (auto& [label, value] : xs)
    if (auto n = caf::get_if<int64_t>(&value); n && *n >= 0)
      out.emplace(label, static_cast<uint64_t>(*n));
  return out;
}

std::map<std::string, uint64_t> counts_at(const caf::settings& s, std::string_view key) {
  auto xs = caf::get_if<caf::settings>(&s, key);
  return xs ? counts_of(*xs) : std::map<std::string, uint64_t>{};
}

} // namespace

void put_ticker_reading(caf::settings& status, const ticker_reading& r) {
  caf::settings t;
  t.emplace("frames", static_cast<int64_t>(r.frames));
  t.emplace("heartbeats", static_cast<int64_t>(r.heartbeats));
  t.emplace("malformed_frames", static_cast<int64_t>(r.malformed_frames));
  t.emplace("unknown_packets", static_cast<int64_t>(r.unknown_packets));
  t.emplace("text_errors", static_cast<int64_t>(r.text_errors));
  t.emplace("ticks", counts(r.ticks));
  t.emplace("connections", counts(r.connections));
  caf::settings apps;
  for (auto& [app, states] : r.apps)
    apps.emplace(app, counts(states));
  t.emplace("apps", std::move(apps));
  t.emplace("reconnects", counts(r.reconnects));
  t.emplace("subscribed", static_cast<int64_t>(r.subscribed));
  t.emplace("left_out", static_cast<int64_t>(r.left_out));
  t.emplace("quotes_streamed", static_cast<int64_t>(r.quotes_streamed));
  t.emplace("quotes_fallback", static_cast<int64_t>(r.quotes_fallback));
  t.emplace("last_frame_age_seconds", r.last_frame_age_seconds);
  status.insert_or_assign("ticker", std::move(t));
}

std::optional<ticker_reading> read_ticker_reading(const caf::settings& status) {
  auto t = caf::get_if<caf::settings>(&status, "ticker");
  if (!t)
    return std::nullopt;
  ticker_reading r;
  r.frames = count_at(*t, "frames");
  r.heartbeats = count_at(*t, "heartbeats");
  r.malformed_frames = count_at(*t, "malformed_frames");
  r.unknown_packets = count_at(*t, "unknown_packets");
  r.text_errors = count_at(*t, "text_errors");
  r.ticks = counts_at(*t, "ticks");
  r.connections = counts_at(*t, "connections");
  // App names hold a dot ("kite.backup"): walked, not looked up by path.
  if (auto apps = caf::get_if<caf::settings>(&*t, "apps"))
    for (auto& [app, states] : *apps)
      if (auto xs = caf::get_if<caf::settings>(&states))
        r.apps.emplace(app, counts_of(*xs));
  r.reconnects = counts_at(*t, "reconnects");
  r.subscribed = count_at(*t, "subscribed");
  r.left_out = count_at(*t, "left_out");
  r.quotes_streamed = count_at(*t, "quotes_streamed");
  r.quotes_fallback = count_at(*t, "quotes_fallback");
  if (auto age = caf::get_if<double>(&*t, "last_frame_age_seconds"))
    r.last_frame_age_seconds = *age;
  return r;
}

} // namespace g6
