// web_api.hpp — the JSON API of the web app: GET /api/indices, /api/chain and /api/history, their
// parameters checked (a bad one is a 400 naming it, never a crash) and their answers rendered from what
// store_reader reads. Pure code: the server calls it on its API thread.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/sse/store_reader.hpp"

namespace g6::sse {

/// The endpoints and outcomes ("ok", then every api_errc) the metrics count.
std::vector<std::string> api_endpoints();
std::vector<std::string> api_outcomes();

/// The answer of an API request: its status and its JSON body (an error is {"error", "reason"}), and for
/// the metrics the endpoint ("indices", "chain", "history"; empty for none) and the outcome.
struct api_answer {
  unsigned status = 200;
  std::string body;
  std::string_view endpoint;
  std::string_view outcome = "ok";
};

/// Answers `path` ("/api/indices", "/api/chain", "/api/history") with `query` (the part after '?').
api_answer answer_api(store_reader& reader, std::string_view path, std::string_view query);

/// The body of an API error.
std::string api_error_body(const api_error& e);

} // namespace g6::sse
