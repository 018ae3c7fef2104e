#include <caf/all.hpp>

#include "actors/provider/kite/ticker/ticker_actors.hpp"

namespace g6 {

namespace {

struct book_state {
  tick_book book;
  std::shared_ptr<ticker_figures> figures;
  uint64_t deliveries = 0;
  static inline const char* name = "ticker.book";
};

tick_book_actor::behavior_type tick_book_fn(tick_book_actor::stateful_pointer<book_state> self,
                                            std::shared_ptr<ticker_figures> figures) {
  self->state.figures = std::move(figures);
  return {
    [self](tick_delivery& delivery) {
      self->state.book.update(delivery.ticks, delivery.received);
      ++self->state.deliveries;
    },
    [self](forget_atom, const std::vector<uint64_t>& tokens) { self->state.book.forget(tokens); },
    [self](book_atom, const std::vector<uint64_t>& tokens, epoch_ms oldest) {
      return self->state.book.snapshot(tokens, oldest);
    },
    [self](status_atom, status_verbosity) {
      caf::settings s;
      caf::put(s, "instruments", static_cast<int64_t>(self->state.book.size()));
      caf::put(s, "deliveries", static_cast<int64_t>(self->state.deliveries));
      return s;
    },
  };
}

} // namespace

tick_book_actor spawn_tick_book(caf::local_actor& parent, std::shared_ptr<ticker_figures> figures) {
  return parent.spawn<caf::linked>(tick_book_fn, std::move(figures));
}

} // namespace g6
