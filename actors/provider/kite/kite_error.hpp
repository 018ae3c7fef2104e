// kite_error.hpp — why a Kite Connect call failed, as a typed reason the provider acts on: stop calling
// (auth_required), slow down (rate_limited), retry within the cycle (server_error, network_error,
// timeout), drop the offending instruments (input_error), or report malformed data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "messages/expected.hpp"

namespace g6 {

enum class kite_errc : uint8_t {
  auth_required, // 403 / TokenException: the access token is missing, expired or revoked
  permission,    // PermissionException: the app may not make this call
  rate_limited,  // 429: too many requests
  server_error,  // 5xx, NetworkException, DataException: retry with backoff
  network_error, // no answer at all: connection refused, reset, DNS
  timeout,       // the answer did not arrive in time
  input_error,   // 400 / InputException: a bad parameter (an instrument Kite does not know)
  malformed,     // a body that is not the JSON or CSV Kite documents
  other,         // anything else Kite reports (GeneralException, OrderException, ...)
};

/// "auth_required", "rate_limited", ... (metric label values).
std::string_view to_string(kite_errc x);

/// Whether a call failing this way may succeed when repeated later in the same cycle.
bool is_retryable(kite_errc x);

struct kite_error {
  kite_errc code = kite_errc::other;
  std::string message; // what failed and where; never a credential
};

/// A Kite answer or the reason there is none.
template <class T>
using kite_result = expected<T, kite_error>;

/// The reason behind an HTTP answer that is not a success: the body's error_type when Kite sent its
/// error JSON ({"status":"error","message":..,"error_type":..}), else the HTTP status. The message
/// quotes Kite's message, or a short snippet of an unexpected body.
kite_error classify_failure(long http_status, std::string_view body);

/// Up to `limit` characters of a body for an error message, control characters replaced by '?'.
std::string snippet(std::string_view body, size_t limit = 80);

} // namespace g6
