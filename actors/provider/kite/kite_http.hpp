// kite_http.hpp — the Kite Connect API over the project's http_client: calls relative to the base URL,
// query and form parameters encoded, every call with X-Kite-Version: 3 and, once a session is set,
// Authorization: token api_key:access_token; no answer becomes kite_errc::timeout or network_error.
// Not thread-safe: one owner.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "actors/provider/kite/kite_error.hpp"
#include "http/http_client.hpp"
#include "http/http_url.hpp"

namespace g6 {

struct kite_http_options {
  std::string base_url = "https://api.kite.trade";
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds total_timeout{10000};
};

class kite_http_client {
public:
  explicit kite_http_client(kite_http_options options);

  /// Authorises later calls; an empty key or token removes the header.
  void set_session(std::string api_key, std::string access_token);

  /// GET base_url + path with query parameters. `timeout` caps this call below the total timeout (0: the
  /// total timeout). Any HTTP status is an answer; no answer is kite_errc::network_error or
  /// kite_errc::timeout.
  kite_result<http_response> get(std::string_view path, const http_params& query,
                                 std::chrono::milliseconds timeout = std::chrono::milliseconds{0});

  /// POST an application/x-www-form-urlencoded form.
  kite_result<http_response> post_form(std::string_view path, const http_params& form);

  /// DELETE base_url + path with query parameters.
  kite_result<http_response> del(std::string_view path, const http_params& query);

private:
  kite_result<http_response> perform(http_method method, std::string_view path, const http_params& query,
                                     std::string body, std::chrono::milliseconds timeout);
  kite_http_options options_;
  std::string authorization_;
  http_client http_;
};

} // namespace g6
