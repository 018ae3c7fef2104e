#include "actors/provider/kite/kite_provider.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "actors/provider/kite/kite_api.hpp"
#include "actors/provider/kite/kite_rate_plan.hpp"
#include "actors/provider/kite/option_ladders.hpp"
#include "actors/provider/kite/ticker/ticker_actors.hpp"
#include "actors/provider/kite/token_bucket.hpp"
#include "actors/provider/request_tally_status.hpp"
#include "actors/provider/ticker_reading_status.hpp"
#include "config/ist_time.hpp"
#include "config/kite_ticker_limits.hpp"
#include "config/spot_keys.hpp"
#include "messages/auth_state.hpp"
#include "messages/events.hpp"
#include "messages/status_fields.hpp"
#include "supervision/backoff.hpp"
#include "supervision/steady_time.hpp"

namespace g6 {

namespace fs = std::filesystem;

namespace {

// The tick book answers from memory; a slower answer means it is gone, and REST serves the request.
constexpr auto book_timeout = std::chrono::seconds{2};

// Internal: the merge window of pending quote requests has passed.
using flush_atom = caf::atom_constant<caf::atom("kflush")>;
using kite_provider_actor = provider_actor::extend<caf::reacts_to<flush_atom>>;

struct spot_wait {
  std::string index;
  std::string key;
  caf::typed_response_promise<index_spot> promise;
  int64_t deadline;
};

struct quote_wait {
  std::vector<uint64_t> tokens;
  caf::typed_response_promise<quote_batch> promise;
  int64_t deadline;
  std::vector<option_quote> streamed; // quotes the tick book already had (stream mode): answered with the rest
};

struct kite_state {
  kite_provider_options opt;
  event_emitter events; // as provider.kite, provider.kite.<app>
  std::unique_ptr<kite_http_client> http;
  std::optional<token_bucket> quote_bucket;
  std::optional<token_bucket> other_bucket;
  std::optional<kite_session> session;
  std::string auth_problem;   // non-empty: auth_required, calls stopped
  std::string rejected_token; // the access token Kite refused: only a different one resumes calls
  day_number dump_day = -1;
  std::vector<kite_instrument> rows;
  // Instrument token -> quote key, for the options of the configured indices' segments in the dump.
  // Tokens are the exchange's, the same for every Kite app: a collector that resolved its instruments
  // through another app of the failover chain asks this one for quotes by the same tokens.
  std::map<uint64_t, std::string> keys;
  std::map<std::string, std::string> spot_keys; // index -> quote key of its level (config/spot_keys.hpp)
  std::set<std::string> unknown_reported;       // underlyings the day's dump does not list, reported once a day
  std::map<std::string, uint64_t> spot_tokens;  // index -> instrument token of its level, from the dump
  // Stream mode (providers.kite.quotes = stream): the ticker keeps the instruments collectors ask for
  // subscribed, the book holds their latest ticks; REST serves only what has no fresh tick.
  std::shared_ptr<ticker_figures> ticker_figs;
  option_ladders ladders; // the dump's strikes per chain: the margin subscribed around each cycle's window
  tick_book_actor book;
  ticker_actor ticker;
  std::vector<spot_wait> spots;
  std::vector<quote_wait> quotes;
  bool flush_scheduled = false;
  request_tally tally; // every HTTP call, by endpoint and outcome
  std::mt19937_64 dice{20261127};

  static inline const char* name = "provider.kite";

  int64_t deadline() const {
    // Answer a little before the requester gives up, so a late answer is an error, not a timeout.
    return steady_ms() + opt.request_timeout.count() * 9 / 10;
  }

  // Whether calls may go out: a valid session, not refused by Kite. Picks up a new token file.
  bool authorised() {
    auto now = opt.clock->now();
    if (session && auth_problem.empty() && session->expires > now)
      return true;
    auto current = current_session(opt.app.env, opt.app.token_file, now);
    if (current && current->access_token != rejected_token) {
      bool resumed = !auth_problem.empty();
      session = *current;
      http->set_session(current->api_key, current->access_token);
      auth_problem.clear();
      if (resumed)
        events.emit("auth_restored", "a new access token appeared; calls resume");
      return true;
    }
    // Still the refused token: the reason given when Kite refused it stands.
    auto problem = !current ? current.error().message
                   : auth_problem.empty()
                     ? std::string{"Kite refused the access token; waiting for a new one (g6 token exchange)"}
                     : auth_problem;
    if (problem != auth_problem)
      events.emit("auth_required", problem);
    auth_problem = problem;
    session.reset();
    return false;
  }

  void refused(const kite_error& err) {
    if (session)
      rejected_token = session->access_token;
    session.reset();
    auth_problem = "Kite refused the access token (" + err.message + "); waiting for a new one (g6 token exchange)";
    events.emit("auth_required", auth_problem);
  }

  // One call with its rate limit and retries, until `deadline` (steady ms).
  template <class T, class Call>
  kite_result<T> call(std::string_view endpoint, token_bucket& bucket, double nominal, int64_t deadline,
                      Call&& perform) {
    int attempt = 0;
    while (true) {
      if (!authorised())
        return unexpected{kite_error{kite_errc::auth_required, auth_problem}};
      auto wait = bucket.wait_ms(steady_ms());
      if (steady_ms() + wait >= deadline)
        return unexpected{
          kite_error{kite_errc::timeout, fmt::format("{}: the rate limit ({}/s) leaves no time before the deadline",
                                                     endpoint, bucket.rate())}};
      if (wait > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds{wait});
      bucket.try_take(steady_ms());
      auto started = std::chrono::steady_clock::now();
      kite_result<T> result = perform(std::chrono::milliseconds{std::max<int64_t>(1, deadline - steady_ms())});
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::string outcome{result ? "ok" : to_string(result.error().code)};
      tally.record(endpoint, outcome, seconds);
      if (result) {
        bucket.recover(nominal);
        return result;
      }
      auto& err = result.error();
      events.emit("request_failed",
                  fmt::format("{} (attempt {}): {}: {}", endpoint, attempt + 1, outcome, err.message));
      if (err.code == kite_errc::auth_required) {
        refused(err);
        return result;
      }
      if (err.code == kite_errc::rate_limited)
        bucket.slow_down(nominal / 8, steady_ms());
      if (!is_retryable(err.code))
        return result;
      auto backoff = std::chrono::duration_cast<std::chrono::milliseconds>(
        backoff_delay({std::chrono::milliseconds{200}, std::chrono::seconds{3}}, static_cast<unsigned>(attempt), dice));
      ++attempt;
      if (steady_ms() + backoff.count() >= deadline)
        return result;
      std::this_thread::sleep_for(backoff);
    }
  }

  kite_result<kite_quotes> quote_call(std::string_view endpoint, std::string_view path,
                                      const std::vector<std::string>& batch, int64_t deadline) {
    return call<kite_quotes>(
      endpoint, *quote_bucket, opt.app.settings.quote_rate_per_second, deadline,
      [&](std::chrono::milliseconds timeout) { return fetch_quotes(*http, path, batch, timeout); });
  }

  // The instrument dump of the session: refreshed after 08:30 IST, cached on disk per day. The dump is
  // the exchanges' list, the same for every app, so the apps of a failover chain share the cache.
  expected<void, kite_error> ensure_dump(int64_t deadline) {
    auto now = opt.clock->now();
    auto day = ist_time_of_day(now) >= (8 * 60 + 30) * 60 * 1000 ? ist_date(now) : ist_date(now) - 1;
    if (day == dump_day)
      return {};
    auto dir = fs::path{opt.config.storage.data_dir} / "kite";
    auto cache = dir / fmt::format("instruments-{}.csv", format_date(day));
    std::string csv;
    if (std::ifstream in{cache, std::ios::binary}; in) {
      std::ostringstream text;
      text << in.rdbuf();
      csv = text.str();
    } else {
      auto fetched = call<std::string>("instruments", *other_bucket, opt.app.settings.other_rate_per_second, deadline,
                                       [&](std::chrono::milliseconds) { return fetch_instruments_csv(*http); });
      if (!fetched)
        return unexpected{std::move(fetched).error()};
      csv = *std::move(fetched);
    }
    auto parsed = parse_instruments_csv(csv);
    if (!parsed) {
      events.emit("malformed_instruments", parsed.error().message);
      fs::remove(cache);
      return unexpected{std::move(parsed).error()};
    }
    auto& dump = *parsed;
    if (dump.rejected > 0)
      events.emit("instruments_rejected", fmt::format("{} rows of the instrument dump rejected, first at {}",
                                                      dump.rejected, dump.first_rejection));
    if (!fs::exists(cache)) {
      std::error_code ec;
      fs::create_directories(dir, ec);
      auto temp = cache.string() + "." + opt.app.provider + ".tmp";
      std::ofstream{temp, std::ios::binary} << csv;
      fs::rename(temp, cache, ec);
    }
    rows = std::move(dump.rows);
    dump_day = day;
    unknown_reported.clear();
    learn_keys();
    return {};
  }

  void learn_keys() {
    std::set<std::string> segments;
    for (auto& index : opt.config.indices)
      if (index.enable)
        for (auto& source : underlying_sources(index.name))
          segments.insert(source.segment);
    std::map<std::string, std::string> index_of_spot_key;
    for (auto& [index, key] : spot_keys)
      index_of_spot_key.emplace(key, index);
    keys.clear();
    spot_tokens.clear();
    ladders = option_ladders{rows};
    for (auto& row : rows) {
      auto key = row.exchange + ":" + row.tradingsymbol;
      if (segments.contains(row.segment) && (row.instrument_type == "CE" || row.instrument_type == "PE"))
        keys.emplace(row.instrument_token, key);
      else if (auto index = index_of_spot_key.find(key); index != index_of_spot_key.end())
        spot_tokens.emplace(index->second, row.instrument_token);
    }
    if (book) {
      index_tokens levels;
      for (auto& [index, token] : spot_tokens)
        levels.index_of.emplace(token, index);
      caf::anon_send(book, std::move(levels));
    }
  }

  bool streaming() const { return static_cast<bool>(ticker); }

  // A tick that arrived before this instant is too old to stand for a quote of this cycle.
  epoch_ms oldest_fresh() const {
    return opt.clock->now() - static_cast<epoch_ms>(opt.config.collection.quote_max_age_seconds * 1000);
  }
};

using kite_pointer = kite_provider_actor::stateful_pointer<kite_state>;

caf::error to_caf(const kite_error& err) {
  return caf::make_error(caf::sec::runtime_error, fmt::format("kite {}: {}", to_string(err.code), err.message));
}

template <class T>
std::vector<std::vector<T>> chunks(const std::vector<T>& all, size_t size) {
  std::vector<std::vector<T>> out;
  for (size_t i = 0; i < all.size(); i += size)
    out.emplace_back(all.begin() + static_cast<ptrdiff_t>(i),
                     all.begin() + static_cast<ptrdiff_t>(std::min(all.size(), i + size)));
  return out;
}

void schedule_flush(kite_pointer self) {
  auto& st = self->state;
  if (st.flush_scheduled)
    return;
  st.flush_scheduled = true;
  auto window = std::chrono::milliseconds{static_cast<int64_t>(st.opt.app.settings.merge_window_ms)};
  self->delayed_send(self, window, flush_atom::value);
}

/// Queues a request for the next merged REST call: the REST path, and stream mode's fallback for what the
/// tick book has not fresh (or when it does not answer).
void queue_for_rest(kite_pointer self, spot_wait wait) {
  self->state.spots.push_back(std::move(wait));
  schedule_flush(self);
}

void queue_for_rest(kite_pointer self, quote_wait wait) {
  self->state.quotes.push_back(std::move(wait));
  schedule_flush(self);
}

void flush_spots(kite_pointer self, std::vector<spot_wait> waits) {
  auto& st = self->state;
  std::vector<std::string> keys;
  int64_t deadline = waits.front().deadline;
  for (auto& w : waits) {
    if (std::find(keys.begin(), keys.end(), w.key) == keys.end())
      keys.push_back(w.key);
    deadline = std::min(deadline, w.deadline);
  }
  kite_quotes answers;
  std::optional<kite_error> failure;
  for (auto& chunk : chunks(keys, kite_quote_limit)) {
    auto result = st.quote_call(kite_endpoint_ohlc, "/quote/ohlc", chunk, deadline);
    if (!result) {
      failure = std::move(result).error();
      break;
    }
    answers.merge(*result);
  }
  for (auto& w : waits) {
    if (failure) {
      w.promise.deliver(to_caf(*failure));
      continue;
    }
    auto i = answers.find(w.key);
    if (i == answers.end()) {
      w.promise.deliver(
        to_caf({kite_errc::input_error, fmt::format("{} ({}) is missing from Kite's answer", w.key, w.index)}));
      continue;
    }
    auto& q = i->second;
    auto ts = q.timestamp != 0 ? q.timestamp : st.opt.clock->now();
    w.promise.deliver(index_spot{w.index, q.last_price, q.close, q.open, q.high, q.low, ts});
  }
}

void flush_quotes(kite_pointer self, std::vector<quote_wait> waits) {
  auto& st = self->state;
  std::vector<std::string> keys;
  std::set<std::string> seen;
  int64_t deadline = waits.front().deadline;
  for (auto& w : waits)
    deadline = std::min(deadline, w.deadline);
  // The tokens' keys come from the day's dump, loaded here when this app has not needed it yet.
  if (auto dump = st.ensure_dump(deadline); !dump) {
    for (auto& w : waits)
      w.promise.deliver(to_caf(dump.error()));
    return;
  }
  for (auto& w : waits) {
    for (auto token : w.tokens)
      if (auto k = st.keys.find(token); k != st.keys.end() && seen.insert(k->second).second)
        keys.push_back(k->second);
  }
  kite_quotes answers;
  std::map<std::string, kite_error> failed;
  for (auto& chunk : chunks(keys, kite_quote_limit)) {
    auto result = st.quote_call(kite_endpoint_quote, "/quote", chunk, deadline);
    if (!result) {
      auto& err = result.error();
      if (err.code == kite_errc::input_error) {
        st.events.emit("instruments_dropped", fmt::format("{} instruments reported missing after {}; first {}",
                                                          chunk.size(), err.message, chunk.front()));
        continue;
      }
      for (auto& key : chunk)
        failed.emplace(key, err);
      continue;
    }
    answers.merge(*result);
  }
  for (auto& w : waits) {
    quote_batch batch;
    batch.quotes = std::move(w.streamed);
    std::optional<kite_error> failure;
    for (auto token : w.tokens) {
      auto k = st.keys.find(token);
      if (k == st.keys.end()) {
        batch.missing.push_back(token);
      } else if (auto f = failed.find(k->second); f != failed.end()) {
        failure = f->second;
        break;
      } else if (auto a = answers.find(k->second); a != answers.end()) {
        batch.quotes.push_back(to_option_quote(token, a->second));
      } else {
        batch.missing.push_back(token);
      }
    }
    if (failure)
      w.promise.deliver(to_caf(*failure));
    else
      w.promise.deliver(std::move(batch));
  }
}

caf::settings status_of(const kite_state& st) {
  caf::settings s;
  caf::put(s, "kind", std::string{"kite"});
  put_figures(s, session_figures{st.auth_problem.empty() ? auth_state::ok : auth_state::auth_required});
  if (!st.auth_problem.empty())
    caf::put(s, "auth_problem", st.auth_problem);
  caf::put(s, "quote_rate", st.quote_bucket->rate());
  caf::put(s, "instruments_day", st.dump_day >= 0 ? format_date(st.dump_day) : std::string{});
  caf::put(s, "instruments", static_cast<int64_t>(st.rows.size()));
  put_request_tally(s, st.tally);
  if (st.ticker_figs)
    put_ticker_reading(s, read_ticker_figures(*st.ticker_figs, steady_ms()));
  return s;
}

kite_provider_actor::behavior_type kite_provider(kite_pointer self, kite_provider_options options) {
  auto& boot = self->state;
  boot.opt = std::move(options);
  const auto& kite = boot.opt.app.settings;
  boot.events = event_emitter{"provider." + boot.opt.app.provider, boot.opt.on_event};
  kite_http_options http;
  http.base_url = kite.base_url;
  http.connect_timeout = std::chrono::milliseconds{static_cast<int64_t>(kite.connect_timeout_seconds * 1000)};
  http.total_timeout = boot.opt.request_timeout;
  boot.http = std::make_unique<kite_http_client>(http);
  boot.quote_bucket.emplace(kite.quote_rate_per_second, 1.0, steady_ms());
  boot.other_bucket.emplace(kite.other_rate_per_second, 1.0, steady_ms());
  for (auto& index : boot.opt.config.indices)
    if (auto key = spot_key(index))
      boot.spot_keys.emplace(index.name, *key);
  if (kite.quotes == kite_quote_source::stream) {
    if (kite.ticker.mode != kite_tick_mode::full)
      boot.events.emit(
        "ticker_misconfigured",
        fmt::format("ticker.mode {} carries no open interest, bid or ask: streamed quotes are stored with OI, "
                    "bid and ask 0 (PCR by OI, max pain and mid prices need full)",
                    to_string(kite.ticker.mode)));
    ticker_options ticker;
    ticker.app = boot.opt.app;
    ticker.spill_apps = spill_apps_of(boot.opt.config, boot.opt.app);
    boot.ticker_figs = std::make_shared<ticker_figures>(ticker_connection_apps(ticker.app, ticker.spill_apps));
    boot.book =
      spawn_tick_book(*self, tick_book_options{boot.ticker_figs, boot.opt.on_live_quotes, boot.opt.live_rate_hz});
    ticker.clock = boot.opt.clock;
    ticker.figures = boot.ticker_figs;
    ticker.book = boot.book;
    // An instrument no cycle asked for in three intervals is unsubscribed (ATM moved, expiry gone).
    auto three_cycles =
      std::chrono::milliseconds{static_cast<int64_t>(boot.opt.config.collection.interval_seconds * 3000)};
    ticker.demand_window = std::max<std::chrono::milliseconds>(
      std::chrono::seconds{10},
      std::chrono::duration_cast<std::chrono::milliseconds>(boot.opt.clock->to_real(three_cycles)));
    ticker.on_event = boot.opt.on_event;
    boot.ticker = spawn_ticker(*self, std::move(ticker));
  }
  auto plan = plan_rate(boot.opt.config, kite);
  boot.events.emit(plan.fits ? "rate_plan" : "rate_plan_exceeded", plan.sentence);
  boot.authorised();
  return {
    [self](instruments_atom, const std::string& index) -> caf::result<instrument_list> {
      auto& st = self->state;
      if (!st.authorised())
        return to_caf({kite_errc::auth_required, st.auth_problem});
      if (auto dump = st.ensure_dump(st.deadline()); !dump)
        return to_caf(dump.error());
      auto today = ist_date(st.opt.clock->now());
      auto resolved = resolve_underlying(st.rows, index, today);
      if (!resolved) {
        if (st.unknown_reported.insert(index).second)
          st.events.emit("unknown_underlying", resolved.error().message);
        return to_caf(resolved.error());
      }
      auto& list = *resolved;
      auto mismatches = calendar_mismatches(index, list.expiries, today);
      if (!mismatches.empty())
        st.events.emit("calendar_mismatch", fmt::format("{}: {}", index, fmt::join(mismatches, "; ")));
      return list;
    },
    [self](spot_atom, const std::string& index) -> caf::result<index_spot> {
      auto& st = self->state;
      if (!st.authorised())
        return to_caf({kite_errc::auth_required, st.auth_problem});
      auto key = st.spot_keys.find(index);
      if (key == st.spot_keys.end())
        return to_caf({kite_errc::input_error, index + " has no Kite spot key (index_params." + index + ".spot_key)"});
      auto promise = self->make_response_promise<index_spot>();
      auto token = st.spot_tokens.find(index);
      if (!st.streaming() || token == st.spot_tokens.end()) {
        queue_for_rest(self, spot_wait{index, key->second, promise, st.deadline()});
        return promise;
      }
      // Stream mode: the level's latest tick, else REST.
      std::vector<uint64_t> wanted{token->second};
      self->send(st.ticker, demand_atom::value, wanted);
      auto wait = spot_wait{index, key->second, promise, st.deadline()};
      self->request(st.book, book_timeout, book_atom::value, wanted, st.oldest_fresh())
        .then(
          [self, wait](const book_snapshot& snapshot) mutable {
            auto& now = self->state;
            if (!snapshot.fresh.empty()) {
              ++now.ticker_figs->quotes_streamed;
              wait.promise.deliver(to_index_spot(snapshot.fresh.front(), wait.index));
              return;
            }
            ++now.ticker_figs->quotes_fallback;
            queue_for_rest(self, std::move(wait));
          },
          [self, wait](const caf::error&) mutable { queue_for_rest(self, std::move(wait)); });
      return promise;
    },
    [self](quotes_atom, const std::vector<uint64_t>& tokens) -> caf::result<quote_batch> {
      auto& st = self->state;
      if (!st.authorised())
        return to_caf({kite_errc::auth_required, st.auth_problem});
      auto promise = self->make_response_promise<quote_batch>();
      if (!st.streaming()) {
        queue_for_rest(self, quote_wait{tokens, promise, st.deadline(), {}});
        return promise;
      }
      // Stream mode: what the tick book has fresh, the rest by REST in the same answer.
      self->send(st.ticker, demand_atom::value, st.ladders.widen(tokens, ticker_strike_margin));
      auto wait = quote_wait{tokens, promise, st.deadline(), {}};
      self->request(st.book, book_timeout, book_atom::value, tokens, st.oldest_fresh())
        .then(
          [self, wait](book_snapshot& snapshot) mutable {
            auto& now = self->state;
            for (auto& booked : snapshot.fresh)
              wait.streamed.push_back(to_option_quote(booked));
            now.ticker_figs->quotes_streamed += wait.streamed.size();
            now.ticker_figs->quotes_fallback += snapshot.missing.size();
            if (snapshot.missing.empty()) {
              wait.promise.deliver(quote_batch{std::move(wait.streamed), {}});
              return;
            }
            wait.tokens = std::move(snapshot.missing);
            queue_for_rest(self, std::move(wait));
          },
          [self, wait](const caf::error&) mutable { queue_for_rest(self, std::move(wait)); });
      return promise;
    },
    [self](flush_atom) {
      auto& st = self->state;
      st.flush_scheduled = false;
      auto spots = std::move(st.spots);
      auto quotes = std::move(st.quotes);
      st.spots.clear();
      st.quotes.clear();
      if (!spots.empty())
        flush_spots(self, std::move(spots));
      if (!quotes.empty())
        flush_quotes(self, std::move(quotes));
    },
    [self](status_atom, status_verbosity) { return status_of(self->state); },
  };
}

} // namespace

provider_actor spawn_kite_provider(caf::actor_system& sys, kite_provider_options options) {
  auto provider = sys.spawn<caf::detached>(kite_provider, std::move(options));
  return caf::actor_cast<provider_actor>(provider);
}

} // namespace g6
