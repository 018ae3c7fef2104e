#include "actors/sse/api_error.hpp"

#include "messages/enum_names.hpp"

namespace g6::sse {

namespace {
constexpr enum_names<api_errc, 3> api_errc_names{{
  {api_errc::bad_parameter, "bad_parameter"},
  {api_errc::not_found, "not_found"},
  {api_errc::unavailable, "unavailable"},
}};
} // namespace

std::string_view to_string(api_errc x) {
  return name_of(api_errc_names, x);
}

unsigned status_of(api_errc x) {
  switch (x) {
    case api_errc::bad_parameter:
      return 400;
    case api_errc::not_found:
      return 404;
    case api_errc::unavailable:
      return 503;
  }
  return 500;
}

} // namespace g6::sse
