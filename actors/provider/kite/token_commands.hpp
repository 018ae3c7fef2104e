// token_commands.hpp — `g6 token login-url | exchange | show | logout`: the Kite login flow as library
// calls over settings and the environment, so tests drive them without the CLI. Outputs never contain
// the API secret, a request token or an access token.
#pragma once

#include <string>

#include "actors/provider/kite/kite_credentials.hpp"
#include "config/settings.hpp"

namespace g6 {

struct token_report {
  std::string output; // stdout
  std::string error;  // non-empty: failed
  bool ok() const { return error.empty(); }
};

/// The login URL of the configured app.
token_report token_login_url(const settings& cfg, const env_lookup& env);

/// Exchanges a request token (the argument, else KITE_REQUEST_TOKEN) for an access token at
/// providers.kite.base_url and stores it in the token file (0600), valid until 06:00 IST.
token_report token_exchange(const settings& cfg, const env_lookup& env, std::string request_token, epoch_ms now);

/// The token file: whose it is, when it was issued, whether it is still valid.
token_report token_show(const settings& cfg, epoch_ms now);

/// Invalidates the stored access token at Kite and removes the token file.
token_report token_logout(const settings& cfg);

} // namespace g6
