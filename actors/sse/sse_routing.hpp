// sse_routing.hpp — where a request goes and the plain answers: the route of a method and path, the
// bodies of /health, /version and refusals, the web app's asset and API answers (caching, gzip, security
// headers), and the fields every answer carries (server, request id, CORS). Pure code: the session reads
// the request and writes what this builds.
#pragma once

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "actors/sse/access_policy.hpp"
#include "actors/sse/sse_server.hpp"
#include "actors/sse/web_assets.hpp"

namespace g6::sse {

namespace http = boost::beast::http;

/// A request as the server reads it: the head only, no body.
using head_request = http::request<http::empty_body>;

enum class route : uint8_t {
  events,    // GET /events: the stream
  resync,    // GET /resync: the full snapshot
  health,    // GET /health
  version,   // GET /version
  page,      // GET / and /assets/*: the web app
  api,       // GET /api/indices, /api/chain, /api/history
  login,     // POST /login: the token for a session cookie
  logout,    // POST /logout
  preflight, // OPTIONS on any of them: CORS only
};

/// A header's value; empty when absent.
std::string_view header_value(const head_request& req, std::string_view name);

/// The target without its query.
std::string_view path_of(std::string_view target);

/// Whether the access policy asks this request for the token (or a session cookie): a GET of the stream,
/// the snapshot or the API, and the login itself (a request with a method its path does not take is
/// refused with 405 anyway, token or not).
bool needs_token(http::verb method, std::string_view path);

/// The route of a request, or its refusal: 405 for a method the path does not take (GET and OPTIONS;
/// POST for /login and /logout only), 404 for a path that is no endpoint.
std::variant<route, rejection> route_of(http::verb method, std::string_view path);

/// The client's X-Request-ID when it is a sane token, else a fresh random one.
std::string request_id_for(std::string_view given);

/// What every answer carries besides its body.
struct answer_fields {
  std::string request_id;
  std::optional<std::string> cors; // the Access-Control-Allow-Origin value, when the origin is allowed
};

/// The fields of every answer, the event stream's included: server, request id and CORS.
void add_common_fields(http::response_header<>& head, const answer_fields& fields);

/// A complete answer after which the connection closes; a 401 names the Bearer scheme, a refusal that
/// asks the client to wait says for how long (Retry-After).
http::response<http::string_body> plain_answer(http::status status, std::string body, std::string_view content_type,
                                               unsigned retry_after, const answer_fields& fields);

/// A web app file: 304 when `if_none_match` names its ETag, gzip when the client takes it and it pays,
/// cached for a year under a content-addressed name and revalidated otherwise, with the page's
/// security headers (CSP: nothing but this origin).
http::response<http::string_body> asset_answer(const web_asset& asset, std::string_view if_none_match, bool gzip,
                                               const answer_fields& fields);

/// A JSON answer of the API: never cached, gzip when the client takes it and the body is large.
http::response<http::string_body> json_answer(unsigned status, std::string body, bool gzip,
                                              const answer_fields& fields);

/// The body of /health: the server's health as sse_server::health() judges it.
std::string health_body(const server_health& health);

/// Who answers: the body of /version, and the start of the stream's hello.
nlohmann::json server_identity(const std::string& version);

/// The body of a refusal: what went wrong and the reason's label.
std::string refusal_body(rejection r, const std::string& why);

} // namespace g6::sse
