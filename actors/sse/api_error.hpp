// api_error.hpp — why a web API request has no answer: a typed reason that picks the HTTP status
// (bad_parameter 400, not_found 404, unavailable 503) and a message naming the parameter or the data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "messages/expected.hpp"

namespace g6::sse {

enum class api_errc : uint8_t {
  bad_parameter, // 400: a parameter is missing, unknown or malformed
  not_found,     // 404: well-formed, but nothing is stored for it
  unavailable,   // 503: no database on this node, or it cannot be read now
};

/// "bad_parameter", "not_found", "unavailable".
std::string_view to_string(api_errc x);
/// 400, 404, 503.
unsigned status_of(api_errc x);

struct api_error {
  api_errc code = api_errc::bad_parameter;
  std::string message;
};

template <class T>
using api_result = expected<T, api_error>;

} // namespace g6::sse
