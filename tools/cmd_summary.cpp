// cmd_summary.cpp — `g6 summary [--dir D] [--refresh S] [--plain]`: the panels as a live terminal view,
// redrawn in place every S seconds on a TTY (Ctrl-C ends it); plain lines, printed once (or every S
// seconds when --refresh is given), otherwise or with --plain.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <thread>

#include "actors/panels/panel_summary.hpp"
#include "tools/commands.hpp"
#include "tools/option_checks.hpp"
#include "tools/panels_location.hpp"

namespace g6 {

namespace {

struct summary_options {
  std::string dir;
  double refresh = 2;
  bool plain = false;
};

void run_summary(const summary_options& opts, bool refresh_given) {
  auto dir = opts.dir.empty() ? default_panels_dir() : std::filesystem::path{opts.dir};
  bool live = !opts.plain && isatty(STDOUT_FILENO);
  auto period = std::chrono::milliseconds(static_cast<int64_t>(opts.refresh * 1000));
  for (;;) {
    auto text = render_summary(read_panels(dir), live);
    if (live)
      std::cout << "\x1b[H\x1b[2J"; // home and clear: the layout is redrawn in place
    std::cout << text << std::flush;
    if (!live && !refresh_given)
      return;
    std::this_thread::sleep_for(period);
    if (!live)
      std::cout << '\n';
  }
}

} // namespace

void add_summary_command(CLI::App& app) {
  auto opts = std::make_shared<summary_options>();
  auto* summary = app.add_subcommand("summary", "Live view of collection health from the panels");
  summary->add_option("--dir", opts->dir, "Panels directory (default: panels.dir, else <data_dir>/panels)");
  auto* refresh = summary->add_option("--refresh", opts->refresh, "Seconds between redraws")
                    ->check(positive_up_to(3600))
                    ->capture_default_str();
  summary->add_flag("--plain", opts->plain, "Plain lines without colour or redrawing");
  summary->callback([opts, refresh] { run_summary(*opts, refresh->count() > 0); });
}

} // namespace g6
