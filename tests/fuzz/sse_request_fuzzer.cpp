// sse_request_fuzzer.cpp — libFuzzer target: any bytes as a request to the live stream, through what the
// server does before it answers: Beast's request parser with the server's limits (8 KiB of header, no
// body), the access policy (address, rate, User-Agent, origin, token) on the parsed headers, and resuming
// the stream from the Last-Event-ID header. Never a crash, hang or out-of-bounds read.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "actors/sse/access_policy.hpp"
#include "actors/sse/panel_stream.hpp"

namespace http = boost::beast::http;
using namespace g6::sse;

namespace {

access_policy make_policy() {
  access_settings s;
  s.token = "s3cret";
  s.allow_ips = {"127.0.0.0/8", "::1/128", "10.1.0.0/16"};
  s.allow_user_agents = {"Mozilla/", "g6"};
  s.cors_origins = {"https://ok.example"};
  return *access_policy::make(s);
}

/// A stream with a short ring, so Last-Event-ID values land before, inside and after it.
panel_stream make_stream() {
  panel_stream stream{stream_options{true, 4, 1 << 16, 1}};
  for (int i = 0; i < 8; ++i)
    stream.publish({{"summary", nlohmann::json{{"cycle", i}}.dump()}, {"indices", nlohmann::json{{"n", i % 3}}.dump()}},
                   1'000 * i, i);
  return stream;
}

std::string_view header(const http::request<http::empty_body>& req, std::string_view name) {
  auto it = req.find(boost::beast::string_view{name.data(), name.size()});
  return it == req.end() ? std::string_view{} : std::string_view{it->value().data(), it->value().size()};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto policy = make_policy();
  static const auto stream = make_stream();
  http::request_parser<http::empty_body> parser;
  parser.header_limit(8192);
  parser.body_limit(0);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_header_done())
    return 0;
  auto& req = parser.get();
  request_facts facts;
  facts.peer = boost::asio::ip::make_address_v4("127.0.0.1");
  facts.user_agent = header(req, "User-Agent");
  facts.origin = header(req, "Origin");
  facts.authorization = header(req, "Authorization");
  facts.api_key = header(req, "X-API-Key");
  (void)policy.check(facts, 0);
  (void)policy.cors_origin(facts.origin);
  (void)parse_cidr(std::string_view{req.target().data(), req.target().size()});
  if (req.find("Last-Event-ID") != req.end())
    (void)stream.resume(header(req, "Last-Event-ID"));
  return 0;
}
