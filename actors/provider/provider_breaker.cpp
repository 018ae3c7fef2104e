#include "actors/provider/provider_breaker.hpp"

#include <caf/all.hpp>

#include <fmt/format.h>

#include <chrono>
#include <optional>

#include "actors/node/registry_lookup.hpp"
#include "actors/provider/failover_chain.hpp"
#include "messages/status_fields.hpp"

namespace g6 {

namespace {

using steady = std::chrono::steady_clock;

struct breaker_actor_state {
  provider_breaker_options options;
  std::optional<failover_chain> chain;
  static inline const char* name = "provider.breaker";
};

using breaker_pointer = provider_actor::stateful_pointer<breaker_actor_state>;

void emit_events(breaker_pointer self) {
  auto& st = self->state;
  for (auto& ev : st.chain->take_events())
    if (st.options.on_event) {
      ev.ts = wall_clock_ms();
      st.options.on_event(ev);
    }
}

/// The answer when no breaker of the chain lets a request through.
caf::error circuit_open(const failover_chain& chain) {
  std::string providers;
  for (auto& m : chain.members())
    providers += (providers.empty() ? "" : ", ") + m.provider;
  return caf::make_error(caf::sec::runtime_error, fmt::format("circuit open: {} {} failing; not called", providers,
                                                              chain.members().size() == 1 ? "is" : "are"));
}

/// Sends a request to the next provider of the chain after `tried` that its breaker allows; on failure,
/// while the deadline leaves time, to the one after it. `failure` is the last failed call's error.
template <class Result, class... Ts>
void try_next(breaker_pointer self, caf::typed_response_promise<Result> rp, std::optional<size_t> tried,
              steady::time_point deadline, caf::error failure, Ts... args) {
  auto& chain = *self->state.chain;
  auto now = self->state.options.now();
  if (tried && now >= deadline) {
    rp.deliver(std::move(failure));
    return;
  }
  auto member = chain.next(tried, now);
  emit_events(self);
  if (!member) {
    rp.deliver(failure ? std::move(failure) : circuit_open(chain));
    return;
  }
  // Each provider left in the chain gets an equal share of the time left, so a failing one leaves time
  // for the next; without failover the one provider gets it all.
  auto left = static_cast<int64_t>(chain.members().size() - *member);
  auto attempt_deadline = now + (deadline - now) / left;
  const auto& which = self->state.options.providers[*member];
  auto failed = [=](caf::error err) mutable {
    self->state.chain->record_failure(*member, self->state.options.now());
    emit_events(self);
    try_next<Result>(self, rp, member, deadline, std::move(err), args...);
  };
  auto time_left = [=] {
    return std::max<caf::timespan>(std::chrono::milliseconds{1}, attempt_deadline - self->state.options.now());
  };
  lookup(
    self, self->state.options.node, which, time_left(),
    [=](const provider_actor& provider) mutable {
      self->request(provider, time_left(), args...)
        .then(
          [=](Result& result) mutable {
            self->state.chain->record_success(*member, static_cast<bool>(failure), self->state.options.now());
            emit_events(self);
            rp.deliver(std::move(result));
          },
          [=](caf::error& err) mutable { failed(std::move(err)); });
    },
    [=](const std::string& why) mutable { failed(caf::make_error(caf::sec::runtime_error, why)); });
}

template <class Result, class... Ts>
caf::typed_response_promise<Result> forward(breaker_pointer self, Ts... args) {
  auto rp = self->template make_response_promise<Result>();
  auto deadline = self->state.options.now() + self->state.options.request_timeout;
  try_next<Result>(self, rp, std::nullopt, deadline, caf::error{}, args...);
  return rp;
}

/// serving, the chain in order, and per provider its breaker: state, totals and the current window.
caf::settings status_of(const failover_chain& chain) {
  caf::settings s;
  failover_figures failover{{}, chain.serving()};
  caf::settings breakers;
  for (auto& m : chain.members()) {
    failover.chain.push_back(m.provider);
    caf::settings b;
    put_figures(b, breaker_figures{m.breaker.state(), m.forwarded, m.rejected, m.failures});
    put(b, "window_calls", m.breaker.calls());
    put(b, "window_failures", m.breaker.failures());
    breakers.emplace(m.provider, caf::config_value{std::move(b)});
  }
  put_figures(s, failover);
  s.insert_or_assign(status_keys::breakers, caf::config_value{std::move(breakers)});
  return s;
}

provider_actor::behavior_type provider_breaker(breaker_pointer self, provider_breaker_options options) {
  std::vector<std::string> labels;
  for (auto& provider : options.providers)
    labels.push_back(provider.label);
  self->state.chain.emplace(labels, options.breaker);
  self->state.options = std::move(options);
  return {
    [=](instruments_atom, const std::string& index) {
      return forward<instrument_list>(self, instruments_atom_v, index);
    },
    [=](spot_atom, const std::string& index) { return forward<index_spot>(self, spot_atom_v, index); },
    [=](quotes_atom, const std::vector<uint64_t>& tokens) { return forward<quote_batch>(self, quotes_atom_v, tokens); },
    [=](status_atom, status_verbosity) { return status_of(*self->state.chain); },
  };
}

} // namespace

provider_actor spawn_provider_breaker(caf::actor_system& sys, provider_breaker_options options) {
  return sys.spawn(provider_breaker, std::move(options));
}

} // namespace g6
