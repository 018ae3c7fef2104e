#include "actors/provider/provider_breaker.hpp"

#include <caf/all.hpp>

#include <fmt/format.h>

#include <chrono>

namespace g6 {

namespace {

struct breaker_actor_state {
  provider_breaker_options options;
  std::optional<circuit_breaker> breaker;
  uint64_t forwarded = 0;
  uint64_t rejected = 0;
  uint64_t failures = 0;
  static inline const char* name = "provider.breaker";
};

using breaker_pointer = provider_actor::stateful_pointer<breaker_actor_state>;

void emit_transitions(breaker_pointer self) {
  auto& st = self->state;
  for (auto& t : st.breaker->take_transitions()) {
    if (!st.options.on_event)
      continue;
    st.options.on_event(event_record{
      wall_clock_ms(), "breaker." + st.options.provider_label, "breaker_" + std::string{to_string(t.to)},
      fmt::format("{}: {} failures in {} calls ({:.0f}%)", to_string(t), t.failures, t.calls,
                  t.failure_rate * 100)});
  }
}

void record(breaker_pointer self, bool failed) {
  auto now = std::chrono::steady_clock::now();
  if (failed) {
    ++self->state.failures;
    self->state.breaker->record_failure(now);
  } else {
    self->state.breaker->record_success(now);
  }
  emit_transitions(self);
}

/// Forwards one request to the current provider, or fails it at once while the breaker is open.
template <class Result, class... Ts>
caf::typed_response_promise<Result> forward(breaker_pointer self, Ts... args) {
  auto rp = self->template make_response_promise<Result>();
  auto& st = self->state;
  bool allowed = st.breaker->allow(std::chrono::steady_clock::now());
  emit_transitions(self);
  if (!allowed) {
    ++st.rejected;
    rp.deliver(caf::make_error(caf::sec::runtime_error,
                               "circuit open: " + st.options.provider_label + " is failing; not called"));
    return rp;
  }
  ++st.forwarded;
  auto timeout = st.options.request_timeout;
  self->request(st.options.node, timeout, caf::get_atom_v, st.options.provider_label)
    .then(
      [=](caf::actor& handle) mutable {
        if (!handle) {
          record(self, true);
          rp.deliver(caf::make_error(caf::sec::runtime_error,
                                     self->state.options.provider_label + " is not running"));
          return;
        }
        self->request(caf::actor_cast<provider_actor>(handle), timeout, args...)
          .then(
            [=](Result& result) mutable {
              record(self, false);
              rp.deliver(std::move(result));
            },
            [=](caf::error& err) mutable {
              record(self, true);
              rp.deliver(std::move(err));
            });
      },
      [=](caf::error& err) mutable {
        record(self, true);
        rp.deliver(std::move(err));
      });
  return rp;
}

provider_actor::behavior_type provider_breaker(breaker_pointer self, provider_breaker_options options) {
  self->state.breaker.emplace(options.breaker);
  self->state.options = std::move(options);
  return {
    [=](instruments_atom, const std::string& index) {
      return forward<instrument_list>(self, instruments_atom_v, index);
    },
    [=](spot_atom, const std::string& index) { return forward<index_spot>(self, spot_atom_v, index); },
    [=](quotes_atom, const std::vector<uint64_t>& tokens) {
      return forward<quote_batch>(self, quotes_atom_v, tokens);
    },
    [=](status_atom, status_verbosity) {
      auto& st = self->state;
      caf::settings s;
      put(s, "provider", st.options.provider_label);
      put(s, "state", std::string{to_string(st.breaker->state())});
      put(s, "forwarded", st.forwarded);
      put(s, "rejected", st.rejected);
      put(s, "failures", st.failures);
      put(s, "window_calls", st.breaker->calls());
      put(s, "window_failures", st.breaker->failures());
      return s;
    },
  };
}

} // namespace

provider_actor spawn_provider_breaker(caf::actor_system& sys, provider_breaker_options options) {
  return sys.spawn(provider_breaker, std::move(options));
}

} // namespace g6
