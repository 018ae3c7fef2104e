#include "actors/influx/influx_sink.hpp"

#include <caf/actor_system.hpp>
#include <caf/exit_reason.hpp>
#include <caf/settings.hpp>
#include <caf/system_messages.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>

#include "actors/influx/influx_lines.hpp"
#include "http/http_client.hpp"
#include "http/http_url.hpp"
#include "messages/status_fields.hpp"
#include "spill/spill_queue.hpp"
#include "supervision/circuit_breaker.hpp"
#include "supervision/drain_on_stop.hpp"

namespace g6 {

namespace {

using steady = std::chrono::steady_clock;

struct influx_state {
  influx_settings settings;
  http_client http;   // one connection kept alive between writes
  http_request write; // POST <url>/write?db=..&precision=ms, without a body
  std::optional<spill_queue> queue;
  std::optional<circuit_breaker> breaker;
  bool retry_scheduled = false;
  uint64_t points_written = 0;
  uint64_t batches_written = 0;
  uint64_t failures = 0;
  uint64_t rejected = 0;
  int64_t write_us_last = 0;
  int64_t write_us_total = 0;
  std::string last_error;
  caf::error stop_reason;
  static inline const char* name = "storage.influx";
  ~influx_state();
};

double rows_per_second(const influx_state& st) {
  return st.write_us_total == 0 ? 0.0
                                : static_cast<double>(st.points_written) * 1e6 / static_cast<double>(st.write_us_total);
}

influx_state::~influx_state() {
  if (!queue)
    return;
  // What the server has not taken yet waits on disk for the next run.
  queue->spill_all();
  spdlog::info("influx: closed {}: {} points in {} batches, {:.0f} points/s, {} failed writes, {} batches "
               "left spilled",
               settings.url, points_written, batches_written, rows_per_second(*this), failures, queue->size());
}

using influx_pointer = influx_sink_actor::stateful_pointer<influx_state>;

size_t count_lines(const std::string& batch) {
  return static_cast<size_t>(std::count(batch.begin(), batch.end(), '\n'));
}

void schedule_retry(influx_pointer self, std::chrono::milliseconds delay) {
  if (self->state.retry_scheduled)
    return;
  self->state.retry_scheduled = true;
  self->delayed_send(self, delay, poll_atom_v);
}

/// Writes the queue oldest first until it is empty, the breaker refuses or a write fails.
void drain(influx_pointer self) {
  auto& st = self->state;
  while (!st.queue->empty()) {
    if (!st.breaker->allow(steady::now())) {
      schedule_retry(self, std::chrono::milliseconds(500));
      return;
    }
    std::string problem;
    auto* batch = st.queue->front(problem);
    if (!problem.empty())
      spdlog::error("influx: {}", problem);
    if (!batch)
      continue;
    auto started = steady::now();
    auto request = st.write; // url, headers and limits; the batch is the body
    request.body = batch->bytes;
    auto result = st.http.perform(request);
    auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(steady::now() - started).count();
    for (auto& t : st.breaker->take_transitions())
      spdlog::warn("influx: breaker {}", to_string(t));
    if (result && result->status / 100 == 2) {
      st.breaker->record_success(steady::now());
      st.points_written += count_lines(request.body);
      ++st.batches_written;
      st.write_us_last = elapsed;
      st.write_us_total += elapsed;
      st.queue->pop();
      continue;
    }
    if (result && result->status == 400) {
      // The server refuses the batch itself (bad line protocol): retrying cannot help.
      ++st.rejected;
      st.breaker->record_success(steady::now());
      spdlog::error("influx: batch of {} points refused: {}", count_lines(request.body), result->body);
      st.queue->pop();
      continue;
    }
    ++st.failures;
    st.breaker->record_failure(steady::now());
    for (auto& t : st.breaker->take_transitions())
      spdlog::warn("influx: breaker {}", to_string(t));
    st.last_error = result ? fmt::format("HTTP {}: {}", result->status, result->body) : result.error().message;
    spdlog::warn("influx: write failed ({}); {} batches queued", st.last_error, st.queue->size());
    schedule_retry(self, std::chrono::milliseconds(500));
    return;
  }
}

caf::settings describe(const influx_state& st) {
  caf::settings s;
  auto count = [](uint64_t x) { return static_cast<int64_t>(x); };
  sink_figures figures;
  figures.rows_written = st.points_written;
  figures.commits = st.batches_written;
  figures.commit_latency_us_last = st.write_us_last;
  figures.commit_latency_us_avg =
    st.batches_written == 0 ? 0.0 : static_cast<double>(st.write_us_total) / static_cast<double>(st.batches_written);
  put_figures(s, figures);
  caf::put(s, "url", st.settings.url);
  caf::put(s, "database", st.settings.database);
  caf::put(s, "batches", count(st.batches_written));
  caf::put(s, "queued", count(st.queue->size()));
  caf::put(s, "spilled_bytes", count(st.queue->disk_bytes()));
  caf::put(s, "dropped", count(st.queue->dropped()));
  caf::put(s, "failures", count(st.failures));
  caf::put(s, "rejected", count(st.rejected));
  caf::put(s, "breaker", std::string{to_string(st.breaker->state())});
  caf::put(s, "rows_per_second", rows_per_second(st));
  if (!st.last_error.empty())
    caf::put(s, "last_error", st.last_error);
  return s;
}

influx_sink_actor::behavior_type influx_sink(influx_pointer self, influx_settings settings,
                                             std::filesystem::path spill_dir) {
  if (auto problem = url_problem(settings.url)) {
    // The config schema refuses such a url; reaching this is a bug worth stopping for.
    spdlog::error("influx: storage.influx.url: {}", *problem);
    self->quit(caf::make_error(caf::sec::invalid_argument, "storage.influx.url: " + *problem));
    return influx_sink_actor::behavior_type::make_empty_behavior();
  }
  auto& st = self->state;
  auto base = settings.url;
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  st.write.method = http_method::post;
  st.write.url = base + "/write?db=" + url_encode(settings.database) + "&precision=ms";
  if (!settings.token.empty())
    st.write.headers.emplace_back("Authorization", "Token " + settings.token);
  st.write.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  // One deadline for the whole write, connecting included, as the setting says.
  st.write.timeout = std::chrono::milliseconds(static_cast<int64_t>(settings.timeout_seconds * 1000));
  st.write.connect_timeout = st.write.timeout;
  st.write.ca_file = settings.ca_file;
  // InfluxDB answers a write with an empty 204 or a short error; more is not an answer worth keeping.
  st.write.max_response_bytes = size_t{1} << 20;
  auto spill_bytes = static_cast<uint64_t>(settings.spill_max_mb * 1024 * 1024);
  auto opened = spill_queue::open(std::move(spill_dir), {".lp", static_cast<size_t>(settings.memory_batches), false,
                                                         std::max<uint64_t>(1, spill_bytes)});
  if (!opened) {
    spdlog::error("influx: spill directory: {}", opened.error());
    self->quit(caf::make_error(caf::sec::runtime_error, "influx spill directory: " + opened.error()));
    return influx_sink_actor::behavior_type::make_empty_behavior();
  }
  st.queue.emplace(std::move(*opened));
  breaker_config breaker;
  breaker.window = 4;
  breaker.min_calls = 2;
  breaker.failure_rate = 0.5;
  breaker.open_duration = std::chrono::milliseconds(2000);
  breaker.half_open_trials = 1;
  st.breaker.emplace(breaker);
  st.settings = std::move(settings);
  spdlog::info("influx: writing to {} database {} ({} batches left from an earlier run)", st.settings.url,
               st.settings.database, st.queue->size());
  if (!st.queue->empty())
    schedule_retry(self, std::chrono::milliseconds(0));
  // Asked to stop, first queue the snapshots already in the mailbox (the stop goes to its back); what
  // the server has not taken by then is spilled for the next run.
  drain_mailbox_before_exit(self);
  return {
    [self](report_atom, const index_snapshot& snapshot) {
      size_t points = 0;
      auto batch = influx_lines(snapshot, points);
      if (auto queued = self->state.queue->push(std::move(batch)); !queued)
        spdlog::error("influx: cannot queue a batch of {} points: {}", points, queued.error());
      if (!self->state.retry_scheduled)
        drain(self);
    },
    [self](poll_atom) {
      self->state.retry_scheduled = false;
      drain(self);
    },
    [self](shutdown_atom) { self->quit(self->state.stop_reason); },
    [self](status_atom, status_verbosity) { return describe(self->state); },
  };
}

} // namespace

influx_sink_actor spawn_influx_sink(caf::actor_system& sys, influx_settings settings, std::filesystem::path spill_dir) {
  return sys.spawn<caf::detached>(influx_sink, std::move(settings), std::move(spill_dir));
}

} // namespace g6
