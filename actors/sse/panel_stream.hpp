// panel_stream.hpp — the event history of the live stream: the current panels with their hashes, the ids,
// the bounded ring of recent events and what a (re)connecting client must be sent. Every published panel
// set becomes one event: panel_diff (each changed panel as a JSON merge patch against its previous
// version, with base and new hashes) in diff mode, panel_full in full mode; the same id also names the
// full snapshot after it, which new clients, resumes from outside the ring and coalesced slow clients
// get. An event over the size limit goes out as a `truncated` marker pointing to /resync. Panels come as
// JSON text and only those whose text changed are parsed, hashed and diffed: between cycles a live tick
// moves one chain panel of many. Pure and single-threaded: the server guards it.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/market.hpp"

namespace g6::sse {

enum class event_kind : uint8_t { panel_full, panel_diff, truncated };

std::string_view to_string(event_kind kind);

/// An event framed for the wire, shared by every client that sends it.
struct stream_event {
  uint64_t id = 0;
  event_kind kind = event_kind::panel_diff;
  std::string wire;
  int64_t published_ns = 0; // steady clock, for publish -> write latency
};

using event_ptr = std::shared_ptr<const stream_event>;

/// What one publish produced: the event every client gets, and the full snapshot under the same id.
struct published {
  event_ptr event;
  event_ptr full;
  std::vector<std::string> unreadable; // panels whose text is not JSON: published without them
};

/// One panel as published: its name and its data as JSON text.
struct named_panel {
  std::string name;
  std::string text;
};

struct stream_options {
  bool diff_mode = true;
  size_t ring_size = 256;           // events kept for resume
  size_t max_event_bytes = 4 << 20; // larger events become truncation markers
  uint64_t first_id = 1;
};

class panel_stream {
public:
  explicit panel_stream(stream_options options);

  /// A new panel set (each cycle's panels, complete): panels absent from it are removed.
  published publish(const std::vector<named_panel>& panels, epoch_ms generated_at, int64_t now_ns);

  /// What a client connecting with this Last-Event-ID (none: a new client) is sent, in order: nothing
  /// when it is up to date, the missed events when they are all in the ring, else the full snapshot.
  struct resume_plan {
    std::vector<event_ptr> events;
    bool snapshot = false; // the events are the full snapshot, not a replay
  };
  resume_plan resume(std::optional<std::string_view> last_event_id) const;

  /// The current full snapshot event (null before the first publish).
  event_ptr full() const { return full_; }

  /// The /resync body: {id, generated_at, panels: {name: data}, hashes: {name: sha256}}, the full snapshot
  /// event's text at the latest id.
  std::string snapshot_text() const { return full_snapshot_text(last_id()); }

  /// The id of the latest event (first_id - 1 before any).
  uint64_t last_id() const { return next_id_ - 1; }
  std::vector<std::string> panel_names() const;
  const stream_options& options() const { return options_; }

private:
  /// A panel as last published: the text it came as (to spot an unchanged one without parsing), its data,
  /// and its canonical text and hash (for the snapshot, computed once per change).
  struct stored_panel {
    std::string text;
    nlohmann::json data;
    std::string canonical;
    std::string hash;
  };

  std::string full_snapshot_text(uint64_t id) const;
  event_ptr make_event(event_kind kind, std::string data, int64_t now_ns);

  stream_options options_;
  uint64_t next_id_;
  epoch_ms generated_at_ = 0;
  std::map<std::string, stored_panel> panels_;
  std::deque<event_ptr> ring_;
  event_ptr full_;
};

} // namespace g6::sse
