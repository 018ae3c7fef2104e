#include "actors/provider/kite/kite_http.hpp"

#include <curl/curl.h>

#include <mutex>

#include <fmt/format.h>

namespace g6 {

namespace {

size_t append_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

CURL* handle(void* p) {
  return static_cast<CURL*>(p);
}

} // namespace

kite_http_client::kite_http_client(kite_http_options options) : options_(std::move(options)) {
  static std::once_flag global_init;
  std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  while (!options_.base_url.empty() && options_.base_url.back() == '/')
    options_.base_url.pop_back();
  curl_ = curl_easy_init();
}

kite_http_client::~kite_http_client() {
  if (curl_)
    curl_easy_cleanup(handle(curl_));
}

void kite_http_client::set_session(std::string api_key, std::string access_token) {
  authorization_ = api_key.empty() || access_token.empty()
                     ? std::string{}
                     : "Authorization: token " + api_key + ":" + access_token;
}

std::string kite_http_client::encode(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (auto& [key, value] : params) {
    char* k = curl_easy_escape(handle(curl_), key.data(), static_cast<int>(key.size()));
    char* v = curl_easy_escape(handle(curl_), value.data(), static_cast<int>(value.size()));
    if (!out.empty())
      out += '&';
    out.append(k ? k : "").append("=").append(v ? v : "");
    curl_free(k);
    curl_free(v);
  }
  return out;
}

kite_result<http_answer> kite_http_client::get(std::string_view path,
                                               const std::vector<std::pair<std::string, std::string>>& query,
                                               std::chrono::milliseconds timeout) {
  auto url = options_.base_url + std::string{path};
  if (!query.empty())
    url += "?" + encode(query);
  return perform(url, nullptr, false, timeout);
}

kite_result<http_answer> kite_http_client::post_form(std::string_view path,
                                                     const std::vector<std::pair<std::string, std::string>>& form) {
  auto body = encode(form);
  return perform(options_.base_url + std::string{path}, &body, false, std::chrono::milliseconds{0});
}

kite_result<http_answer> kite_http_client::del(std::string_view path,
                                               const std::vector<std::pair<std::string, std::string>>& query) {
  auto url = options_.base_url + std::string{path};
  if (!query.empty())
    url += "?" + encode(query);
  return perform(url, nullptr, true, std::chrono::milliseconds{0});
}

kite_result<http_answer> kite_http_client::perform(const std::string& url, const std::string* form,
                                                   bool is_delete, std::chrono::milliseconds timeout) {
  if (!curl_)
    return kite_error{kite_errc::network_error, "libcurl could not be initialised"};
  auto* c = handle(curl_);
  curl_easy_reset(c);
  http_answer answer;
  curl_slist* headers = curl_slist_append(nullptr, "X-Kite-Version: 3");
  if (!authorization_.empty())
    headers = curl_slist_append(headers, authorization_.c_str());
  auto total = timeout.count() > 0 && timeout < options_.total_timeout ? timeout : options_.total_timeout;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<int64_t>(1, total.count())));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer.body);
  if (form) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form->c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(form->size()));
  } else if (is_delete) {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "DELETE");
  }
  auto rc = curl_easy_perform(c);
  curl_slist_free_all(headers);
  double seconds = 0;
  curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &seconds);
  answer.seconds = seconds;
  // The URL may carry query parameters but never a credential: those travel in headers and forms.
  auto where = url.substr(0, url.find('?'));
  if (rc == CURLE_OPERATION_TIMEDOUT)
    return kite_error{kite_errc::timeout, fmt::format("{}: no answer within {} ms", where, total.count())};
  if (rc != CURLE_OK)
    return kite_error{kite_errc::network_error, fmt::format("{}: {}", where, curl_easy_strerror(rc))};
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

} // namespace g6
