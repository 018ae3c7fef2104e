// The project's HTTP client against a loopback server: one connection for consecutive calls, methods,
// headers and bodies, a server that never answers, answers beyond the size bound, refused connections,
// malformed URLs, https with certificate verification; and the URL helpers its callers use.
#define BOOST_TEST_MODULE http_client
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>

#include "http/http_client.hpp"
#include "http/http_url.hpp"
#include "tests/support/loopback_http_server.hpp"
#include "tests/support/refusing_port.hpp"
#include "tests/support/temp_dir.hpp"

using namespace g6;
using namespace std::chrono_literals;
using g6::testing::loopback_http_server;

namespace {

http_request get(std::string url) {
  http_request r;
  r.url = std::move(url);
  r.timeout = 5s;
  return r;
}

http_response response_of(http_result result) {
  if (!result)
    BOOST_FAIL("no response: " << result.error().message);
  return *std::move(result);
}

http_error error_of(http_result result) {
  if (result)
    BOOST_FAIL("a response with status " << result->status << " where an error was expected");
  return std::move(result).error();
}

} // namespace

BOOST_AUTO_TEST_CASE(consecutive_calls_reuse_one_connection) {
  loopback_http_server server;
  http_client client;
  for (int i = 0; i < 2; ++i) {
    auto r = response_of(client.perform(get(server.url("/hello"))));
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body == "hello");
    BOOST_TEST(r.header("content-length").value_or("") == "5");
  }
  BOOST_TEST(server.connections() == 1);
}

BOOST_AUTO_TEST_CASE(methods_headers_and_bodies_reach_the_server) {
  loopback_http_server server;
  http_client client;
  auto post = get(server.url("/echo"));
  post.method = http_method::post;
  post.headers = {{"Content-Type", "text/plain"}, {"X-Test", "t1"}};
  post.body = std::string(3000, 'b'); // above the size at which libcurl would otherwise wait for 100-continue
  auto started = std::chrono::steady_clock::now();
  BOOST_TEST(response_of(client.perform(post)).body == "POST text/plain t1 " + post.body);
  BOOST_TEST((std::chrono::steady_clock::now() - started < 900ms));
  auto del = get(server.url("/echo"));
  del.method = http_method::del;
  BOOST_TEST(response_of(client.perform(del)).body == "DELETE   ");
  auto missing = response_of(client.perform(get(server.url("/nothing-here"))));
  BOOST_TEST(missing.status == 404);
}

BOOST_AUTO_TEST_CASE(a_server_that_never_answers_is_a_timeout_naming_the_url) {
  loopback_http_server server;
  http_client client;
  auto request = get(server.url("/hang?token=abc"));
  request.timeout = 300ms;
  auto started = std::chrono::steady_clock::now();
  auto err = error_of(client.perform(request));
  BOOST_TEST((std::chrono::steady_clock::now() - started < 3s));
  BOOST_TEST(to_string(err.code) == "timeout", err.message);
  BOOST_TEST(err.message == server.url("/hang") + ": no answer within 300 ms");
  // The same client goes on after a failed call.
  BOOST_TEST(response_of(client.perform(get(server.url("/hello")))).body == "hello");
}

BOOST_AUTO_TEST_CASE(an_answer_beyond_the_bound_is_refused_with_or_without_a_length) {
  loopback_http_server server;
  http_client client;
  for (auto* target : {"/big", "/stream"}) {
    auto request = get(server.url(target));
    request.max_response_bytes = size_t{1} << 20;
    auto err = error_of(client.perform(request));
    BOOST_TEST(to_string(err.code) == "too_large", err.message);
    BOOST_TEST(err.message == server.url(target) + ": answer larger than 1048576 bytes");
  }
  auto within = get(server.url("/stream"));
  within.max_response_bytes = loopback_http_server::big_bytes;
  BOOST_TEST(response_of(client.perform(within)).body.size() == loopback_http_server::big_bytes);
}

BOOST_AUTO_TEST_CASE(a_refused_connection_names_the_url_without_its_secrets) {
  g6::testing::refusing_port port;
  auto where = port.url() + "/write";
  http_client client;
  auto err = error_of(
    client.perform(get("http://user:secret@127.0.0.1:" + std::to_string(port.port()) + "/write?db=g6&token=abc")));
  BOOST_TEST(to_string(err.code) == "connect", err.message);
  BOOST_TEST(err.message.rfind(where + ": ", 0) == 0u, err.message);
  BOOST_TEST(err.message.find("secret") == std::string::npos, err.message);
  BOOST_TEST(err.message.find("abc") == std::string::npos, err.message);
}

BOOST_AUTO_TEST_CASE(malformed_urls_are_errors_not_crashes) {
  http_client client;
  for (auto* url : {"", "not a url", "ftp://127.0.0.1/file", "http://", "http://[::1/x", "file:///etc/passwd"}) {
    auto err = error_of(client.perform(get(url)));
    BOOST_TEST(to_string(err.code) == "bad_url", err.message);
    BOOST_TEST(!err.message.empty());
  }
  BOOST_TEST(!url_problem("https://influx.example:8086"));
  BOOST_TEST(url_problem("ftp://influx:8086").value_or("") == "'ftp://influx:8086' is not an http:// or https:// URL");
}

BOOST_AUTO_TEST_CASE(https_verifies_the_certificate_and_keeps_the_connection) {
  auto identity = g6::testing::make_self_signed_identity();
  loopback_http_server server{identity};
  http_client client;
  // Not signed by anyone the system trusts: refused.
  auto err = error_of(client.perform(get(server.url("/hello"))));
  BOOST_TEST(to_string(err.code) == "tls", err.message);
  BOOST_TEST(err.message.rfind(server.url("/hello") + ": ", 0) == 0u, err.message);
  // Trusted when named as the CA file.
  g6::testing::temp_dir dir;
  auto ca = dir.path() / "ca.pem";
  std::ofstream{ca} << identity.certificate_pem;
  auto connections_before = server.connections();
  for (int i = 0; i < 2; ++i) {
    auto request = get(server.url("/hello"));
    request.ca_file = ca.string();
    BOOST_TEST(response_of(client.perform(request)).body == "hello");
  }
  BOOST_TEST(server.connections() - connections_before == 1);
}

BOOST_AUTO_TEST_CASE(url_helpers_encode_and_hide_credentials) {
  BOOST_TEST(url_encode("a b&c=d/é~") == "a%20b%26c%3Dd%2F%C3%A9~");
  BOOST_TEST(encode_params({{"i", "NSE:NIFTY 50"}, {"i", "NFO:X"}}) == "i=NSE%3ANIFTY%2050&i=NFO%3AX");
  BOOST_TEST(printable_url("https://u:p@host:8086/write?db=g6#x") == "https://host:8086/write");
  BOOST_TEST(printable_url("http://host/a@b?c") == "http://host/a@b");
  BOOST_TEST(printable_url("no scheme?q") == "no scheme");
}

BOOST_AUTO_TEST_CASE(params_decode_back_to_what_was_encoded_and_a_bad_escape_is_named) {
  http_params params{{"i", "NSE:NIFTY 50"}, {"k", "a&b=c/é"}, {"empty", ""}};
  auto decoded = decode_params(encode_params(params));
  BOOST_TEST_REQUIRE(decoded.has_value());
  BOOST_TEST((*decoded == params));
  auto loose = decode_params("a=1+2&&flag&b=%7e");
  BOOST_TEST_REQUIRE(loose.has_value());
  BOOST_TEST((*loose == http_params{{"a", "1 2"}, {"flag", ""}, {"b", "~"}}));
  BOOST_TEST(decode_params("a=1&b=%zz").error() == "malformed percent escape at offset 6");
  BOOST_TEST(decode_params("a=%4").error() == "malformed percent escape at offset 2");
  BOOST_TEST(decode_params("%").error() == "malformed percent escape at offset 0");
  BOOST_TEST(decode_params("")->empty());
}
