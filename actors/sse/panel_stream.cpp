#include "actors/sse/panel_stream.hpp"

#include <charconv>

#include "actors/panels/panel_hash.hpp"
#include "actors/sse/merge_patch.hpp"
#include "actors/sse/sse_frame.hpp"

namespace g6::sse {

std::string_view to_string(event_kind kind) {
  switch (kind) {
    case event_kind::panel_full:
      return "panel_full";
    case event_kind::panel_diff:
      return "panel_diff";
    case event_kind::truncated:
      return "truncated";
  }
  return "unknown";
}

panel_stream::panel_stream(stream_options options)
  : options_(options), next_id_(options.first_id == 0 ? 1 : options.first_id) {
}

event_ptr panel_stream::make_event(event_kind kind, std::string data, int64_t now_ns) {
  auto ev = std::make_shared<stream_event>();
  ev->id = next_id_;
  ev->published_ns = now_ns;
  ev->kind = kind;
  ev->wire = frame_event(to_string(kind), ev->id, data);
  if (ev->wire.size() > options_.max_event_bytes) {
    nlohmann::json marker{{"id", ev->id},
                          {"type", to_string(kind)},
                          {"bytes", ev->wire.size()},
                          {"resync", "/resync"}};
    ev->kind = event_kind::truncated;
    ev->wire = frame_event(to_string(event_kind::truncated), ev->id, marker.dump());
  }
  return ev;
}

published panel_stream::publish(const std::vector<named_panel>& panels, epoch_ms generated_at, int64_t now_ns) {
  std::map<std::string, nlohmann::json> next;
  std::map<std::string, std::string> next_hashes;
  for (auto& p : panels) {
    next[p.name] = p.data;
    next_hashes[p.name] = data_sha256(p.data);
  }
  generated_at_ = generated_at;
  event_ptr event;
  if (options_.diff_mode) {
    auto changed = nlohmann::json::object();
    auto removed = nlohmann::json::array();
    for (auto& [name, data] : next) {
      auto old = panels_.find(name);
      if (old != panels_.end() && hashes_[name] == next_hashes[name])
        continue;
      nlohmann::json change{{"hash", next_hashes[name]}};
      std::optional<nlohmann::json> patch;
      if (old != panels_.end()) {
        change["base"] = hashes_[name];
        patch = create_merge_patch(old->second, data);
      } else {
        change["base"] = nullptr;
      }
      // A panel without a base, or one no merge patch can express, is sent whole as "data".
      if (patch)
        change["patch"] = std::move(*patch);
      else
        change["data"] = data;
      changed[name] = std::move(change);
    }
    for (auto& [name, data] : panels_)
      if (!next.count(name))
        removed.push_back(name);
    nlohmann::json body{{"id", next_id_}, {"generated_at", generated_at}, {"changed", std::move(changed)},
                        {"removed", std::move(removed)}};
    event = make_event(event_kind::panel_diff, body.dump(), now_ns);
  }
  panels_ = std::move(next);
  hashes_ = std::move(next_hashes);
  full_ = make_event(event_kind::panel_full, snapshot_as(next_id_).dump(), now_ns);
  if (!event)
    event = full_;
  ring_.push_back(event);
  while (ring_.size() > options_.ring_size)
    ring_.pop_front();
  ++next_id_;
  return {event, full_};
}

panel_stream::resume_plan panel_stream::resume(std::optional<std::string_view> last_event_id) const {
  resume_plan snapshot_plan{{full_}, true};
  if (!full_)
    return {};
  if (!last_event_id)
    return snapshot_plan;
  uint64_t id = 0;
  auto text = *last_event_id;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || end != text.data() + text.size() || id > last_id())
    return snapshot_plan;
  if (id == last_id())
    return {};
  // The ring must hold every event after `id`; events are consecutive, so it suffices that the oldest
  // is at most id + 1.
  // In full mode the latest event alone is the whole state.
  if (ring_.empty() || ring_.front()->id > id + 1 || !options_.diff_mode)
    return snapshot_plan;
  resume_plan replay;
  for (auto& ev : ring_)
    if (ev->id > id)
      replay.events.push_back(ev);
  return replay;
}

nlohmann::json panel_stream::snapshot() const {
  return snapshot_as(last_id());
}

nlohmann::json panel_stream::snapshot_as(uint64_t id) const {
  auto panels = nlohmann::json::object();
  for (auto& [name, data] : panels_)
    panels[name] = data;
  return {{"id", id},
          {"generated_at", generated_at_},
          {"panels", std::move(panels)},
          {"hashes", hashes_}};
}

std::vector<std::string> panel_stream::panel_names() const {
  std::vector<std::string> names;
  for (auto& [name, data] : panels_)
    names.push_back(name);
  return names;
}

} // namespace g6::sse
