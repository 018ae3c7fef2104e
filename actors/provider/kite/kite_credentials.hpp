// kite_credentials.hpp — Kite Connect credentials: the API key and secret (environment or a credentials
// file), the access token file (JSON, mode 0600, valid until 06:00 IST after it was issued), the login
// URL and the SHA-256 checksum of the token exchange. Secrets are never formatted into messages.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "actors/provider/kite/kite_error.hpp"
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

/// The app from KITE_API_KEY / KITE_API_SECRET, else from the credentials file (JSON {"api_key",
/// "api_secret"}); an error naming what is missing (never the values).
kite_result<kite_app> load_app(const env_lookup& env, const std::string& credentials_file);

/// The next 06:00 IST strictly after `issued`: when Kite expires every access token.
epoch_ms token_expiry(epoch_ms issued);

/// hex(SHA-256(api_key + request_token + api_secret)).
std::string session_checksum(std::string_view api_key, std::string_view request_token,
                             std::string_view api_secret);

/// https://kite.zerodha.com/connect/login?v=3&api_key=KEY
std::string login_url(std::string_view api_key);

/// Writes the token file atomically with mode 0600 (creating its directory).
kite_result<bool> save_session(const std::string& path, const kite_session& session);

/// Reads the token file; an error when missing, malformed or not private (group/other may read it).
kite_result<kite_session> load_session(const std::string& path);

/// The session to use at `now`: KITE_ACCESS_TOKEN (with KITE_API_KEY) when set, else the token file;
/// kite_errc::auth_required when there is none or it expired.
kite_result<kite_session> current_session(const env_lookup& env, const std::string& token_file,
                                          epoch_ms now);

} // namespace g6
