#include "actors/collector/collector.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <memory>
#include <stdexcept>

#include "actors/collector/collector_cycle.hpp"
#include "actors/journal/journal_record.hpp"
#include "actors/node/node_events.hpp"
#include "actors/node/registry_lookup.hpp"
#include "config/ist_time.hpp"
#include "messages/status_fields.hpp"
#include "supervision/backoff.hpp"

namespace g6 {

namespace {

/// The cycle a collector is working on, kept until storage acknowledged its batch.
struct cycle_in_progress {
  uint64_t cycle_id = 0;
  epoch_ms ts = 0;
  std::chrono::steady_clock::time_point started;
  caf::typed_response_promise<index_cycle_result> promise;
  index_cycle_result result;
  index_spot spot;
  cycle_plan plan;
  cycle_batch batch;
  int store_attempt = 0;
  journal_actor journal; // captures the provider's answers when a journal runs
};

struct collector_state {
  collector_options options;
  std::optional<instrument_list> instruments;
  day_number instruments_session = 0;
  std::optional<cycle_in_progress> cycle;
  uint64_t cycles = 0;
  uint64_t cycles_failed = 0;
  drop_counts drops_total;
  index_cycle_result last;
  std::mt19937_64 store_jitter; // seeded by the index, so collectors failing together retry apart
  event_emitter events;         // as collector.<INDEX>, to the node
  static inline const char* name = "collector";
};

using collector_pointer = collector_actor::stateful_pointer<collector_state>;

/// Answers the clock and forgets the cycle.
void finish(collector_pointer self, cycle_status status, std::string error = {}) {
  auto& st = self->state;
  auto& c = *st.cycle;
  c.result.status = status;
  c.result.error = std::move(error);
  c.result.latency_us =
    std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - c.started).count();
  if (c.result.status == cycle_status::failed) {
    ++st.cycles_failed;
    spdlog::warn("{:<10} cycle {} failed: {}", st.options.index.name, c.cycle_id, c.result.error);
  }
  st.last = c.result;
  c.promise.deliver(c.result);
  st.cycle.reset();
}

/// Looks a component up in the node's registry, then runs `next` with its typed handle; the cycle fails
/// when there is none.
template <class Handle, class F>
void with_component(collector_pointer self, const component<Handle>& which, F next) {
  lookup(self, self->state.options.node, which, self->state.options.request_timeout, next,
         [=](const std::string& why) { finish(self, cycle_status::failed, why); });
}

std::string percent(double x) {
  return is_present(x) ? fmt::format("{:.2f}%", x * 100) : std::string{"-"};
}

std::string ratio(double x) {
  return is_present(x) ? fmt::format("{:.2f}", x) : std::string{"-"};
}

/// The cycle's line after storage answered, saying what it did: committed the rows (to SQLite, or to the
/// outbox for the hub), or nothing because it held the batch already (from an earlier run or a replay of
/// the same cycle: `newly_stored` false).
void log_stored(collector_pointer self, bool newly_stored) {
  auto& c = *self->state.cycle;
  auto& o = c.batch.overview;
  // The nearest collected bucket speaks for the index in the one-line summary.
  double pcr = absent, atm_iv = absent;
  for (auto bucket : all_expiry_buckets) {
    auto i = static_cast<size_t>(bucket);
    if (o.collected_mask & bucket_bit(bucket)) {
      pcr = o.pcr_oi[i];
      atm_iv = o.atm_iv[i];
      break;
    }
  }
  auto stored = newly_stored || !self->state.options.stores_locally
                  ? fmt::format("committed {} rows", c.batch.options.size())
                  : std::string{"already stored, nothing committed"};
  spdlog::info("{:<10} cycle {} {:<7} {}/{} options  PCR {}  ATM IV {}  {} ms  {} @{}", self->state.options.index.name,
               c.cycle_id, to_string(c.result.status), o.options_collected, o.options_expected, ratio(pcr),
               percent(atm_iv), c.result.latency_us / 1000, stored, format_ist(c.ts));
}

/// Hands a provider answer of the cycle to the capture journal, when one runs; never waits for it.
void capture(collector_pointer self, journal_record record) {
  auto& c = *self->state.cycle;
  if (!c.journal)
    return;
  record.index = self->state.options.index.name;
  record.cycle_id = c.cycle_id;
  record.cycle_ts = c.ts;
  record.received_ms = wall_clock_ms();
  bool end_of_cycle = record.kind == journal_kind::quotes;
  caf::anon_send(c.journal, capture_atom_v, ist_date(c.ts), end_of_cycle, encode(record));
}

void store(collector_pointer self);

/// Hands the snapshot to each secondary storage sink that runs, one after the other, then runs `next`.
/// The cycle is reported only once its rows are in every sink's mailbox, so a stop right after the last
/// cycle still writes it everywhere.
void feed_sinks(collector_pointer self, std::shared_ptr<const index_snapshot> snapshot, size_t i,
                std::function<void()> next) {
  static const std::array sinks{components::csv_sink, components::influx_sink};
  if (i == sinks.size()) {
    next();
    return;
  }
  with_registered(self, self->state.options.node, sinks[i], self->state.options.request_timeout,
                  [=](const sink_actor& sink) {
                    if (sink)
                      caf::anon_send(sink, report_atom_v, *snapshot);
                    feed_sinks(self, snapshot, i + 1, next);
                  });
}

/// Hands the committed cycle to the panels and metrics components, when they run, never waiting for them;
/// then (when storage wrote it now rather than on an earlier run) to the secondary storage sinks, and
/// runs `next`.
void publish_snapshot(collector_pointer self, std::chrono::steady_clock::time_point store_sent, bool newly_stored,
                      std::function<void()> next) {
  auto& c = *self->state.cycle;
  auto snapshot = std::make_shared<index_snapshot>(snapshot_of(c.batch));
  snapshot->commit_latency_us =
    std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - store_sent).count();
  report_to(self, self->state.options.node, self->state.options.request_timeout, *snapshot, components::panels,
            components::metrics);
  if (newly_stored)
    feed_sinks(self, std::move(snapshot), 0, std::move(next));
  else
    next();
}

void retry_store(collector_pointer self, const std::string& why) {
  auto& c = *self->state.cycle;
  if (c.store_attempt >= self->state.options.store_attempts) {
    self->state.events.emit("storage_error",
                            fmt::format("cycle {} not stored after {} attempts: {}", c.cycle_id, c.store_attempt, why));
    finish(self, cycle_status::failed, "not stored: " + why);
    return;
  }
  spdlog::warn("{} cycle {}: store attempt {} failed ({}); retrying", self->state.options.index.name, c.cycle_id,
               c.store_attempt, why);
  auto delay = backoff_delay({std::chrono::milliseconds(200), std::chrono::seconds(5)},
                             static_cast<unsigned>(c.store_attempt - 1), self->state.store_jitter);
  self->delayed_send(self, delay, store_atom_v, c.cycle_id);
}

/// Sends the batch to storage; the clock hears of the cycle only after the commit was acknowledged.
void store(collector_pointer self) {
  ++self->state.cycle->store_attempt;
  lookup(
    self, self->state.options.node, components::storage, self->state.options.request_timeout,
    [=](const storage_actor& storage) {
      auto& c = *self->state.cycle;
      auto sent = std::chrono::steady_clock::now();
      self->request(storage, std::chrono::seconds(60), store_atom_v, c.batch)
        .then(
          [=](uint64_t rows_written) {
            auto& cur = *self->state.cycle;
            cur.result.status = cur.batch.options.empty() ? cycle_status::failed
                                : cur.batch.overview.options_collected == cur.batch.overview.options_expected
                                    && cur.batch.overview.collected_mask == cur.batch.overview.expected_mask
                                  ? cycle_status::ok
                                  : cycle_status::partial;
            cur.result.latency_us =
              std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - cur.started)
                .count();
            log_stored(self, rows_written > 0);
            publish_snapshot(self, sent, rows_written > 0, [self] {
              auto& done = *self->state.cycle;
              finish(self, done.result.status, done.batch.options.empty() ? "no option quotes collected" : "");
            });
          },
          [=](caf::error& err) { retry_store(self, self->system().render(err)); });
    },
    [=](const std::string& why) { retry_store(self, why); });
}

void analyse(collector_pointer self, const quote_batch& quotes) {
  auto& st = self->state;
  auto& c = *st.cycle;
  auto max_age = static_cast<epoch_ms>(st.options.collection.quote_max_age_seconds * 1000);
  auto chain = assemble_chain(st.options.index.name, c.plan, quotes, c.spot.last_price, c.ts, max_age);
  c.result.dropped = chain.drops.total();
  for (auto reason : all_drop_reasons) {
    st.drops_total.by_reason[static_cast<size_t>(reason)] += chain.drops[reason];
    if (chain.drops[reason] > 0)
      spdlog::debug("{} cycle {}: sanitiser dropped {} quotes: {}", st.options.index.name, c.cycle_id,
                    chain.drops[reason], to_string(reason));
  }
  if (chain.missing > 0)
    spdlog::debug("{} cycle {}: provider did not quote {} options", st.options.index.name, c.cycle_id, chain.missing);
  with_component(self, components::analytics, [=](analytics_actor pool) {
    self->request(pool, self->state.options.request_timeout, analyze_atom_v, chain.request)
      .then(
        [=](chain_result& analysed) {
          auto& cur = *self->state.cycle;
          cur.batch.cycle_id = cur.cycle_id;
          cur.batch.index = self->state.options.index.name;
          cur.batch.ts = cur.ts;
          cur.batch.spot = cur.spot;
          cur.batch.overview = summarise(cur.batch.index, cur.ts, cur.plan, cur.spot, analysed);
          cur.batch.options = std::move(analysed.rows);
          cur.batch.surfaces = std::move(analysed.surfaces);
          cur.result.options_collected = static_cast<uint32_t>(cur.batch.options.size());
          store(self);
        },
        [=](caf::error& err) { finish(self, cycle_status::failed, "analytics: " + self->system().render(err)); });
  });
}

void collect(collector_pointer self, provider_actor provider) {
  auto& st = self->state;
  auto& c = *st.cycle;
  c.plan = plan_cycle(st.options.index, *st.instruments, c.spot.last_price, ist_date(c.ts));
  c.result.options_expected = c.plan.options_expected;
  auto tokens = c.plan.tokens();
  if (tokens.empty()) {
    finish(self, cycle_status::failed, "no listed options match the configured buckets and strikes");
    return;
  }
  self->request(provider, st.options.request_timeout, quotes_atom_v, std::move(tokens))
    .then(
      [=](quote_batch& quotes) {
        journal_record record;
        record.kind = journal_kind::quotes;
        record.quotes = quotes;
        capture(self, std::move(record));
        analyse(self, quotes);
      },
      [=](caf::error& err) { finish(self, cycle_status::failed, "quotes: " + self->system().render(err)); });
}

void fetch_spot(collector_pointer self, provider_actor provider) {
  auto& st = self->state;
  self->request(provider, st.options.request_timeout, spot_atom_v, st.options.index.name)
    .then(
      [=](index_spot& spot) {
        journal_record record;
        record.kind = journal_kind::spot;
        record.spot = spot;
        capture(self, std::move(record));
        if (!std::isfinite(spot.last_price) || spot.last_price <= 0) {
          finish(self, cycle_status::failed, fmt::format("provider gave an unusable spot {}", spot.last_price));
          return;
        }
        self->state.cycle->spot = std::move(spot);
        collect(self, provider);
      },
      [=](caf::error& err) { finish(self, cycle_status::failed, "spot: " + self->system().render(err)); });
}

void ask_provider(collector_pointer self) {
  with_component(self, components::provider, [=](provider_actor provider) {
    auto& st = self->state;
    auto session = ist_date(st.cycle->ts);
    if (st.instruments && st.instruments_session == session) {
      fetch_spot(self, provider);
      return;
    }
    self->request(provider, st.options.request_timeout, instruments_atom_v, st.options.index.name)
      .then(
        [=](instrument_list& list) {
          journal_record record;
          record.kind = journal_kind::instruments;
          record.instruments = list;
          capture(self, std::move(record));
          spdlog::debug("{}: {} options on {} expiries for {}", list.index, list.options.size(), list.expiries.size(),
                        format_date(session));
          self->state.instruments = std::move(list);
          self->state.instruments_session = session;
          fetch_spot(self, provider);
        },
        [=](caf::error& err) { finish(self, cycle_status::failed, "instruments: " + self->system().render(err)); });
  });
}

/// Looks up the capture journal (none when capture is off), then asks the provider.
void run_cycle(collector_pointer self) {
  with_registered(self, self->state.options.node, components::journal, self->state.options.request_timeout,
                  [=](const journal_actor& journal) {
                    self->state.cycle->journal = journal;
                    ask_provider(self);
                  });
}

caf::settings status_of(const collector_state& st) {
  caf::settings s;
  collector_figures figures{st.options.index.name, {}};
  for (auto reason : all_drop_reasons)
    figures.drops_by_reason.emplace_back(to_string(reason), st.drops_total[reason]);
  put_figures(s, figures);
  put(s, "cycles", st.cycles);
  put(s, "cycles_failed", st.cycles_failed);
  put(s, "in_flight", st.cycle.has_value());
  if (st.cycles > 0) {
    put(s, "last.status", std::string{to_string(st.last.status)});
    put(s, "last.options_collected", st.last.options_collected);
    put(s, "last.options_expected", st.last.options_expected);
    put(s, "last.latency_us", st.last.latency_us);
    if (!st.last.error.empty())
      put(s, "last.error", st.last.error);
  }
  return s;
}

collector_actor::behavior_type collector(collector_pointer self, collector_options options) {
  self->state.options = std::move(options);
  self->state.events =
    event_emitter{"collector." + self->state.options.index.name, events_to(self->state.options.node)};
  self->state.store_jitter.seed(std::hash<std::string>{}(self->state.options.index.name));
  // An escaping exception ends the collector (its supervisor restarts it); keep its message in the exit
  // reason so the cycle record and the restart event say what happened.
  self->set_exception_handler([](std::exception_ptr& ep) -> caf::error {
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      return caf::make_error(caf::sec::runtime_error, std::string{e.what()});
    } catch (...) {
      return caf::make_error(caf::sec::runtime_error, std::string{"unknown exception"});
    }
  });
  return {
    [=](tick_atom, uint64_t cycle_id, epoch_ms ts) -> caf::result<index_cycle_result> {
      auto& st = self->state;
      auto& crashes = st.options.crash_on_cycles;
      if (std::find(crashes.begin(), crashes.end(), cycle_id) != crashes.end()) {
        self->state.events.emit("fault_injected", fmt::format("collector throws on cycle {}", cycle_id));
        throw std::runtime_error(
          fmt::format("injected fault: collector {} crashes on cycle {}", st.options.index.name, cycle_id));
      }
      index_cycle_result busy;
      busy.index = st.options.index.name;
      if (st.cycle) {
        busy.status = cycle_status::failed;
        busy.error = fmt::format("cycle {} still in progress", st.cycle->cycle_id);
        return busy;
      }
      ++st.cycles;
      auto rp = self->make_response_promise<index_cycle_result>();
      st.cycle.emplace();
      st.cycle->cycle_id = cycle_id;
      st.cycle->ts = ts;
      st.cycle->started = std::chrono::steady_clock::now();
      st.cycle->promise = rp;
      st.cycle->result.index = st.options.index.name;
      run_cycle(self);
      return rp;
    },
    [=](store_atom, uint64_t cycle_id) {
      if (self->state.cycle && self->state.cycle->cycle_id == cycle_id)
        store(self);
    },
    [=](status_atom, status_verbosity) { return status_of(self->state); },
  };
}

} // namespace

collector_actor spawn_collector(caf::actor_system& sys, collector_options options) {
  return sys.spawn(collector, std::move(options));
}

} // namespace g6
