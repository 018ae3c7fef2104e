#include "http/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include <fmt/format.h>

#include "http/http_url.hpp"

namespace g6 {

namespace {

/// What the callbacks fill while libcurl runs a call.
struct transfer {
  http_response response;
  size_t limit = 0;
  bool too_large = false;
};

size_t take_body(char* data, size_t size, size_t count, void* user) {
  auto& t = *static_cast<transfer*>(user);
  auto bytes = size * count;
  if (t.response.body.size() + bytes > t.limit) {
    // Returning less than was offered makes libcurl stop the transfer.
    t.too_large = true;
    return 0;
  }
  t.response.body.append(data, bytes);
  return bytes;
}

size_t take_header(char* data, size_t size, size_t count, void* user) {
  auto& t = *static_cast<transfer*>(user);
  std::string_view line{data, size * count};
  // A status line starts the headers of a new answer (after a 100 Continue, the final one).
  if (line.substr(0, 5) == "HTTP/") {
    t.response.headers.clear();
    return line.size();
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos)
    return line.size();
  std::string name{line.substr(0, colon)};
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto value = line.substr(colon + 1);
  auto first = value.find_first_not_of(" \t");
  auto last = value.find_last_not_of(" \t\r\n");
  t.response.headers.emplace_back(std::move(name), first == std::string_view::npos
                                                     ? std::string{}
                                                     : std::string{value.substr(first, last - first + 1)});
  return line.size();
}

http_errc classify(CURLcode rc) {
  switch (rc) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return http_errc::bad_url;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
      return http_errc::resolve;
    case CURLE_COULDNT_CONNECT:
      return http_errc::connect;
    case CURLE_OPERATION_TIMEDOUT:
      return http_errc::timeout;
    case CURLE_FILESIZE_EXCEEDED:
      return http_errc::too_large;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
      return http_errc::tls;
    default:
      return http_errc::transfer;
  }
}

/// The message of a failed call: where, and libcurl's detail (which host and port, which certificate
/// check), else its short reason. libcurl's detail names hosts, never credentials.
std::string describe(const http_request& request, CURLcode rc, const char* detail) {
  auto where = printable_url(request.url);
  if (rc == CURLE_OPERATION_TIMEDOUT)
    return fmt::format("{}: no answer within {} ms", where, request.timeout.count());
  return fmt::format("{}: {}", where, detail[0] != '\0' ? detail : curl_easy_strerror(rc));
}

long milliseconds(std::chrono::milliseconds d) {
  // libcurl reads 0 as "no limit": a limit always stays one.
  return static_cast<long>(std::max<int64_t>(1, d.count()));
}

} // namespace

void http_client::curl_cleanup::operator()(void* handle) const {
  curl_easy_cleanup(static_cast<CURL*>(handle));
}

http_client::http_client() {
  static std::once_flag global_init;
  std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  handle_.reset(curl_easy_init());
}

http_client::~http_client() = default;

http_result http_client::perform(const http_request& request) {
  if (!handle_)
    return unexpected{
      http_error{http_errc::internal, fmt::format("{}: libcurl could not be initialised", printable_url(request.url))}};
  if (auto problem = url_problem(request.url))
    return unexpected{http_error{http_errc::bad_url, *problem}};
  auto* c = static_cast<CURL*>(handle_.get());
  // A reset clears the options of the last call but keeps its open connections, DNS and TLS sessions.
  curl_easy_reset(c);
  transfer t;
  t.limit = request.max_response_bytes;
  char detail[CURL_ERROR_SIZE] = {};
  curl_slist* headers = nullptr;
  // libcurl would otherwise send "Expect: 100-continue" with larger bodies and wait up to a second for
  // servers that never answer it.
  headers = curl_slist_append(headers, "Expect:");
  for (auto& [name, value] : request.headers)
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(request.connect_timeout));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, milliseconds(request.timeout));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!request.ca_file.empty())
    curl_easy_setopt(c, CURLOPT_CAINFO, request.ca_file.c_str());
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_response_bytes));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, take_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, take_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, detail);
  switch (request.method) {
    case http_method::get:
      break;
    case http_method::post:
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
      break;
    case http_method::del:
      curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "DELETE");
      break;
  }
  auto rc = curl_easy_perform(c);
  curl_slist_free_all(headers);
  // The buffer lives on this stack frame: libcurl must not write to it after this call.
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
  if (t.too_large || rc == CURLE_FILESIZE_EXCEEDED)
    return unexpected{
      http_error{http_errc::too_large, fmt::format("{}: answer larger than {} bytes", printable_url(request.url),
                                                   request.max_response_bytes)}};
  if (rc != CURLE_OK)
    return unexpected{http_error{classify(rc), describe(request, rc, detail)}};
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &t.response.status);
  return std::move(t.response);
}

} // namespace g6
