// cmd_tail.cpp — `g6 tail [--url U] [--token T] [--count N] [--duration S] [--raw] [--latency]`: follows a node's live
// stream and prints each event, checking every hash (actors/sse/sse_tail.hpp does the work).
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "actors/sse/sse_tail.hpp"
#include "tools/commands.hpp"

namespace g6 {

void add_tail_command(CLI::App& app) {
  auto options = std::make_shared<sse::tail_options>();
  auto* tail = app.add_subcommand("tail", "Follow the live stream (SSE): print events, verify hashes, reconnect");
  tail->add_option("--url", options->url, "Server URL")->capture_default_str();
  tail->add_option("--token", options->token, "Token (default: $G6_SSE_TOKEN)");
  tail->add_option("--count", options->count, "Stop after this many panel events (0: never)")->capture_default_str();
  tail->add_option("--duration", options->duration_seconds, "Stop after this many seconds (0: never)")
    ->capture_default_str();
  tail->add_flag("--raw", options->raw, "Print each event's data");
  tail->add_flag(
    "--latency", options->latency,
    "At the end, print tick-to-screen latency of chain panels moved by streamed ticks (same clock as the node)");
  tail->callback([options] {
    if (options->token.empty())
      if (const char* token = std::getenv("G6_SSE_TOKEN"))
        options->token = token;
    if (auto code = sse::run_tail(*options, std::cout, std::cerr); code != 0)
      throw CLI::RuntimeError(code);
  });
}

} // namespace g6
