#include "actors/provider/kite/token_commands.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "actors/provider/kite/kite_api.hpp"
#include "actors/provider/kite/kite_provider.hpp"
#include "config/ist_time.hpp"

namespace g6 {

namespace {

kite_http_client client_for(const settings& cfg) {
  kite_http_options http;
  http.base_url = cfg.providers.kite.base_url;
  http.connect_timeout = std::chrono::milliseconds{static_cast<int64_t>(cfg.providers.kite.connect_timeout_seconds * 1000)};
  http.total_timeout = std::chrono::milliseconds{static_cast<int64_t>(cfg.providers.request_timeout_seconds * 1000)};
  return kite_http_client{http};
}

} // namespace

token_report token_login_url(const settings& cfg, const env_lookup& env) {
  auto app = load_app(env, cfg.providers.kite.credentials_file);
  if (auto* err = std::get_if<kite_error>(&app))
    return {{}, err->message};
  return {login_url(std::get<kite_app>(app).api_key) + "\n", {}};
}

token_report token_exchange(const settings& cfg, const env_lookup& env, std::string request_token, epoch_ms now) {
  if (request_token.empty())
    request_token = env("KITE_REQUEST_TOKEN").value_or("");
  if (request_token.empty())
    return {{}, "no request token: pass --request-token or set KITE_REQUEST_TOKEN"};
  auto app = load_app(env, cfg.providers.kite.credentials_file);
  if (auto* err = std::get_if<kite_error>(&app))
    return {{}, err->message};
  auto& a = std::get<kite_app>(app);
  if (a.api_secret.empty())
    return {{}, "no Kite API secret: set KITE_API_SECRET or add api_secret to providers.kite.credentials_file"};
  auto http = client_for(cfg);
  auto session = exchange_request_token(http, a, request_token, now);
  if (auto* err = std::get_if<kite_error>(&session))
    return {{}, fmt::format("token exchange at {} failed: {}", cfg.providers.kite.base_url, err->message)};
  auto file = kite_token_file(cfg);
  auto saved = save_session(file, std::get<kite_session>(session));
  if (auto* err = std::get_if<kite_error>(&saved))
    return {{}, err->message};
  return {fmt::format("access token stored in {} (mode 0600), valid until {}\n", file,
                      format_ist(std::get<kite_session>(session).expires)),
          {}};
}

token_report token_show(const settings& cfg, epoch_ms now) {
  auto file = kite_token_file(cfg);
  auto session = load_session(file);
  if (auto* err = std::get_if<kite_error>(&session))
    return {{}, err->message};
  auto& s = std::get<kite_session>(session);
  return {fmt::format("token file: {}\napi key: {}\nissued: {}\nexpires: {}\nstate: {}\n", file, s.api_key,
                      format_ist(s.issued), format_ist(s.expires), s.expires > now ? "valid" : "expired"),
          {}};
}

token_report token_logout(const settings& cfg) {
  auto file = kite_token_file(cfg);
  auto session = load_session(file);
  if (auto* err = std::get_if<kite_error>(&session))
    return {{}, err->message};
  auto http = client_for(cfg);
  auto done = invalidate_session(http, std::get<kite_session>(session));
  std::error_code ec;
  std::filesystem::remove(file, ec);
  if (auto* err = std::get_if<kite_error>(&done))
    return {fmt::format("removed {}\n", file), fmt::format("Kite did not confirm the logout: {}", err->message)};
  return {fmt::format("access token invalidated at Kite; removed {}\n", file), {}};
}

} // namespace g6
