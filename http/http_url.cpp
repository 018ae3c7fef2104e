#include "http/http_url.hpp"

#include <curl/curl.h>

#include <memory>

#include <fmt/format.h>

namespace g6 {

namespace {

struct url_cleanup {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

struct text_cleanup {
  void operator()(char* p) const { curl_free(p); }
};

} // namespace

std::string url_encode(std::string_view text) {
  // libcurl accepts no handle here since 7.82; it encodes all but the RFC 3986 unreserved characters.
  std::unique_ptr<char, text_cleanup> encoded{curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size()))};
  return encoded ? std::string{encoded.get()} : std::string{};
}

std::string encode_params(const http_params& params) {
  std::string out;
  for (auto& [key, value] : params) {
    if (!out.empty())
      out += '&';
    out += url_encode(key);
    out += '=';
    out += url_encode(value);
  }
  return out;
}

std::optional<std::string> url_problem(std::string_view url) {
  std::unique_ptr<CURLU, url_cleanup> parsed{curl_url()};
  if (!parsed)
    return "libcurl could not be initialised";
  std::string text{url};
  if (auto rc = curl_url_set(parsed.get(), CURLUPART_URL, text.c_str(), 0); rc != CURLUE_OK)
    return fmt::format("'{}' is not a URL ({})", printable_url(url), curl_url_strerror(rc));
  char* part = nullptr;
  std::string scheme;
  if (curl_url_get(parsed.get(), CURLUPART_SCHEME, &part, 0) == CURLUE_OK) {
    scheme = part;
    curl_free(part);
  }
  if (scheme != "http" && scheme != "https")
    return fmt::format("'{}' is not an http:// or https:// URL", printable_url(url));
  return std::nullopt;
}

std::string printable_url(std::string_view url) {
  auto scheme_end = url.find("://");
  auto authority = scheme_end == std::string_view::npos ? size_t{0} : scheme_end + 3;
  auto rest = url.substr(authority);
  auto cut = rest.find_first_of("?#");
  rest = rest.substr(0, cut);
  // user:password@host — the credentials end at the last '@' before the path.
  auto path = rest.find('/');
  auto at = rest.substr(0, path).rfind('@');
  if (at != std::string_view::npos)
    rest.remove_prefix(at + 1);
  return std::string{url.substr(0, authority)} + std::string{rest};
}

} // namespace g6
