#include "actors/network/console_command.hpp"

#include <algorithm>

namespace g6 {

namespace {

struct command_spec {
  const char* usage;
  const char* what;
};

constexpr command_spec specs[] = {
  {"status [--detailed] [--json]", "the status of every component, merged by the node (a hub includes its collectors)"},
  {"components", "the components registered with the node"},
  {"nodes", "this node and its peers: role, connection, indices"},
  {"indices", "each index: where it is collected, paused, stale"},
  {"breakers", "the providers' circuit breakers"},
  {"pause INDEX", "stop collecting INDEX from the next cycle on"},
  {"resume INDEX", "collect INDEX again"},
  {"cycle now", "start a cycle now instead of at the next interval"},
  {"restart COMPONENT", "restart a component through its supervisor"},
  {"log-level LEVEL", "trace, debug, info, warn, error, critical or off"},
  {"help", "this list"},
  {"quit", "leave the console (interactive use)"},
};

std::string arity_error(const std::string& usage) {
  return "usage: " + usage;
}

} // namespace

bool is_log_level(const std::string& level) {
  for (auto l : {"trace", "debug", "info", "warn", "error", "critical", "off"})
    if (level == l)
      return true;
  return false;
}

expected<console_command, std::string> parse_console_command(const std::vector<std::string>& words) {
  if (words.empty())
    return unexpected{std::string{"no command; try help"}};
  console_command cmd;
  auto& verb = words.front();
  auto n = words.size();
  auto one_argument = [&](console_verb v, const char* usage) -> expected<console_command, std::string> {
    if (n != 2 || words[1].empty())
      return unexpected{arity_error(usage)};
    cmd.verb = v;
    cmd.argument = words[1];
    return cmd;
  };
  auto no_argument = [&](console_verb v, const char* usage) -> expected<console_command, std::string> {
    if (n != 1)
      return unexpected{arity_error(usage)};
    cmd.verb = v;
    return cmd;
  };
  if (verb == "status") {
    cmd.verb = console_verb::status;
    for (size_t i = 1; i < n; ++i) {
      if (words[i] == "--detailed")
        cmd.detailed = true;
      else if (words[i] == "--json")
        cmd.json = true;
      else
        return unexpected{"status: unknown option " + words[i] + "; " + arity_error(specs[0].usage)};
    }
    return cmd;
  }
  if (verb == "components")
    return no_argument(console_verb::components, "components");
  if (verb == "nodes")
    return no_argument(console_verb::nodes, "nodes");
  if (verb == "indices")
    return no_argument(console_verb::indices, "indices");
  if (verb == "breakers")
    return no_argument(console_verb::breakers, "breakers");
  if (verb == "pause")
    return one_argument(console_verb::pause, "pause INDEX");
  if (verb == "resume")
    return one_argument(console_verb::resume, "resume INDEX");
  if (verb == "cycle") {
    if (n != 2 || words[1] != "now")
      return unexpected{arity_error("cycle now")};
    cmd.verb = console_verb::cycle_now;
    return cmd;
  }
  if (verb == "restart")
    return one_argument(console_verb::restart, "restart COMPONENT");
  if (verb == "log-level") {
    auto parsed = one_argument(console_verb::log_level, "log-level LEVEL");
    if (parsed && !is_log_level(parsed->argument))
      return unexpected{"log-level: unknown level " + parsed->argument
                        + " (trace, debug, info, warn, error, critical, off)"};
    return parsed;
  }
  if (verb == "help")
    return no_argument(console_verb::help, "help");
  return unexpected{"unknown command " + verb + "; try help"};
}

std::string console_help() {
  std::string out;
  for (auto& s : specs) {
    std::string usage = s.usage;
    out += "  " + usage + std::string(usage.size() < 30 ? 30 - usage.size() : 1, ' ') + s.what + "\n";
  }
  return out;
}

std::vector<std::string> console_command_words() {
  return {"status", "components", "nodes",   "indices",   "breakers", "pause",
          "resume", "cycle",      "restart", "log-level", "help",     "quit"};
}

} // namespace g6
