// cmd_console.cpp — `g6 console [--connect HOST:PORT] [COMMAND ...]`: one command and exit, or an
// interactive session (line editing, history in ~/.g6_console_history, completion) with a running node.
// Without --connect it finds the local node through <data-dir>/node.json (docs/nodes.md).
#include <CLI/CLI.hpp>
#include <caf/all.hpp>
#include <caf/io/middleman.hpp>

#include <editline/readline.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>

#include "actors/network/console_client.hpp"
#include "actors/network/console_command.hpp"
#include "actors/network/network_node.hpp"
#include "actors/network/node_file.hpp"
#include "config/loader.hpp"
#include "tools/commands.hpp"

namespace g6 {

namespace {

struct console_options {
  std::string connect;
  std::string data_dir;
  std::string config_file;
};

std::vector<std::string> split_words(const std::string& line) {
  std::istringstream in{line};
  std::vector<std::string> words;
  for (std::string w; in >> w;)
    words.push_back(w);
  return words;
}

/// Second words worth completing, by first word.
std::vector<std::string> argument_words(const std::string& first) {
  if (first == "status")
    return {"--detailed", "--json"};
  if (first == "cycle")
    return {"now"};
  if (first == "log-level")
    return {"trace", "debug", "info", "warn", "error", "critical", "off"};
  return {};
}

std::vector<std::string> completion_candidates;

char* next_candidate(const char* text, int state) {
  static size_t i = 0;
  if (state == 0)
    i = 0;
  auto n = std::strlen(text);
  while (i < completion_candidates.size()) {
    auto& c = completion_candidates[i++];
    if (c.compare(0, n, text) == 0)
      return ::strdup(c.c_str());
  }
  return nullptr;
}

char** complete(const char* text, int start, int) {
  std::string before{rl_line_buffer, static_cast<size_t>(start)};
  auto words = split_words(before);
  completion_candidates = words.empty() ? console_command_words() : argument_words(words.front());
  rl_attempted_completion_over = 1;
  return rl_completion_matches(text, next_candidate);
}

int interactive(caf::actor_system& sys, const caf::actor& gateway, const std::string& secret,
                const std::string& address) {
  std::string history;
  if (auto* home = std::getenv("HOME"))
    history = std::string{home} + "/.g6_console_history";
  if (!history.empty())
    read_history(history.c_str());
  rl_attempted_completion_function = complete;
  std::cout << "g6 console on " << address << "; help lists the commands, quit leaves\n";
  auto prompt = "g6 " + address + "> ";
  while (char* raw = readline(prompt.c_str())) {
    std::string line{raw};
    std::free(raw);
    auto words = split_words(line);
    if (words.empty())
      continue;
    add_history(line.c_str());
    if (words.front() == "quit" || words.front() == "exit")
      break;
    auto reply = send_console_command(sys, gateway, secret, words);
    (reply.ok ? std::cout : std::cerr) << reply.text << (reply.ok ? "" : "\n") << std::flush;
  }
  if (!history.empty())
    write_history(history.c_str());
  return 0;
}

int run_console(const console_options& opts, const std::vector<std::string>& words) {
  auto loaded = load_command_config(opts.config_file, process_environment(), std::cerr);
  if (!loaded)
    return 2;
  auto& cfg = loaded->value;
  std::string secret = cfg.nodes.secret;
  host_port target;
  if (!opts.connect.empty()) {
    auto parsed = parse_host_port(opts.connect);
    if (!parsed) {
      std::cerr << "g6 console: --connect " << opts.connect << " is not HOST:PORT\n";
      return 2;
    }
    target = *parsed;
  } else {
    auto file = read_node_file(opts.data_dir.empty() ? cfg.storage.data_dir : opts.data_dir);
    if (!file) {
      std::cerr << "g6 console: " << file.error() << '\n';
      return 3;
    }
    auto& f = *file;
    target = {f.host == "0.0.0.0" ? std::string{"127.0.0.1"} : f.host, f.port};
    if (secret.empty())
      secret = f.secret;
  }
  caf::actor_system_config sys_cfg;
  sys_cfg.add_message_types<caf::id_block::g6>();
  configure_network(sys_cfg, cfg.nodes);
  sys_cfg.set("scheduler.max-threads", size_t{2});
  caf::actor_system sys{sys_cfg};
  auto connected = connect_console(sys, target.host, target.port);
  if (!connected) {
    std::cerr << "g6 console: " << connected.error() << '\n';
    return 3;
  }
  auto gateway = *connected;
  auto address = target.host + ":" + std::to_string(target.port);
  if (words.empty())
    return interactive(sys, gateway, secret, address);
  auto reply = send_console_command(sys, gateway, secret, words);
  if (!reply.ok) {
    std::cerr << "g6 console: " << reply.text << '\n';
    return 1;
  }
  std::cout << reply.text << std::flush;
  return 0;
}

} // namespace

void add_console_command(CLI::App& app) {
  auto opts = std::make_shared<console_options>();
  auto* console = app.add_subcommand("console", "Attach to a running node: one COMMAND, or an interactive session");
  console->add_option("--connect", opts->connect, "HOST:PORT of the node (default: the local node's node.json)");
  console->add_option("--data-dir", opts->data_dir, "Data directory of the local node (default: storage.data_dir)");
  console->add_option("--config", opts->config_file, "Config file (for nodes.secret and storage.data_dir)");
  console->prefix_command();
  console->footer("Commands:\n" + console_help());
  console->callback([opts, console] {
    int code = run_console(*opts, console->remaining());
    if (code != 0)
      throw CLI::RuntimeError(code);
  });
}

} // namespace g6
