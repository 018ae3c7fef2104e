#include "actors/sse/sse_routing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <random>

namespace g6::sse {

std::string_view header_value(const head_request& req, std::string_view name) {
  auto i = req.find(boost::beast::string_view{name.data(), name.size()});
  if (i == req.end())
    return {};
  auto v = i->value();
  return {v.data(), v.size()};
}

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

namespace {

bool is_api(std::string_view path) {
  return path == "/api/indices" || path == "/api/chain" || path == "/api/history";
}

bool is_page(std::string_view path) {
  return path == "/" || path == "/index.html" || path.starts_with("/assets/");
}

/// Compressing a small body costs more than it saves.
constexpr size_t gzip_threshold = 1024;

} // namespace

bool needs_token(http::verb method, std::string_view path) {
  if (method == http::verb::post)
    return path == "/login";
  return method == http::verb::get && (path == "/events" || path == "/resync" || is_api(path));
}

std::variant<route, rejection> route_of(http::verb method, std::string_view path) {
  std::optional<route> known;
  if (path == "/events")
    known = route::events;
  else if (path == "/resync")
    known = route::resync;
  else if (path == "/health")
    known = route::health;
  else if (path == "/version")
    known = route::version;
  else if (is_api(path))
    known = route::api;
  else if (is_page(path))
    known = route::page;
  else if (path == "/login")
    known = route::login;
  else if (path == "/logout")
    known = route::logout;
  bool posted = known == route::login || known == route::logout;
  if (method == http::verb::options)
    return known ? std::variant<route, rejection>{route::preflight} : rejection::not_found;
  if (method == http::verb::post)
    return posted ? std::variant<route, rejection>{*known} : rejection::method;
  if (method != http::verb::get || posted)
    return rejection::method;
  if (!known)
    return rejection::not_found;
  return *known;
}

std::string request_id_for(std::string_view given) {
  auto sane = !given.empty() && given.size() <= 128 && std::all_of(given.begin(), given.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
  if (sane)
    return std::string{given};
  thread_local std::mt19937_64 random{std::random_device{}()};
  return fmt::format("{:016x}", random());
}

void add_common_fields(http::response_header<>& head, const answer_fields& fields) {
  head.set(http::field::server, "g6");
  head.set("X-Request-ID", fields.request_id.empty() ? request_id_for("") : fields.request_id);
  if (fields.cors) {
    head.set(http::field::access_control_allow_origin, *fields.cors);
    head.set(http::field::vary, "Origin");
    head.set(http::field::access_control_allow_methods, "GET, POST, OPTIONS");
    head.set(http::field::access_control_allow_headers, "Authorization, X-API-Key, Last-Event-ID, X-Request-ID");
  }
}

http::response<http::string_body> plain_answer(http::status status, std::string body, std::string_view content_type,
                                               unsigned retry_after, const answer_fields& fields) {
  http::response<http::string_body> res{status, 11};
  add_common_fields(res, fields);
  if (!content_type.empty())
    res.set(http::field::content_type, boost::beast::string_view{content_type.data(), content_type.size()});
  if (status == http::status::unauthorized)
    res.set(http::field::www_authenticate, "Bearer");
  if (retry_after > 0)
    res.set(http::field::retry_after, std::to_string(retry_after));
  res.keep_alive(false);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

http::response<http::string_body> asset_answer(const web_asset& asset, std::string_view if_none_match, bool gzip,
                                               const answer_fields& fields) {
  auto not_modified = !if_none_match.empty() && if_none_match == asset.etag;
  auto packed = gzip && !asset.gzipped.empty() && !not_modified;
  auto res = plain_answer(not_modified ? http::status::not_modified : http::status::ok,
                          not_modified ? std::string{}
                          : packed     ? asset.gzipped
                                       : asset.body,
                          not_modified ? "" : asset.content_type, 0, fields);
  res.set(http::field::etag, asset.etag);
  res.set(http::field::cache_control, asset.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  res.set(http::field::vary, fields.cors ? "Origin, Accept-Encoding" : "Accept-Encoding");
  if (packed)
    res.set(http::field::content_encoding, "gzip");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Frame-Options", "DENY");
  res.set("Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
  return res;
}

http::response<http::string_body> json_answer(unsigned status, std::string body, bool gzip,
                                              const answer_fields& fields) {
  std::string packed;
  if (gzip && body.size() >= gzip_threshold)
    packed = gzip_compressed(body);
  bool compressed = !packed.empty();
  auto res = plain_answer(static_cast<http::status>(status), compressed ? std::move(packed) : std::move(body),
                          "application/json", 0, fields);
  res.set(http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  if (compressed)
    res.set(http::field::content_encoding, "gzip");
  res.set(http::field::vary, fields.cors ? "Origin, Accept-Encoding" : "Accept-Encoding");
  return res;
}

std::string health_body(const server_health& health) {
  nlohmann::json body{{"last_event_id", health.last_event_id},
                      {"published", health.published},
                      {"status", health.degraded ? "degraded" : "ok"},
                      {"degraded", health.degraded},
                      {"clients", health.clients}};
  return body.dump();
}

nlohmann::json server_identity(const std::string& version) {
  return {{"server", "g6"}, {"version", version}, {"protocol", 1}};
}

std::string refusal_body(rejection r, const std::string& why) {
  nlohmann::json body{{"error", why}, {"reason", to_string(r)}};
  return body.dump();
}

} // namespace g6::sse
