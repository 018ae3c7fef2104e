#include "http/http_message.hpp"

namespace g6 {

std::optional<std::string_view> http_response::header(std::string_view name) const {
  for (auto& [key, value] : headers)
    if (key == name)
      return std::string_view{value};
  return std::nullopt;
}

std::string_view to_string(http_errc x) {
  switch (x) {
    case http_errc::bad_url:
      return "bad_url";
    case http_errc::resolve:
      return "resolve";
    case http_errc::connect:
      return "connect";
    case http_errc::tls:
      return "tls";
    case http_errc::timeout:
      return "timeout";
    case http_errc::too_large:
      return "too_large";
    case http_errc::transfer:
      return "transfer";
    case http_errc::internal:
      return "internal";
  }
  return "internal";
}

} // namespace g6
