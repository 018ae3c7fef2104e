// cmd_calendar.cpp — `g6 calendar expiries|sessions`: the shipped exchange calendars and expiry rules,
// for checking what the collectors and the synthetic market will assume. The logic is
// config/calendar_report.hpp; this file only maps options and prints.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "config/calendar_report.hpp"
#include "tools/commands.hpp"

namespace g6 {

namespace {

void print(const calendar_report& report) {
  std::cerr << report.note;
  if (!report.ok()) {
    std::cerr << "g6 calendar: " << report.error << '\n';
    throw CLI::RuntimeError(1);
  }
  std::cout << report.output;
}

} // namespace

void add_calendar_command(CLI::App& app) {
  auto* calendar = app.add_subcommand("calendar", "Exchange calendars: expiry dates and trading days");
  calendar->require_subcommand(1);

  auto expiries = std::make_shared<expiries_query>();
  auto* exp = calendar->add_subcommand("expiries", "The next expiries of an index, holiday-shifted");
  exp->add_option("--index", expiries->index, "NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY, SENSEX, ...")->required();
  exp->add_option("--from", expiries->from, "First date to consider, YYYY-MM-DD (IST)")->required();
  exp->add_option("--count", expiries->count, "How many expiries to list (1-1000)")->capture_default_str();
  exp->add_flag("--json", expiries->json, "Print a JSON list of {date, kind}");
  exp->callback([expiries] { print(expiries_report(*expiries)); });

  auto sessions = std::make_shared<sessions_query>();
  auto* ses = calendar->add_subcommand("sessions", "Trading days of an exchange in a date range");
  ses->add_option("--from", sessions->from, "First date, YYYY-MM-DD")->required();
  ses->add_option("--to", sessions->to, "Last date, YYYY-MM-DD")->required();
  ses->add_option("--exchange", sessions->exchange, "NSE or BSE")->capture_default_str();
  ses->add_flag("--json", sessions->json, "Print a JSON list of dates");
  ses->callback([sessions] { print(sessions_report(*sessions)); });
}

} // namespace g6
