// http_url.hpp — the URL helpers callers of http_client and the servers need: percent-encoding and
// decoding of query and form values,
// a check that a configured URL is one http_client can call, and the form of a URL safe to print (no
// query, no user or password), which every error message uses.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "messages/expected.hpp"

namespace g6 {

using http_params = std::vector<std::pair<std::string, std::string>>;

/// RFC 3986 percent-encoding: everything but ALPHA, DIGIT and -._~ becomes %XX.
std::string url_encode(std::string_view text);

/// "k1=v1&k2=v2" with keys and values percent-encoded (a query string or a form body).
std::string encode_params(const http_params& params);

/// The parameters of "k1=v1&k2=v2" (a query string or a form body), decoded ('+' is a space), in order.
/// Error: where the first malformed percent escape is.
expected<http_params, std::string> decode_params(std::string_view text);

/// Why `url` is not an absolute http:// or https:// URL with a host, or nullopt when it is one.
std::optional<std::string> url_problem(std::string_view url);

/// `url` without its query, fragment, user and password: "https://host:8086/write".
std::string printable_url(std::string_view url);

} // namespace g6
