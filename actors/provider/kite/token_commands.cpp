#include "actors/provider/kite/token_commands.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "actors/provider/kite/kite_api.hpp"
#include "config/ist_time.hpp"

namespace g6 {

namespace {

kite_http_client client_for(const kite_app_config& app, std::chrono::milliseconds timeout) {
  kite_http_options http;
  http.base_url = app.settings.base_url;
  http.connect_timeout = std::chrono::milliseconds{static_cast<int64_t>(app.settings.connect_timeout_seconds * 1000)};
  http.total_timeout = timeout;
  return kite_http_client{http};
}

} // namespace

token_report token_login_url(const kite_app_config& app) {
  auto credentials = load_app(app);
  if (!credentials)
    return {{}, credentials.error().message};
  return {login_url(credentials->api_key) + "\n", {}};
}

token_report token_exchange(const kite_app_config& app, std::chrono::milliseconds timeout, std::string request_token,
                            epoch_ms now) {
  if (request_token.empty())
    request_token = app.env("KITE_REQUEST_TOKEN").value_or("");
  if (request_token.empty())
    return {{},
            fmt::format("no request token: pass --request-token{}",
                        app.provider == "kite" ? " or set KITE_REQUEST_TOKEN" : "")};
  auto credentials = load_app(app);
  if (!credentials)
    return {{}, credentials.error().message};
  auto& a = *credentials;
  if (a.api_secret.empty())
    return {{},
            fmt::format("no Kite API secret: {}add api_secret to {}.credentials_file",
                        app.provider == "kite" ? "set KITE_API_SECRET or " : "", app.config_key)};
  auto http = client_for(app, timeout);
  auto session = exchange_request_token(http, a, request_token, now);
  if (!session)
    return {{}, fmt::format("token exchange at {} failed: {}", app.settings.base_url, session.error().message)};
  auto saved = save_session(app.token_file, *session);
  if (!saved)
    return {{}, saved.error().message};
  return {fmt::format("access token stored in {} (mode 0600), valid until {}\n", app.token_file,
                      format_ist(session->expires)),
          {}};
}

token_report token_show(const kite_app_config& app, epoch_ms now) {
  auto session = load_session(app.token_file);
  if (!session)
    return {{}, session.error().message};
  auto& s = *session;
  return {fmt::format("token file: {}\napi key: {}\nissued: {}\nexpires: {}\nstate: {}\n", app.token_file, s.api_key,
                      format_ist(s.issued), format_ist(s.expires), s.expires > now ? "valid" : "expired"),
          {}};
}

token_report token_logout(const kite_app_config& app, std::chrono::milliseconds timeout) {
  auto session = load_session(app.token_file);
  if (!session)
    return {{}, session.error().message};
  auto http = client_for(app, timeout);
  auto done = invalidate_session(http, *session);
  std::error_code ec;
  std::filesystem::remove(app.token_file, ec);
  if (!done)
    return {fmt::format("removed {}\n", app.token_file),
            fmt::format("Kite did not confirm the logout: {}", done.error().message)};
  return {fmt::format("access token invalidated at Kite; removed {}\n", app.token_file), {}};
}

} // namespace g6
