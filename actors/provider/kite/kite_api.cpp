#include "actors/provider/kite/kite_api.hpp"

#include <simdjson.h>

#include <fmt/format.h>

namespace g6 {

namespace {

bool success(const http_response& answer) {
  return answer.status >= 200 && answer.status < 300;
}

} // namespace

kite_result<std::string> fetch_instruments_csv(kite_http_client& http) {
  auto answer = http.get("/instruments", {});
  if (!answer)
    return unexpected{std::move(answer).error()};
  auto& a = *answer;
  if (!success(a))
    return unexpected{classify_failure(a.status, a.body)};
  return std::move(a.body);
}

kite_result<kite_quotes> fetch_quotes(kite_http_client& http, std::string_view path,
                                      const std::vector<std::string>& keys, std::chrono::milliseconds timeout) {
  std::vector<std::pair<std::string, std::string>> query;
  query.reserve(keys.size());
  for (auto& key : keys)
    query.emplace_back("i", key);
  auto answer = http.get(path, query, timeout);
  if (!answer)
    return unexpected{std::move(answer).error()};
  auto& a = *answer;
  if (!success(a))
    return unexpected{classify_failure(a.status, a.body)};
  return parse_quotes(a.body);
}

kite_result<kite_session> exchange_request_token(kite_http_client& http, const kite_app& app,
                                                 const std::string& request_token, epoch_ms now) {
  auto answer =
    http.post_form("/session/token", {{"api_key", app.api_key},
                                      {"request_token", request_token},
                                      {"checksum", session_checksum(app.api_key, request_token, app.api_secret)}});
  if (!answer)
    return unexpected{std::move(answer).error()};
  auto& a = *answer;
  if (!success(a))
    return unexpected{classify_failure(a.status, a.body)};
  simdjson::dom::parser parser;
  simdjson::padded_string padded{a.body};
  simdjson::dom::element doc;
  std::string_view token;
  if (parser.parse(padded).get(doc) || doc["data"]["access_token"].get(token) || token.empty())
    // The body holds the token when it is well-formed; never quote it.
    return unexpected{kite_error{kite_errc::malformed, "session answer without data.access_token"}};
  return kite_session{app.api_key, std::string{token}, now, token_expiry(now)};
}

kite_result<void> invalidate_session(kite_http_client& http, const kite_session& session) {
  auto answer = http.del("/session/token", {{"api_key", session.api_key}, {"access_token", session.access_token}});
  if (!answer)
    return unexpected{std::move(answer).error()};
  auto& a = *answer;
  if (!success(a))
    return unexpected{classify_failure(a.status, a.body)};
  return {};
}

} // namespace g6
