// cmd_token.cpp — `g6 token login-url | exchange --request-token T | show | logout`: the Kite Connect
// login flow. The logic is actors/provider/kite/token_commands.hpp; this file maps options and prints.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "actors/provider/kite/token_commands.hpp"
#include "config/loader.hpp"
#include "tools/commands.hpp"

namespace g6 {

namespace {

struct token_options {
  std::string config_file;
  std::string request_token;
};

settings load_or_fail(const token_options& opts) {
  auto env = process_environment();
  std::string file = opts.config_file.empty() ? config_path_from_env(env).value_or("") : opts.config_file;
  auto loaded = file.empty() ? load_default_settings(env) : load_settings(file, env);
  if (!loaded.value) {
    for (auto& p : loaded.problems)
      std::cerr << format_problem(file.empty() ? "<built-in g6.json>" : file, p) << '\n';
    throw CLI::RuntimeError(2);
  }
  return *loaded.value;
}

void print(const token_report& report) {
  std::cout << report.output;
  if (!report.ok()) {
    std::cerr << "g6 token: " << report.error << '\n';
    throw CLI::RuntimeError(1);
  }
}

} // namespace

void add_token_command(CLI::App& app) {
  auto opts = std::make_shared<token_options>();
  auto* token = app.add_subcommand("token", "Kite Connect access token: login URL, exchange, show, logout");
  token->add_option("--config", opts->config_file, "Config file (default: G6_CONFIG, else the built-in one)");
  token->require_subcommand(1);
  token->add_subcommand("login-url", "Print the Kite login URL of the configured app")->callback([opts] {
    print(token_login_url(load_or_fail(*opts), process_env()));
  });
  auto* exchange = token->add_subcommand("exchange", "Exchange a request token for an access token and store it");
  exchange->add_option("--request-token", opts->request_token, "From the login redirect (else KITE_REQUEST_TOKEN)");
  exchange->callback([opts] {
    print(token_exchange(load_or_fail(*opts), process_env(), opts->request_token, wall_clock_ms()));
  });
  token->add_subcommand("show", "Show the stored token's owner and validity (never the token)")->callback([opts] {
    print(token_show(load_or_fail(*opts), wall_clock_ms()));
  });
  token->add_subcommand("logout", "Invalidate the stored token at Kite and remove the file")->callback([opts] {
    print(token_logout(load_or_fail(*opts)));
  });
}

} // namespace g6
