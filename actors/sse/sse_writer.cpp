#include "actors/sse/sse_writer.hpp"

#include "metrics/sse_metrics.hpp"
#include "supervision/steady_time.hpp"

namespace g6::sse {

namespace net = boost::asio;

client_writer::client_writer(const server_settings& settings, write_totals& totals,
                             std::shared_ptr<sse_metrics> metrics)
  : settings_(settings), totals_(totals), metrics_(std::move(metrics)) {}

void client_writer::add_own(std::string_view bytes, std::string type) {
  owned_ += bytes;
  owned_types_.emplace_back(std::move(type), owned_.size());
}

void client_writer::add(event_ptr ev) {
  queue_.push_back(std::move(ev));
  ++totals_.queued;
}

delivery client_writer::add_live(const published& p) {
  // One published while the client was being registered is part of its backlog: every id goes out once.
  if (p.event->id < next_id_)
    return delivery::skipped;
  next_id_ = p.event->id + 1;
  if (queue_.size() < settings_.queue_limit) {
    add(p.event);
    return delivery::queued;
  }
  // Behind: what is pending is superseded by the snapshot of the same id.
  drop();
  totals_.last_coalesce_ms = steady_ms();
  if (metrics_)
    metrics_->count_coalesce();
  if (++coalesces_in_a_row_ > settings_.max_coalesces)
    return delivery::too_slow;
  add(p.full);
  return delivery::queued;
}

bool client_writer::stalled(int64_t now_ns) const {
  return state_ == write_state::writing
         && now_ns - write_started_ns_ > static_cast<int64_t>(settings_.write_timeout_seconds * 1e9);
}

const std::vector<net::const_buffer>* client_writer::begin_write(int64_t now_ns) {
  if (state_ == write_state::writing || (owned_.empty() && queue_.empty()))
    return nullptr;
  writing_owned_ = std::move(owned_);
  writing_owned_types_ = std::move(owned_types_);
  owned_.clear();
  owned_types_.clear();
  in_flight_.clear();
  buffers_.clear();
  if (!writing_owned_.empty())
    buffers_.push_back(net::buffer(writing_owned_));
  while (!queue_.empty() && in_flight_.size() < 64) {
    in_flight_.push_back(std::move(queue_.front()));
    queue_.pop_front();
    --totals_.queued;
    buffers_.push_back(net::buffer(in_flight_.back()->wire));
  }
  state_ = write_state::writing;
  write_started_ns_ = now_ns;
  return &buffers_;
}

void client_writer::end_write(bool delivered, int64_t now_ns) {
  state_ = write_state::idle;
  if (!delivered)
    return;
  count_sent(now_ns);
  if (queue_.empty())
    coalesces_in_a_row_ = 0;
}

void client_writer::drop() {
  totals_.queued -= static_cast<int64_t>(queue_.size());
  queue_.clear();
}

void client_writer::count_sent(int64_t now_ns) {
  if (!metrics_)
    return;
  size_t start = 0;
  for (auto& [type, end] : writing_owned_types_) {
    if (!type.empty())
      metrics_->count_sent(type, end - start);
    start = end;
  }
  for (auto& ev : in_flight_) {
    metrics_->count_sent(std::string{to_string(ev->kind)}, ev->wire.size());
    metrics_->observe_latency(static_cast<double>(now_ns - ev->published_ns) / 1e9);
  }
}

} // namespace g6::sse
