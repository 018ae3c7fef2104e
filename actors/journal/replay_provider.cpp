#include "actors/journal/replay_provider.hpp"

#include <caf/actor_system.hpp>
#include <caf/settings.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <fmt/format.h>

#include <chrono>
#include <map>
#include <utility>

#include "actors/provider/request_tally_status.hpp"
#include "config/ist_time.hpp"

namespace g6 {

namespace {

struct replay_state {
  std::shared_ptr<const journal_answers> answers;
  std::shared_ptr<const market_clock> clock;
  std::map<std::string, epoch_ms> cycle_of; // per index: the instant of the spot last answered
  uint64_t requests = 0;
  uint64_t unanswered = 0;
  request_tally tally;
  static inline const char* name = "provider.replay";
};

using replay_pointer = provider_actor::stateful_pointer<replay_state>;

/// The captured answer, or the error of a question the journal cannot answer.
template <class T>
caf::result<T> answer(replay_state& st, const T* captured, std::string_view what, const std::string& index,
                      epoch_ms t) {
  ++st.requests;
  // A replayed answer takes no time worth measuring: its latency is the lookup's.
  st.tally.record(what, captured ? "ok" : "unanswered", 0);
  if (captured)
    return *captured;
  ++st.unanswered;
  return caf::make_error(caf::sec::runtime_error,
                         fmt::format("the journal has no {} for {} at {}", what, index, format_ist(t)));
}

provider_actor::behavior_type replay(replay_pointer self, std::shared_ptr<const journal_answers> answers,
                                     std::shared_ptr<const market_clock> clock) {
  self->state.answers = std::move(answers);
  self->state.clock = std::move(clock);
  return {
    [self](instruments_atom, const std::string& index) -> caf::result<instrument_list> {
      auto& st = self->state;
      auto t = st.clock->now();
      return answer(st, st.answers->instruments(index, t), "instruments", index, t);
    },
    [self](spot_atom, const std::string& index) -> caf::result<index_spot> {
      // A cycle asks for the spot first, right after it started at the clock's now: that instant names
      // the cycle for the quotes that follow, however long the cycle then takes.
      auto& st = self->state;
      auto t = st.clock->now();
      st.cycle_of[index] = t;
      return answer(st, st.answers->spot(index, t), "spot", index, t);
    },
    [self](quotes_atom, const std::vector<uint64_t>& tokens) -> caf::result<quote_batch> {
      // Quotes are asked for by token: the index is the one whose instruments the tokens are.
      auto& st = self->state;
      const std::string* index = tokens.empty() ? nullptr : st.answers->index_of(tokens.front());
      auto cycle = index ? st.cycle_of.find(*index) : st.cycle_of.end();
      if (cycle == st.cycle_of.end())
        return answer(st, static_cast<const quote_batch*>(nullptr), "quotes", index ? *index : "unknown tokens",
                      st.clock->now());
      return answer(st, st.answers->quotes(*index, cycle->second), "quotes", *index, cycle->second);
    },
    [self](status_atom, status_verbosity) {
      caf::settings s;
      caf::put(s, "kind", std::string{"replay"});
      caf::put(s, "requests", static_cast<int64_t>(self->state.requests));
      caf::put(s, "unanswered", static_cast<int64_t>(self->state.unanswered));
      put_request_tally(s, self->state.tally);
      return s;
    },
  };
}

} // namespace

provider_actor spawn_replay_provider(caf::actor_system& sys, std::shared_ptr<const journal_answers> answers,
                                     std::shared_ptr<const market_clock> clock) {
  return sys.spawn(replay, std::move(answers), std::move(clock));
}

} // namespace g6
