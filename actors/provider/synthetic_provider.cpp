#include "actors/provider/synthetic_provider.hpp"

#include <caf/all.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <utility>

#include "actors/provider/request_tally_status.hpp"
#include "actors/provider/synthetic_market.hpp"
#include "config/ist_time.hpp"
#include "messages/events.hpp"

namespace g6 {

namespace {

// Internal: a delayed answer is due (its number in the pending table).
using deliver_atom = caf::atom_constant<caf::atom("deliver")>;
using synthetic_provider_actor = provider_actor::extend<caf::reacts_to<deliver_atom, uint64_t>>;

constexpr const char* component = "provider.synthetic";

struct provider_state {
  synthetic_market market{0};
  std::shared_ptr<market_clock> clock;
  fault_settings faults;
  event_emitter events; // as provider.synthetic
  uint64_t requests = 0;
  uint64_t errors_injected = 0;
  uint64_t garbage_injected = 0;
  request_tally tally;
  // Answers held back by the injected latency, by delivery number.
  uint64_t deliveries = 0;
  std::map<uint64_t, std::function<void()>> pending;

  static inline const char* name = component;

  void report(std::string detail) const { events.emit("fault_injected", std::move(detail)); }

  // Counts the request and rolls the dice for an injected error (subkey 0; quotes use 1, 2, ...).
  bool fails(std::string_view what) {
    ++requests;
    if (seeded_uniform(market.seed(), requests, 0) >= faults.error_rate)
      return false;
    ++errors_injected;
    report(std::string{what} + " request " + std::to_string(requests) + ": provider error");
    return true;
  }

  // Replaces quotes by garbage with probability garbage_rate, cycling through the kinds of garbage
  // real feeds produce.
  void spoil(std::vector<option_quote>& quotes) {
    uint64_t spoiled = 0;
    for (size_t i = 0; i < quotes.size(); ++i) {
      if (seeded_uniform(market.seed(), requests, i + 1) >= faults.garbage_rate)
        continue;
      auto& q = quotes[i];
      switch (garbage_injected++ % 4) {
        case 0:
          q.last_price = std::numeric_limits<double>::quiet_NaN();
          break;
        case 1:
          q.last_price = -std::abs(q.last_price);
          break;
        case 2: {
          auto bid = q.bid;
          q.bid = q.ask + 0.05;
          q.ask = bid;
          break;
        }
        default: // an empty quote: no price, no book
          q.last_price = 0;
          q.bid = 0;
          q.ask = 0;
          break;
      }
      ++spoiled;
    }
    if (spoiled > 0)
      report("quotes request " + std::to_string(requests) + ": " + std::to_string(spoiled) + " of "
             + std::to_string(quotes.size()) + " quotes replaced by garbage");
  }
};

using provider_pointer = synthetic_provider_actor::stateful_pointer<provider_state>;

caf::error injected_error() {
  return caf::make_error(caf::sec::runtime_error, "injected fault: provider error");
}

template <class T>
caf::expected<T> to_expected(market_result<T> result) {
  if (!result)
    return caf::make_error(caf::sec::invalid_argument, result.error().message);
  return *std::move(result);
}

using steady = std::chrono::steady_clock;

// Answers now, or after the injected latency through a response promise (never by sleeping), and
// tallies the request when the answer leaves.
template <class T>
caf::result<T> respond(provider_pointer self, std::string_view endpoint, steady::time_point received,
                       caf::expected<T> answer, std::string_view failure = "error") {
  auto outcome = answer ? std::string_view{"ok"} : failure;
  auto latency = self->state.faults.latency_ms;
  if (latency <= 0) {
    self->state.tally.record(endpoint, outcome, std::chrono::duration<double>(steady::now() - received).count());
    return answer;
  }
  auto promise = self->template make_response_promise<T>();
  auto id = ++self->state.deliveries;
  self->state.pending.emplace(id, [self, endpoint, outcome, received, promise, answer = std::move(answer)]() mutable {
    self->state.tally.record(endpoint, outcome, std::chrono::duration<double>(steady::now() - received).count());
    if (answer)
      promise.deliver(std::move(*answer));
    else
      promise.deliver(std::move(answer.error()));
  });
  auto delay = std::chrono::microseconds{static_cast<int64_t>(std::llround(latency * 1000))};
  self->delayed_send(self, delay, deliver_atom::value, id);
  return promise;
}

synthetic_provider_actor::behavior_type synthetic_provider(provider_pointer self, uint64_t seed,
                                                           std::shared_ptr<market_clock> clock, fault_settings faults,
                                                           std::function<void(const event_record&)> on_event) {
  self->state.market = synthetic_market{seed};
  self->state.clock = std::move(clock);
  self->state.faults = std::move(faults);
  self->state.events = event_emitter{component, std::move(on_event)};
  return {
    [self](instruments_atom, const std::string& index) -> caf::result<instrument_list> {
      auto received = steady::now();
      auto& st = self->state;
      if (st.fails("instruments"))
        return respond<instrument_list>(self, "instruments", received, injected_error(), "injected_error");
      return respond(self, "instruments", received,
                     to_expected(st.market.instruments(index, ist_date(st.clock->now()))));
    },
    [self](spot_atom, const std::string& index) -> caf::result<index_spot> {
      auto received = steady::now();
      auto& st = self->state;
      if (st.fails("spot"))
        return respond<index_spot>(self, "spot", received, injected_error(), "injected_error");
      return respond(self, "spot", received, to_expected(st.market.spot(index, st.clock->now())));
    },
    [self](quotes_atom, const std::vector<uint64_t>& tokens) -> caf::result<quote_batch> {
      auto received = steady::now();
      auto& st = self->state;
      if (st.fails("quotes"))
        return respond<quote_batch>(self, "quotes", received, injected_error(), "injected_error");
      auto now = st.clock->now();
      quote_batch batch;
      for (auto token : tokens) {
        if (auto q = st.market.quote(token, now))
          batch.quotes.push_back(*q);
        else
          batch.missing.push_back(token);
      }
      st.spoil(batch.quotes);
      return respond(self, "quotes", received, caf::expected<quote_batch>{std::move(batch)});
    },
    [self](status_atom, status_verbosity) -> caf::settings {
      const auto& st = self->state;
      caf::settings result;
      caf::put(result, "kind", std::string{"synthetic"});
      caf::put(result, "seed", static_cast<int64_t>(st.market.seed()));
      caf::put(result, "requests", static_cast<int64_t>(st.requests));
      caf::put(result, "errors_injected", static_cast<int64_t>(st.errors_injected));
      caf::put(result, "garbage_injected", static_cast<int64_t>(st.garbage_injected));
      put_request_tally(result, st.tally);
      return result;
    },
    [self](deliver_atom, uint64_t id) {
      auto i = self->state.pending.find(id);
      if (i == self->state.pending.end())
        return;
      auto deliver = std::move(i->second);
      self->state.pending.erase(i);
      deliver();
    },
  };
}

} // namespace

provider_actor spawn_synthetic_provider(caf::actor_system& sys, uint64_t seed, std::shared_ptr<market_clock> clock,
                                        fault_settings faults, std::function<void(const event_record&)> on_event) {
  auto provider = sys.spawn(synthetic_provider, seed, std::move(clock), std::move(faults), std::move(on_event));
  return caf::actor_cast<provider_actor>(provider);
}

} // namespace g6
