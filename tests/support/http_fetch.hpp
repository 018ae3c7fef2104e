// http_fetch.hpp — one-shot HTTP calls of the end-to-end tests (metric scrapes, admin endpoints of fake
// servers, InfluxQL queries) over the project's http_client, so no test speaks HTTP by hand.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "http/http_client.hpp"

namespace g6::testing {

/// The body of a 200 answer to `method` on `url`, or nullopt when there is no answer or another status.
/// `ca_file`: the PEM trusted for an https url (empty: the system's trust store).
inline std::optional<std::string> fetch_ok(http_method method, const std::string& url,
                                           std::chrono::milliseconds timeout = std::chrono::seconds{5},
                                           const std::string& ca_file = {}) {
  http_request request;
  request.method = method;
  request.url = url;
  request.timeout = timeout;
  request.ca_file = ca_file;
  auto result = http_client{}.perform(request);
  if (!result || result->status != 200)
    return std::nullopt;
  return std::move(result->body);
}

/// The metrics page of a g6 node on 127.0.0.1:port, "" when it does not answer.
inline std::string scrape_metrics(int port) {
  return fetch_ok(http_method::get, "http://127.0.0.1:" + std::to_string(port) + "/metrics").value_or("");
}

/// The value of one sample line of a scrape ("name{labels} value"), or nullopt.
inline std::optional<double> metric_sample(const std::string& scrape, const std::string& series) {
  auto at = scrape.find("\n" + series + " ");
  if (at == std::string::npos)
    return std::nullopt;
  return std::stod(scrape.substr(at + series.size() + 2));
}

} // namespace g6::testing
