// kite_http.hpp — a blocking HTTP client for the Kite Connect API on libcurl: one connection kept alive,
// gzip accepted, connect and total timeouts, TLS verification on. Every call carries X-Kite-Version: 3
// and, once a session is set, Authorization: token api_key:access_token. Not thread-safe: one owner.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/provider/kite/kite_error.hpp"

namespace g6 {

struct http_answer {
  long status = 0;
  std::string body;
  double seconds = 0; // wall time of the call
};

struct kite_http_options {
  std::string base_url = "https://api.kite.trade";
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds total_timeout{10000};
};

class kite_http_client {
public:
  explicit kite_http_client(kite_http_options options);
  ~kite_http_client();
  kite_http_client(const kite_http_client&) = delete;
  kite_http_client& operator=(const kite_http_client&) = delete;

  /// Authorises later calls; an empty key or token removes the header.
  void set_session(std::string api_key, std::string access_token);

  /// GET base_url + path with query parameters (URL-encoded here). `timeout` caps this call below the
  /// total timeout (0: the total timeout). Any HTTP status is an answer; no answer is
  /// kite_errc::network_error or kite_errc::timeout.
  kite_result<http_answer> get(std::string_view path,
                               const std::vector<std::pair<std::string, std::string>>& query,
                               std::chrono::milliseconds timeout = std::chrono::milliseconds{0});

  /// POST an application/x-www-form-urlencoded form.
  kite_result<http_answer> post_form(std::string_view path,
                                     const std::vector<std::pair<std::string, std::string>>& form);

  /// DELETE base_url + path with query parameters.
  kite_result<http_answer> del(std::string_view path,
                               const std::vector<std::pair<std::string, std::string>>& query);

  const std::string& base_url() const { return options_.base_url; }

private:
  kite_result<http_answer> perform(const std::string& url, const std::string* form, bool is_delete,
                                   std::chrono::milliseconds timeout);
  std::string encode(const std::vector<std::pair<std::string, std::string>>& params);
  kite_http_options options_;
  std::string authorization_;
  void* curl_ = nullptr; // CURL*, kept for connection reuse
};

} // namespace g6
