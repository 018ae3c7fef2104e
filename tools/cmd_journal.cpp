// cmd_journal.cpp — `g6 journal inspect FILE [--json]`: what a capture journal holds (cycles, indices,
// instruments, quotes, size), and the damaged ranges its readers skip and any torn tail.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

#include "actors/journal/journal_file.hpp"
#include "config/ist_time.hpp"
#include "tools/commands.hpp"

namespace g6 {

namespace {

struct inspect_options {
  std::string file;
  bool json = false;
};

nlohmann::json to_json(const std::vector<journal_damage>& ranges) {
  auto list = nlohmann::json::array();
  for (auto& d : ranges)
    list.push_back({{"offset", d.offset}, {"length", d.length}, {"reason", d.reason}});
  return list;
}

nlohmann::json to_json(const journal_summary& s) {
  return {{"file_bytes", s.file_bytes},
          {"torn_bytes", s.torn_bytes},
          {"torn_reason", s.torn_reason},
          {"damaged_bytes", s.damaged_bytes},
          {"damaged", to_json(s.damaged)},
          {"records", s.records},
          {"cycles", s.cycles},
          {"first_cycle", s.cycles ? format_ist(s.first_cycle) : ""},
          {"last_cycle", s.cycles ? format_ist(s.last_cycle) : ""},
          {"indices", s.indices},
          {"instrument_lists", s.instrument_lists},
          {"instruments", s.instruments},
          {"spots", s.spots},
          {"quote_batches", s.quote_batches},
          {"quotes", s.quotes}};
}

void print(const std::string& file, const journal_summary& s) {
  fmt::print("journal     {}\n", file);
  fmt::print("size        {} bytes\n", s.file_bytes);
  fmt::print("records     {}\n", s.records);
  fmt::print("cycles      {}", s.cycles);
  if (s.cycles)
    fmt::print(" ({} .. {})", format_ist(s.first_cycle), format_ist(s.last_cycle));
  fmt::print("\nindices     {}\n", fmt::join(s.indices, " "));
  fmt::print("instruments {} in {} lists\n", s.instruments, s.instrument_lists);
  fmt::print("spots       {}\n", s.spots);
  fmt::print("quotes      {} in {} batches\n", s.quotes, s.quote_batches);
  if (!s.damaged.empty()) {
    fmt::print("damaged     {} bytes in {} ranges, skipped; the frames after each are read\n", s.damaged_bytes,
               s.damaged.size());
    for (auto& d : s.damaged)
      fmt::print("  {}\n", to_string(d));
  }
  if (s.torn_bytes > 0)
    fmt::print("torn tail   {} bytes ({}); the writer cuts it before appending\n", s.torn_bytes, s.torn_reason);
}

int inspect(const inspect_options& opts) {
  auto read = read_journal(opts.file);
  if (!read) {
    std::cerr << "g6 journal inspect: " << read.error().file.string() << ": " << read.error().message << '\n';
    return 1;
  }
  auto summary = summarise(*read);
  if (opts.json)
    std::cout << to_json(summary).dump(2) << '\n';
  else
    print(opts.file, summary);
  return 0;
}

} // namespace

void add_journal_command(CLI::App& app) {
  auto* journal = app.add_subcommand("journal", "Capture journals of provider answers");
  journal->require_subcommand(1);
  auto opts = std::make_shared<inspect_options>();
  auto* cmd = journal->add_subcommand("inspect", "Summarise a journal: cycles, indices, instruments, size");
  cmd->add_option("FILE", opts->file, "A <date>.g6j journal")->required();
  cmd->add_flag("--json", opts->json, "Print the summary as JSON");
  cmd->callback([opts] {
    int code = inspect(*opts);
    if (code != 0)
      throw CLI::RuntimeError(code);
  });
}

} // namespace g6
