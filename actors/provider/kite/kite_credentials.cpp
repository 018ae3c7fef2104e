#include "actors/provider/kite/kite_credentials.hpp"

#include <openssl/evp.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <variant>

#include <sys/stat.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "config/ist_time.hpp"
#include "config/provider_chain.hpp"
#include "config/untrusted_input.hpp"

namespace g6 {

namespace fs = std::filesystem;

env_lookup process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    if (const char* value = std::getenv(std::string{name}.c_str()); value && *value)
      return std::string{value};
    return std::nullopt;
  };
}

namespace {

/// A credentials or token file is a few hundred bytes of JSON.
constexpr size_t credentials_max_bytes = size_t{64} << 10;

/// The JSON text of a credentials or token file: a regular file (a symlink followed, as under /etc) of at
/// most credentials_max_bytes, with no NUL byte and shallow nesting; else why not. A FIFO or a directory
/// put in its place is refused instead of blocking or crashing the reader.
expected<std::string, std::string> read_file(const std::string& path) {
  auto text = read_regular_file(path, {credentials_max_bytes, true});
  if (!text)
    return unexpected{std::move(text).error().message};
  if (auto fit = check_json_text(*text, {}); !fit)
    return unexpected{fit.error().message};
  return std::move(*text);
}

std::string string_field(const nlohmann::json& doc, const char* key) {
  auto i = doc.find(key);
  return i != doc.end() && i->is_string() ? i->get<std::string>() : std::string{};
}

} // namespace

std::optional<kite_app_config> kite_app_of(const settings& cfg, std::string_view provider, const env_lookup& env) {
  auto* configured = kite_app_settings(cfg.providers, provider);
  if (!configured)
    return std::nullopt;
  kite_app_config app;
  app.provider = std::string{provider};
  app.settings = *configured;
  auto kite_dir = fs::path{cfg.storage.data_dir} / "kite";
  if (provider == "kite") {
    app.config_key = "providers.kite";
    app.env = env;
  } else {
    auto name = provider.substr(provider.find('.') + 1);
    app.config_key = fmt::format("providers.kite_apps.{}", name);
    app.env = [](std::string_view) { return std::optional<std::string>{}; };
    kite_dir /= name;
  }
  app.token_file = configured->token_file.empty() ? (kite_dir / "token.json").string() : configured->token_file;
  return app;
}

std::vector<kite_app_config> spill_apps_of(const settings& cfg, const kite_app_config& app) {
  std::vector<kite_app_config> out;
  for (auto& name : app.settings.ticker.spill_apps)
    if (auto spill = kite_app_of(cfg, "kite." + name, app.env))
      out.push_back(std::move(*spill));
  return out;
}

std::string token_command(std::string_view provider) {
  auto dot = provider.find('.');
  return dot == std::string_view::npos ? std::string{"g6 token exchange"}
                                       : fmt::format("g6 token --app {} exchange", provider.substr(dot + 1));
}

kite_result<kite_app> load_app(const kite_app_config& config) {
  const auto& env = config.env;
  const auto& credentials_file = config.settings.credentials_file;
  kite_app app;
  if (auto key = env("KITE_API_KEY"))
    app.api_key = *key;
  if (auto secret = env("KITE_API_SECRET"))
    app.api_secret = *secret;
  if (app.api_key.empty() && !credentials_file.empty()) {
    auto text = read_file(credentials_file);
    if (!text)
      return unexpected{
        kite_error{kite_errc::auth_required, fmt::format("credentials file {}: {}", credentials_file, text.error())}};
    auto doc = nlohmann::json::parse(*text, nullptr, false);
    if (!doc.is_object())
      return unexpected{
        kite_error{kite_errc::malformed, fmt::format("credentials file {} is not a JSON object", credentials_file)}};
    app.api_key = string_field(doc, "api_key");
    if (app.api_secret.empty())
      app.api_secret = string_field(doc, "api_secret");
  }
  if (app.api_key.empty())
    return unexpected{kite_error{kite_errc::auth_required,
                                 fmt::format("no Kite API key: set {}{}.credentials_file",
                                             config.provider == "kite" ? "KITE_API_KEY or " : "", config.config_key)}};
  return app;
}

epoch_ms token_expiry(epoch_ms issued) {
  auto six = ist_instant(ist_date(issued), 6, 0);
  return six > issued ? six : ist_instant(ist_date(issued) + 1, 6, 0);
}

std::string session_checksum(std::string_view api_key, std::string_view request_token, std::string_view api_secret) {
  std::string input;
  input.append(api_key).append(request_token).append(api_secret);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(input.data(), input.size(), digest, &size, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned i = 0; i < size; ++i)
    hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

std::string login_url(std::string_view api_key) {
  return fmt::format("https://kite.zerodha.com/connect/login?v=3&api_key={}", api_key);
}

kite_result<void> save_session(const std::string& path, const kite_session& session) {
  std::error_code ec;
  auto dir = fs::path{path}.parent_path();
  if (!dir.empty())
    fs::create_directories(dir, ec);
  nlohmann::json doc{{"api_key", session.api_key},
                     {"access_token", session.access_token},
                     {"issued", format_ist(session.issued)},
                     {"expires", format_ist(session.expires)}};
  auto temp = path + ".tmp";
  {
    std::ofstream out{temp, std::ios::binary | std::ios::trunc};
    if (!out)
      return unexpected{kite_error{kite_errc::other, fmt::format("cannot write the token file {}", temp)}};
    fs::permissions(temp, fs::perms::owner_read | fs::perms::owner_write, ec);
    out << doc.dump(2) << '\n';
    if (!out.flush())
      return unexpected{kite_error{kite_errc::other, fmt::format("cannot write the token file {}", temp)}};
  }
  fs::rename(temp, path, ec);
  if (ec)
    return unexpected{
      kite_error{kite_errc::other, fmt::format("cannot replace the token file {}: {}", path, ec.message())}};
  return {};
}

kite_result<kite_session> load_session(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    return unexpected{kite_error{kite_errc::auth_required,
                                 fmt::format("no access token: {} does not exist (run g6 token exchange)", path)}};
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    return unexpected{kite_error{
      kite_errc::auth_required,
      fmt::format("token file {} is readable by others (mode {:o}); it must be 0600", path, info.st_mode & 0777)}};
  auto text = read_file(path);
  if (!text)
    return unexpected{kite_error{kite_errc::malformed, fmt::format("token file {}: {}", path, text.error())}};
  auto doc = nlohmann::json::parse(*text, nullptr, false);
  kite_session session;
  if (doc.is_object()) {
    session.api_key = string_field(doc, "api_key");
    session.access_token = string_field(doc, "access_token");
    session.issued = parse_iso8601(string_field(doc, "issued")).value_or(0);
    session.expires = parse_iso8601(string_field(doc, "expires")).value_or(0);
  }
  if (session.api_key.empty() || session.access_token.empty() || session.expires == 0)
    return unexpected{
      kite_error{kite_errc::malformed, fmt::format("token file {} lacks api_key, access_token or expires", path)}};
  return session;
}

kite_result<kite_session> current_session(const env_lookup& env, const std::string& token_file, epoch_ms now) {
  if (auto token = env("KITE_ACCESS_TOKEN")) {
    auto key = env("KITE_API_KEY");
    if (!key)
      return unexpected{kite_error{kite_errc::auth_required, "KITE_ACCESS_TOKEN is set but KITE_API_KEY is not"}};
    return kite_session{*key, *token, now, token_expiry(now)};
  }
  auto session = load_session(token_file);
  if (session && session->expires <= now)
    return unexpected{
      kite_error{kite_errc::auth_required, fmt::format("the access token in {} expired at {} (run g6 token exchange)",
                                                       token_file, format_ist(session->expires))}};
  return session;
}

} // namespace g6
