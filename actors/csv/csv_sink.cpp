#include "actors/csv/csv_sink.hpp"

#include <caf/actor_system.hpp>
#include <caf/exit_reason.hpp>
#include <caf/settings.hpp>
#include <caf/system_messages.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <map>
#include <optional>
#include <utility>

#include "actors/csv/csv_files.hpp"
#include "actors/csv/csv_layout.hpp"
#include "config/ist_time.hpp"
#include "messages/status_fields.hpp"
#include "supervision/drain_on_stop.hpp"

namespace g6 {

namespace {

struct csv_sink_state {
  std::optional<csv_files> files;
  day_number day = 0;
  uint64_t rows_written = 0;
  uint64_t batches = 0;
  uint64_t write_errors = 0;
  uint64_t files_repaired = 0;
  int64_t write_us_last = 0;
  int64_t write_us_total = 0;
  caf::error stop_reason;
  static inline const char* name = "storage.csv";
  ~csv_sink_state();
};

double rows_per_second(const csv_sink_state& st) {
  return st.write_us_total == 0 ? 0.0
                                : static_cast<double>(st.rows_written) * 1e6 / static_cast<double>(st.write_us_total);
}

csv_sink_state::~csv_sink_state() {
  if (files)
    spdlog::info("csv: closed {}: {} rows in {} batches, {:.0f} rows/s, {} write errors", files->base().string(),
                 rows_written, batches, rows_per_second(*this), write_errors);
}

using csv_sink_pointer = sink_actor::stateful_pointer<csv_sink_state>;

/// Writes one snapshot: its lines grouped by file, one append per file.
void write(csv_sink_state& st, const index_snapshot& snapshot) {
  auto started = std::chrono::steady_clock::now();
  auto day = ist_date(snapshot.overview.ts);
  if (day != st.day) {
    st.files->close_all();
    st.day = day;
  }
  struct file_lines {
    std::string_view header;
    std::string text;
    uint64_t count = 0;
  };
  std::map<std::filesystem::path, file_lines> by_file;
  for (auto& line : csv_lines(snapshot)) {
    auto& entry = by_file[line.file];
    entry.header = line.header;
    entry.text.append(line.text).push_back('\n');
    ++entry.count;
  }
  uint64_t rows = 0;
  for (auto& [file, entry] : by_file) {
    if (auto appended = st.files->append(file, entry.header, entry.text); !appended) {
      ++st.write_errors;
      spdlog::warn("csv: {}: {}", appended.error().file.string(), appended.error().message);
      continue;
    }
    rows += entry.count;
  }
  st.rows_written += rows;
  ++st.batches;
  st.write_us_last =
    std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
  st.write_us_total += st.write_us_last;
}

caf::settings describe(const csv_sink_state& st) {
  caf::settings s;
  auto count = [](uint64_t x) { return static_cast<int64_t>(x); };
  sink_figures figures;
  figures.rows_written = st.rows_written;
  figures.commits = st.batches;
  figures.commit_latency_us_last = st.write_us_last;
  figures.commit_latency_us_avg =
    st.batches == 0 ? 0.0 : static_cast<double>(st.write_us_total) / static_cast<double>(st.batches);
  put_figures(s, figures);
  caf::put(s, "dir", st.files->base().string());
  caf::put(s, "batches", count(st.batches));
  caf::put(s, "write_errors", count(st.write_errors));
  caf::put(s, "files_repaired", count(st.files_repaired));
  caf::put(s, "bytes_written", count(st.files->bytes_written()));
  caf::put(s, "rows_per_second", rows_per_second(st));
  return s;
}

sink_actor::behavior_type csv_sink(csv_sink_pointer self, std::filesystem::path dir) {
  auto repaired = repair_csv_tree(dir);
  for (auto& err : repaired.errors)
    spdlog::warn("csv: {}: {}", err.file.string(), err.message);
  if (repaired.files_repaired > 0)
    spdlog::warn("csv: cut the torn last line of {} of {} files ({} bytes) left by an earlier crash",
                 repaired.files_repaired, repaired.files, repaired.bytes_cut);
  spdlog::info("csv: writing under {}", dir.string());
  self->state.files.emplace(std::move(dir));
  self->state.files_repaired = repaired.files_repaired;
  // Asked to stop, first write the snapshots already queued.
  drain_mailbox_before_exit(self);
  return {
    [self](report_atom, const index_snapshot& snapshot) { write(self->state, snapshot); },
    [self](shutdown_atom) { self->quit(self->state.stop_reason); },
    [self](status_atom, status_verbosity) { return describe(self->state); },
  };
}

} // namespace

sink_actor spawn_csv_sink(caf::actor_system& sys, std::filesystem::path dir) {
  return sys.spawn<caf::detached>(csv_sink, std::move(dir));
}

} // namespace g6
