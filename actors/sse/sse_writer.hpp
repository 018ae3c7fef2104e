// sse_writer.hpp — what one streaming client is sent, in order: the server's own bytes (the head, the
// hello, heartbeats) first, then its events from a bounded queue. A client that falls behind gets its
// pending events replaced by the snapshot of the same id (coalesced); one that stays behind for too many
// events in a row is too slow and must go. Counts what went out. The session does the socket I/O on its
// shard's thread; this holds the bytes and makes the decisions.
#pragma once

#include <boost/asio/buffer.hpp>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/sse/panel_stream.hpp"
#include "actors/sse/sse_server.hpp"

namespace g6::sse {

/// Totals over every client: the queued events for the metrics, the last coalesce for the health rule.
struct write_totals {
  std::atomic<int64_t> queued{0};
  std::atomic<int64_t> last_coalesce_ms{-1'000'000};
};

/// What became of a live event handed to a client.
enum class delivery : uint8_t {
  skipped,  // the client already has it (from its backlog)
  queued,   // queued as it is, or as the snapshot in place of everything pending
  too_slow, // behind once too often in a row: the client must go
};

class client_writer {
public:
  client_writer(const server_settings& settings, write_totals& totals, std::shared_ptr<sse_metrics> metrics);

  /// The first live event id the client does not have yet.
  void expect_from(uint64_t next_id) { next_id_ = next_id; }
  /// Bytes of the server's own, sent before the queue; `type` is their event type for the metrics ("":
  /// not an event, the response head).
  void add_own(std::string_view bytes, std::string type);
  /// An event of the backlog.
  void add(event_ptr ev);
  /// A live event.
  delivery add_live(const published& p);
  /// Nothing being written and no event waiting: a heartbeat may go out.
  bool idle() const { return state_ == write_state::idle && queue_.empty(); }
  /// A write that has made no progress for the write timeout.
  bool stalled(int64_t now_ns) const;

  /// The buffers of the next write (the server's own bytes, then up to 64 events), or null when a write
  /// is running or nothing is pending.
  const std::vector<boost::asio::const_buffer>* begin_write(int64_t now_ns);
  /// The end of the running write; when `delivered`, what it sent is counted.
  void end_write(bool delivered, int64_t now_ns);
  /// Drops the queue: the client is gone.
  void drop();

private:
  enum class write_state : uint8_t { idle, writing };
  using typed_ends = std::vector<std::pair<std::string, size_t>>;

  void count_sent(int64_t now_ns);

  const server_settings& settings_;
  write_totals& totals_;
  std::shared_ptr<sse_metrics> metrics_;
  write_state state_ = write_state::idle;
  int64_t write_started_ns_ = 0;
  unsigned coalesces_in_a_row_ = 0;
  uint64_t next_id_ = 0;
  std::deque<event_ptr> queue_;
  // The server's own bytes with the end offset of each part and its event type, pending and being written.
  std::string owned_;
  typed_ends owned_types_;
  std::string writing_owned_;
  typed_ends writing_owned_types_;
  std::vector<event_ptr> in_flight_;
  std::vector<boost::asio::const_buffer> buffers_;
};

} // namespace g6::sse
