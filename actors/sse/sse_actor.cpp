#include "actors/sse/sse_actor.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/sse/sse_server.hpp"

namespace g6 {

namespace {

struct sse_state {
  std::shared_ptr<sse::sse_server> server;
  uint64_t published = 0;
  uint64_t unreadable = 0;
  static inline const char* name = "sse";
};

using sse_pointer = sse_actor::stateful_pointer<sse_state>;

sse_actor::behavior_type sse_behavior(sse_pointer self, std::shared_ptr<sse::sse_server> server) {
  self->state.server = std::move(server);
  return {
    [=](report_atom, panel_set& set) {
      std::vector<sse::named_panel> panels;
      for (size_t i = 0; i < set.names.size() && i < set.data.size(); ++i)
        panels.push_back({std::move(set.names[i]), std::move(set.data[i])});
      for (auto& name : self->state.server->publish(panels, set.generated_at)) {
        ++self->state.unreadable;
        spdlog::error("sse: panel {} is not JSON; published without it", name);
      }
      ++self->state.published;
    },
    [=](status_atom, status_verbosity) {
      auto& st = self->state;
      auto health = st.server->health();
      caf::settings s;
      put(s, "url", st.server->url());
      put(s, "clients", health.clients);
      put(s, "last_event_id", health.last_event_id);
      put(s, "degraded", health.degraded);
      put(s, "published", st.published);
      put(s, "unreadable_panels", st.unreadable);
      return s;
    },
  };
}

} // namespace

sse_actor spawn_sse(caf::actor_system& sys, std::shared_ptr<sse::sse_server> server) {
  return sys.spawn(sse_behavior, std::move(server));
}

} // namespace g6
