#include "actors/provider/kite/kite_http.hpp"

#include <utility>

namespace g6 {

namespace {

// The instrument dump is the largest answer (a few MB of CSV); this bound only stops a runaway server.
constexpr size_t max_kite_answer = size_t{512} << 20;

} // namespace

kite_http_client::kite_http_client(kite_http_options options) : options_(std::move(options)) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/')
    options_.base_url.pop_back();
}

void kite_http_client::set_session(std::string api_key, std::string access_token) {
  authorization_ = api_key.empty() || access_token.empty() ? std::string{} : "token " + api_key + ":" + access_token;
}

kite_result<http_response> kite_http_client::get(std::string_view path, const http_params& query,
                                                 std::chrono::milliseconds timeout) {
  return perform(http_method::get, path, query, {}, timeout);
}

kite_result<http_response> kite_http_client::post_form(std::string_view path, const http_params& form) {
  return perform(http_method::post, path, {}, encode_params(form), std::chrono::milliseconds{0});
}

kite_result<http_response> kite_http_client::del(std::string_view path, const http_params& query) {
  return perform(http_method::del, path, query, {}, std::chrono::milliseconds{0});
}

kite_result<http_response> kite_http_client::perform(http_method method, std::string_view path,
                                                     const http_params& query, std::string body,
                                                     std::chrono::milliseconds timeout) {
  http_request request;
  request.method = method;
  request.url = options_.base_url + std::string{path};
  if (!query.empty())
    request.url += "?" + encode_params(query);
  request.headers.emplace_back("X-Kite-Version", "3");
  if (!authorization_.empty())
    request.headers.emplace_back("Authorization", authorization_);
  request.body = std::move(body);
  request.connect_timeout = options_.connect_timeout;
  request.timeout = timeout.count() > 0 && timeout < options_.total_timeout ? timeout : options_.total_timeout;
  request.max_response_bytes = max_kite_answer;
  // Credentials travel in headers and forms, never in the URL, and errors name the URL without its query.
  auto result = http_.perform(request);
  if (!result)
    return unexpected{
      kite_error{result.error().code == http_errc::timeout ? kite_errc::timeout : kite_errc::network_error,
                 std::move(result.error().message)}};
  return *std::move(result);
}

} // namespace g6
