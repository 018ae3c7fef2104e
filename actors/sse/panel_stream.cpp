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
  : options_(options), next_id_(options.first_id == 0 ? 1 : options.first_id) {}

event_ptr panel_stream::make_event(event_kind kind, std::string data, int64_t now_ns) {
  auto ev = std::make_shared<stream_event>();
  ev->id = next_id_;
  ev->published_ns = now_ns;
  ev->kind = kind;
  ev->wire = frame_event(to_string(kind), ev->id, data);
  if (ev->wire.size() > options_.max_event_bytes) {
    nlohmann::json marker{{"id", ev->id}, {"type", to_string(kind)}, {"bytes", ev->wire.size()}, {"resync", "/resync"}};
    ev->kind = event_kind::truncated;
    ev->wire = frame_event(to_string(event_kind::truncated), ev->id, marker.dump());
  }
  return ev;
}

published panel_stream::publish(const std::vector<named_panel>& panels, epoch_ms generated_at, int64_t now_ns) {
  published result;
  std::map<std::string, stored_panel> next;
  auto changed = nlohmann::json::object();
  for (auto& p : panels) {
    // Taken out of the current set: what is left there afterwards was removed.
    auto old = panels_.extract(p.name);
    if (old && old.mapped().text == p.text) {
      next.insert(std::move(old));
      continue;
    }
    auto data = nlohmann::json::parse(p.text, nullptr, false);
    if (data.is_discarded()) {
      result.unreadable.push_back(p.name);
      if (old)
        panels_.insert(std::move(old)); // so it is listed as removed
      continue;
    }
    stored_panel stored{p.text, std::move(data), {}, {}};
    stored.canonical = canonical_json(stored.data);
    stored.hash = sha256_hex(stored.canonical);
    if (options_.diff_mode && !(old && old.mapped().hash == stored.hash)) {
      nlohmann::json change{{"hash", stored.hash}};
      std::optional<nlohmann::json> patch;
      if (old) {
        change["base"] = old.mapped().hash;
        patch = create_merge_patch(old.mapped().data, stored.data);
      } else {
        change["base"] = nullptr;
      }
      // A panel without a base, or one no merge patch can express, is sent whole as "data".
      if (patch)
        change["patch"] = std::move(*patch);
      else
        change["data"] = stored.data;
      changed[p.name] = std::move(change);
    }
    next.insert_or_assign(p.name, std::move(stored));
  }
  generated_at_ = generated_at;
  event_ptr event;
  if (options_.diff_mode) {
    auto removed = nlohmann::json::array();
    for (auto& [name, stored] : panels_)
      if (!next.count(name))
        removed.push_back(name);
    nlohmann::json body{{"id", next_id_},
                        {"generated_at", generated_at},
                        {"changed", std::move(changed)},
                        {"removed", std::move(removed)}};
    event = make_event(event_kind::panel_diff, body.dump(), now_ns);
  }
  panels_ = std::move(next);
  full_ = make_event(event_kind::panel_full, full_snapshot_text(next_id_), now_ns);
  if (!event)
    event = full_;
  ring_.push_back(event);
  while (ring_.size() > options_.ring_size)
    ring_.pop_front();
  ++next_id_;
  result.event = std::move(event);
  result.full = full_;
  return result;
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

std::string panel_stream::full_snapshot_text(uint64_t id) const {
  // snapshot()'s JSON, written from the canonical texts kept per panel instead of serialising every panel
  // again on each publish. Keys in the order nlohmann writes them.
  auto quoted = [](const std::string& name) { return canonical_json(nlohmann::json(name)); };
  std::string text = "{\"generated_at\":" + std::to_string(generated_at_) + ",\"hashes\":{";
  const char* separator = "";
  for (auto& [name, stored] : panels_) {
    text.append(separator).append(quoted(name)).append(":\"").append(stored.hash).append("\"");
    separator = ",";
  }
  text.append("},\"id\":").append(std::to_string(id)).append(",\"panels\":{");
  separator = "";
  for (auto& [name, stored] : panels_) {
    text.append(separator).append(quoted(name)).append(":").append(stored.canonical);
    separator = ",";
  }
  text.append("}}");
  return text;
}

std::vector<std::string> panel_stream::panel_names() const {
  std::vector<std::string> names;
  for (auto& [name, data] : panels_)
    names.push_back(name);
  return names;
}

} // namespace g6::sse
