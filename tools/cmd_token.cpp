// cmd_token.cpp — `g6 token [--app NAME] login-url | exchange --request-token T | show | logout`: the Kite
// Connect login flow of providers.kite, or of the app NAME of providers.kite_apps. The logic is
// actors/provider/kite/token_commands.hpp; this file maps options and prints.
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
  std::string app;
  std::string request_token;
};

/// The app the command is about, with the config's request timeout.
struct chosen_app {
  kite_app_config app;
  std::chrono::milliseconds timeout;
};

chosen_app load_or_fail(const token_options& opts) {
  auto loaded = load_command_config(opts.config_file, process_environment(), std::cerr);
  if (!loaded)
    throw CLI::RuntimeError(2);
  auto provider = opts.app.empty() ? std::string{"kite"} : "kite." + opts.app;
  auto app = kite_app_of(loaded->value, provider, process_env());
  if (!app) {
    std::cerr << "g6 token: no app " << opts.app << " in providers.kite_apps\n";
    throw CLI::RuntimeError(2);
  }
  auto timeout =
    std::chrono::milliseconds{static_cast<int64_t>(loaded->value.providers.request_timeout_seconds * 1000)};
  return {std::move(*app), timeout};
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
  token->add_option("--app", opts->app, "An app of providers.kite_apps (default: providers.kite)");
  token->require_subcommand(1);
  token->add_subcommand("login-url", "Print the Kite login URL of the app")->callback([opts] {
    print(token_login_url(load_or_fail(*opts).app));
  });
  auto* exchange = token->add_subcommand("exchange", "Exchange a request token for an access token and store it");
  exchange->add_option("--request-token", opts->request_token, "From the login redirect (else KITE_REQUEST_TOKEN)");
  exchange->callback([opts] {
    auto chosen = load_or_fail(*opts);
    print(token_exchange(chosen.app, chosen.timeout, opts->request_token, wall_clock_ms()));
  });
  token->add_subcommand("show", "Show the stored token's owner and validity (never the token)")->callback([opts] {
    print(token_show(load_or_fail(*opts).app, wall_clock_ms()));
  });
  token->add_subcommand("logout", "Invalidate the stored token at Kite and remove the file")->callback([opts] {
    auto chosen = load_or_fail(*opts);
    print(token_logout(chosen.app, chosen.timeout));
  });
}

} // namespace g6
