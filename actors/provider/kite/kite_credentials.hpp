// kite_credentials.hpp — Kite Connect credentials: which configured app a provider name means and where
// its credentials come from, the API key and secret (environment or a credentials file), the access token
// file (JSON, mode 0600, valid until 06:00 IST after it was issued), the login URL and the SHA-256
// checksum of the token exchange. Secrets are never formatted into messages.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/provider/kite/kite_error.hpp"
#include "config/settings.hpp"
#include "messages/market.hpp"

namespace g6 {

struct kite_app {
  std::string api_key;
  std::string api_secret; // empty when only running with an existing token
};

/// An access token and when Kite invalidates it.
struct kite_session {
  std::string api_key;
  std::string access_token;
  epoch_ms issued = 0;
  epoch_ms expires = 0;
};

/// Looks up an environment variable; nullopt when unset.
using env_lookup = std::function<std::optional<std::string>(std::string_view)>;
env_lookup process_env();

/// One configured Kite app as a provider runs it: providers.kite (provider "kite") reads the KITE_*
/// variables before its files; an app of providers.kite_apps (provider "kite.<app>") has only its
/// credentials file and token file, so two apps never share a key or a token by accident.
struct kite_app_config {
  std::string provider;   // "kite" or "kite.<app>"; the registry label is "provider.<provider>"
  std::string config_key; // "providers.kite" or "providers.kite_apps.<app>", for messages
  kite_settings settings;
  std::string token_file; // settings.token_file, else <data_dir>/kite/token.json (kite/<app>/token.json)
  env_lookup env;         // the KITE_* variables for "kite"; finds nothing for a named app
};

/// The app a provider name means ("kite" or "kite.<app>"), with `env` serving "kite" only; nullopt
/// when the name is not a configured Kite app.
std::optional<kite_app_config> kite_app_of(const settings& cfg, std::string_view provider, const env_lookup& env);

/// The apps `app`'s ticker spills onto once its own connections are full (its ticker.spill_apps), in order.
/// A name that is no app of providers.kite_apps is skipped: the loader refuses such a config.
std::vector<kite_app_config> spill_apps_of(const settings& cfg, const kite_app_config& app);

/// The `g6 token` command line that writes a provider's token file ("g6 token --app NAME exchange").
std::string token_command(std::string_view provider);

/// The app's key and secret: KITE_API_KEY / KITE_API_SECRET where its environment has them, else its
/// credentials file (JSON {"api_key", "api_secret"}); an error naming what is missing (never the values).
kite_result<kite_app> load_app(const kite_app_config& app);

/// The next 06:00 IST strictly after `issued`: when Kite expires every access token.
epoch_ms token_expiry(epoch_ms issued);

/// hex(SHA-256(api_key + request_token + api_secret)).
std::string session_checksum(std::string_view api_key, std::string_view request_token, std::string_view api_secret);

/// https://kite.zerodha.com/connect/login?v=3&api_key=KEY
std::string login_url(std::string_view api_key);

/// Writes the token file atomically with mode 0600 (creating its directory).
kite_result<void> save_session(const std::string& path, const kite_session& session);

/// Reads the token file; an error when missing, malformed or not private (group/other may read it).
kite_result<kite_session> load_session(const std::string& path);

/// The session to use at `now`: KITE_ACCESS_TOKEN (with KITE_API_KEY) when set, else the token file;
/// kite_errc::auth_required when there is none or it expired.
kite_result<kite_session> current_session(const env_lookup& env, const std::string& token_file, epoch_ms now);

} // namespace g6
