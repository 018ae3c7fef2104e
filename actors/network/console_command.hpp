// console_command.hpp — the commands `g6 console` sends to a node, parsed from words: what a node
// understands, with the words it completes and the help it prints. Pure code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "messages/expected.hpp"

namespace g6 {

enum class console_verb {
  status,
  components,
  nodes,
  indices,
  breakers,
  pause,
  resume,
  cycle_now,
  restart,
  log_level,
  help
};

struct console_command {
  console_verb verb = console_verb::help;
  bool detailed = false; // status --detailed
  bool json = false;     // status --json
  std::string argument;  // the index, component or log level
};

/// The command in `words`, or what is wrong with them.
expected<console_command, std::string> parse_console_command(const std::vector<std::string>& words);

/// One line per command: usage and what it does.
std::string console_help();

/// The first words of every command, for completion.
std::vector<std::string> console_command_words();

/// Log levels `log-level` accepts.
bool is_log_level(const std::string& level);

} // namespace g6
