// http_client.hpp — the project's one blocking HTTP client, on libcurl: http and https (certificates
// verified), proxies from the environment as libcurl reads them (http_proxy, https_proxy, no_proxy), gzip
// accepted, connect and total time limits, a bound on the answer's size. One client keeps one libcurl
// handle, so consecutive calls to the same server reuse the connection (keep-alive). Not thread-safe:
// one owner (a detached actor, a command, a test).
#pragma once

#include <memory>

#include "http/http_message.hpp"

namespace g6 {

class http_client {
public:
  http_client();
  ~http_client();
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  /// Performs `request`. Any HTTP status is a response; no answer at all is an http_error whose
  /// message names the URL (printable_url) and what failed.
  http_result perform(const http_request& request);

private:
  struct curl_cleanup {
    void operator()(void* handle) const;
  };
  std::unique_ptr<void, curl_cleanup> handle_; // CURL*, kept between calls for its connection cache
};

} // namespace g6
