// token_commands.hpp — `g6 token login-url | exchange | show | logout`: the Kite login flow as library
// calls over settings and the environment, so tests drive them without the CLI. Outputs never contain
// the API secret, a request token or an access token.
#pragma once

#include <chrono>
#include <string>

#include "actors/provider/kite/kite_credentials.hpp"

namespace g6 {

struct token_report {
  std::string output; // stdout
  std::string error;  // non-empty: failed
  bool ok() const { return error.empty(); }
};

/// The login URL of the app.
token_report token_login_url(const kite_app_config& app);

/// Exchanges a request token (the argument, else KITE_REQUEST_TOKEN where the app's environment has it)
/// for an access token at the app's base_url and stores it in its token file (0600), valid until 06:00 IST.
token_report token_exchange(const kite_app_config& app, std::chrono::milliseconds timeout, std::string request_token,
                            epoch_ms now);

/// The app's token file: whose it is, when it was issued, whether it is still valid.
token_report token_show(const kite_app_config& app, epoch_ms now);

/// Invalidates the app's stored access token at Kite and removes the token file.
token_report token_logout(const kite_app_config& app, std::chrono::milliseconds timeout);

} // namespace g6
