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

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/// `text` (found at `offset` of a query) percent-decoded; error: where an escape is malformed.
expected<std::string, std::string> decoded(std::string_view text, size_t offset) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%') {
      int hi = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
      int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (hi < 0 || lo < 0)
        return unexpected{fmt::format("malformed percent escape at offset {}", offset + i)};
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

} // namespace

std::string url_encode(std::string_view text) {
  // libcurl accepts no handle here since 7.82; it encodes all but the RFC 3986 unreserved characters.
  std::unique_ptr<char, text_cleanup> encoded{curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size()))};
  return encoded ? std::string{encoded.get()} : std::string{};
}

expected<http_params, std::string> decode_params(std::string_view text) {
  http_params out;
  size_t offset = 0;
  while (offset < text.size()) {
    auto amp = text.find('&', offset);
    auto end = amp == std::string_view::npos ? text.size() : amp;
    auto pair = text.substr(offset, end - offset);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      auto key = decoded(pair.substr(0, eq), offset);
      if (!key)
        return unexpected{key.error()};
      auto value = eq == std::string_view::npos ? expected<std::string, std::string>{std::string{}}
                                                : decoded(pair.substr(eq + 1), offset + eq + 1);
      if (!value)
        return unexpected{value.error()};
      out.emplace_back(std::move(*key), std::move(*value));
    }
    offset = end + 1;
  }
  return out;
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
