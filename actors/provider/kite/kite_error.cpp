#include "actors/provider/kite/kite_error.hpp"

#include <simdjson.h>

#include <fmt/format.h>

namespace g6 {

std::string_view to_string(kite_errc x) {
  switch (x) {
    case kite_errc::auth_required:
      return "auth_required";
    case kite_errc::permission:
      return "permission";
    case kite_errc::rate_limited:
      return "rate_limited";
    case kite_errc::server_error:
      return "server_error";
    case kite_errc::network_error:
      return "network_error";
    case kite_errc::timeout:
      return "timeout";
    case kite_errc::input_error:
      return "input_error";
    case kite_errc::malformed:
      return "malformed";
    case kite_errc::other:
      return "other";
  }
  return "other";
}

bool is_retryable(kite_errc x) {
  return x == kite_errc::server_error || x == kite_errc::network_error || x == kite_errc::timeout
         || x == kite_errc::rate_limited || x == kite_errc::malformed;
}

std::string snippet(std::string_view body, size_t limit) {
  std::string out{body.substr(0, limit)};
  for (auto& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) == 0x7f)
      c = '?';
  if (body.size() > limit)
    out += "...";
  return out;
}

namespace {

kite_errc from_status(long status) {
  if (status == 403)
    return kite_errc::auth_required;
  if (status == 429)
    return kite_errc::rate_limited;
  if (status == 400)
    return kite_errc::input_error;
  if (status >= 500)
    return kite_errc::server_error;
  return kite_errc::other;
}

kite_errc from_error_type(std::string_view type, long status) {
  if (type == "TokenException")
    return kite_errc::auth_required;
  if (type == "PermissionException")
    return kite_errc::permission;
  if (type == "InputException")
    return kite_errc::input_error;
  if (type == "NetworkException" || type == "DataException")
    return kite_errc::server_error;
  return from_status(status);
}

} // namespace

kite_error classify_failure(long http_status, std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded{body};
  simdjson::dom::element doc;
  std::string_view type;
  std::string_view message;
  if (!parser.parse(padded).get(doc) && doc.is_object()) {
    if (doc["error_type"].get(type))
      type = {};
    if (doc["message"].get(message))
      message = {};
  }
  if (!type.empty() || !message.empty()) {
    auto code = type.empty() ? from_status(http_status) : from_error_type(type, http_status);
    return {code, fmt::format("HTTP {} {}: {}", http_status, type.empty() ? "error" : type, snippet(message, 200))};
  }
  return {from_status(http_status), fmt::format("HTTP {} with an unexpected body: {}", http_status, snippet(body))};
}

} // namespace g6
