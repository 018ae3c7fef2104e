#include "actors/network/console_client.hpp"

#include <caf/all.hpp>
#include <caf/io/middleman.hpp>

#include "messages/atoms.hpp"

namespace g6 {

expected<caf::actor, std::string> connect_console(caf::actor_system& sys, const std::string& host, uint16_t port) {
  // Untyped, like a collector: a node of another release still answers, with a clear error if need be.
  expected<caf::actor, std::string> result = unexpected{std::string{"no answer"}};
  caf::scoped_actor self{sys};
  self->request(sys.middleman().actor_handle(), std::chrono::seconds(10), caf::connect_atom_v, host, port)
    .receive(
      [&](const caf::node_id&, caf::strong_actor_ptr& gateway, const std::set<std::string>&) {
        if (gateway)
          result = caf::actor_cast<caf::actor>(gateway);
        else
          result = unexpected{"nothing is published at " + host + ":" + std::to_string(port)};
      },
      [&](caf::error& err) {
        result = unexpected{"cannot connect to " + host + ":" + std::to_string(port) + ": " + sys.render(err)};
      });
  return result;
}

console_reply send_console_command(caf::actor_system& sys, const caf::actor& gateway, const std::string& secret,
                                   const std::vector<std::string>& words) {
  console_reply reply;
  caf::scoped_actor self{sys};
  self->request(gateway, std::chrono::seconds(30), console_atom_v, secret, words)
    .receive(
      [&](std::string& text) {
        reply.ok = true;
        reply.text = std::move(text);
      },
      [&](caf::error& err) { reply.text = sys.render(err); });
  return reply;
}

} // namespace g6
