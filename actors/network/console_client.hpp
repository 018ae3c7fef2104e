// console_client.hpp — the console's side of a node connection: connect to a node's gateway, send one
// command, get the text to print or the reason it failed.
#pragma once

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include <string>
#include <vector>

#include "messages/expected.hpp"

namespace g6 {

struct console_reply {
  bool ok = false;
  std::string text; // the output, or the error
};

/// The node's gateway at host:port, or why it cannot be reached.
expected<caf::actor, std::string> connect_console(caf::actor_system& sys, const std::string& host, uint16_t port);

console_reply send_console_command(caf::actor_system& sys, const caf::actor& gateway, const std::string& secret,
                                   const std::vector<std::string>& words);

} // namespace g6
