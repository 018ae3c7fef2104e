#include <caf/all.hpp>

#include <chrono>

#include "actors/provider/kite/ticker/ticker_actors.hpp"
#include "supervision/steady_time.hpp"

namespace g6 {

namespace {

struct book_state {
  tick_book book;
  tick_book_options options;
  std::map<uint64_t, std::string> index_of;
  uint64_t deliveries = 0;
  uint64_t live_pushes = 0;
  int64_t last_push_ms = 0; // steady clock
  bool push_scheduled = false;
  static inline const char* name = "ticker.book";
};

using book_pointer = tick_book_actor::stateful_pointer<book_state>;

void push_live(book_pointer self) {
  auto& st = self->state;
  if (!st.book.changed())
    return;
  st.last_push_ms = steady_ms();
  ++st.live_pushes;
  st.options.on_live_quotes(st.book.take_changes(st.index_of));
}

/// After a delivery: push at once when the last push is a period old, else once at the period's end, so
/// a burst of frames makes one push and a lone tick is not held back.
void throttle_live(book_pointer self) {
  auto& st = self->state;
  if (!st.options.on_live_quotes || !(st.options.live_rate_hz > 0) || st.push_scheduled)
    return;
  auto period = static_cast<int64_t>(1000.0 / st.options.live_rate_hz);
  auto since = steady_ms() - st.last_push_ms;
  if (since >= period) {
    push_live(self);
    return;
  }
  st.push_scheduled = true;
  self->delayed_send(self, std::chrono::milliseconds{period - since}, live_push_atom::value);
}

tick_book_actor::behavior_type tick_book_fn(book_pointer self, tick_book_options options) {
  self->state.options = std::move(options);
  return {
    [self](tick_delivery& delivery) {
      self->state.book.update(delivery.ticks, delivery.received, delivery.received_wall);
      ++self->state.deliveries;
      throttle_live(self);
    },
    [self](forget_atom, const std::vector<uint64_t>& tokens) { self->state.book.forget(tokens); },
    [self](book_atom, const std::vector<uint64_t>& tokens, epoch_ms oldest) {
      return self->state.book.snapshot(tokens, oldest);
    },
    [self](index_tokens& tokens) { self->state.index_of = std::move(tokens.index_of); },
    [self](live_push_atom) {
      self->state.push_scheduled = false;
      push_live(self);
    },
    [self](status_atom, status_verbosity) {
      caf::settings s;
      caf::put(s, "instruments", static_cast<int64_t>(self->state.book.size()));
      caf::put(s, "deliveries", static_cast<int64_t>(self->state.deliveries));
      caf::put(s, "live_pushes", static_cast<int64_t>(self->state.live_pushes));
      return s;
    },
  };
}

} // namespace

tick_book_actor spawn_tick_book(caf::local_actor& parent, tick_book_options options) {
  return parent.spawn<caf::linked>(tick_book_fn, std::move(options));
}

} // namespace g6
