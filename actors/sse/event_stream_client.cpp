#include "actors/sse/event_stream_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace g6::sse {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

expected<stream_url, std::string> parse_stream_url(std::string_view url) {
  constexpr std::string_view scheme = "http://";
  if (url.substr(0, scheme.size()) != scheme)
    return unexpected{"'" + std::string{url} + "' is not an http:// URL"};
  auto rest = url.substr(scheme.size());
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  stream_url out;
  out.target = slash == std::string_view::npos ? "/" : std::string{rest.substr(slash)};
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos)
      return unexpected{"'" + std::string{url} + "' has an unclosed IPv6 address"};
    out.host = std::string{authority.substr(1, close - 1)};
    auto after = authority.substr(close + 1);
    out.port = after.size() > 1 && after.front() == ':' ? std::string{after.substr(1)} : "80";
  } else {
    auto colon = authority.rfind(':');
    out.host = std::string{authority.substr(0, colon)};
    out.port = colon == std::string_view::npos ? "80" : std::string{authority.substr(colon + 1)};
  }
  if (out.host.empty() || out.port.empty() || !std::all_of(out.port.begin(), out.port.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      }))
    return unexpected{"'" + std::string{url} + "' has no host or a bad port"};
  return out;
}

struct event_stream_client::impl {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer; // bytes read but not parsed yet
  http::response_parser<http::buffer_body> parser;

  /// Runs one asynchronous operation to its end; `start` gets the handler to pass it.
  template <class Start>
  beast::error_code run(Start start) {
    beast::error_code result;
    start([&](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }
};

event_stream_client::event_stream_client(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

event_stream_client::~event_stream_client() = default;

namespace {

bool is_http_error(const beast::error_code& ec) {
  return ec.category() == make_error_code(http::error::bad_version).category();
}

} // namespace

expected<std::unique_ptr<event_stream_client>, std::string>
event_stream_client::open(const stream_url& url, const header_list& headers, std::chrono::milliseconds deadline,
                          stream_limits limits) {
  auto i = std::make_unique<impl>();
  beast::error_code ec;
  tcp::resolver resolver{i->ioc};
  auto endpoints = resolver.resolve(url.host, url.port, ec);
  if (ec)
    return unexpected{"cannot resolve " + url.host + ": " + ec.message()};
  // One deadline for the whole opening: connect, send and the answer's head. Past it the stream closes.
  i->stream.expires_after(deadline);
  ec = i->run([&](auto handler) { i->stream.async_connect(endpoints, handler); });
  if (ec)
    return unexpected{"cannot connect to " + url.host + ":" + url.port + ": "
                      + (ec == beast::error::timeout ? std::string{"timed out"} : ec.message())};
  http::request<http::empty_body> request{http::verb::get, url.target, 11};
  request.set(http::field::host,
              url.host.find(':') == std::string::npos ? url.host + ":" + url.port : "[" + url.host + "]:" + url.port);
  for (auto& [name, value] : headers)
    request.insert(name, value);
  ec = i->run([&](auto handler) { http::async_write(i->stream, request, handler); });
  if (ec)
    return unexpected{"cannot send the request: " + ec.message()};
  auto& parser = i->parser;
  parser.header_limit(static_cast<uint32_t>(limits.max_header_bytes));
  parser.body_limit(limits.max_plain_body_bytes);
  ec = i->run([&](auto handler) { http::async_read_header(i->stream, i->buffer, parser, handler); });
  if (ec == beast::error::timeout)
    return unexpected{"no answer within " + std::to_string(deadline.count()) + " ms"};
  if (ec == http::error::header_limit)
    return unexpected{"the answer's head is larger than " + std::to_string(limits.max_header_bytes) + " bytes"};
  if (ec == http::error::body_limit)
    return unexpected{"the answer's body is larger than " + std::to_string(limits.max_plain_body_bytes) + " bytes"};
  if (ec && is_http_error(ec) && ec != http::error::end_of_stream && ec != http::error::partial_message)
    return unexpected{"not an HTTP answer: " + ec.message()};
  if (ec)
    return unexpected{"connection ended before the answer's headers: " + ec.message()};
  i->stream.expires_never();
  auto& head = parser.get();
  // An event stream has no end; anything else is a refusal or an error page, and bounded.
  if (head[http::field::content_type].starts_with("text/event-stream"))
    parser.body_limit(boost::none);
  std::unique_ptr<event_stream_client> out{new event_stream_client(std::move(i))};
  out->status_ = head.result_int();
  for (auto& field : head) {
    std::string name{field.name_string()};
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    out->headers_[name] = std::string{field.value()};
  }
  return out;
}

std::optional<std::string> event_stream_client::read(std::chrono::milliseconds wait) {
  auto& i = *impl_;
  if (i.parser.is_done() || !i.stream.socket().is_open())
    return std::nullopt;
  std::array<char, 65536> chunk{};
  auto& body = i.parser.get().body();
  body.data = chunk.data();
  body.size = chunk.size();
  bool done = false;
  beast::error_code ec;
  http::async_read_some(i.stream, i.buffer, i.parser, [&](beast::error_code e, size_t) {
    ec = e;
    done = true;
    i.ioc.stop(); // back to the caller at once, not when the wait is over (other work may be pending)
  });
  // A wait, not a deadline: when nothing arrives the read is cancelled and the stream stays open (the
  // stream's own timer would close it).
  i.ioc.restart();
  i.ioc.run_for(wait);
  if (!done) {
    beast::error_code ignored;
    i.stream.socket().cancel(ignored);
    i.ioc.restart();
    i.ioc.run();
  }
  auto got = chunk.size() - body.size;
  body.data = nullptr;
  if (got > 0)
    return std::string{chunk.data(), got};
  if (!ec || ec == net::error::operation_aborted || ec == http::error::need_buffer)
    return i.parser.is_done() ? std::nullopt : std::optional<std::string>{std::string{}};
  i.stream.close();
  return std::nullopt;
}

} // namespace g6::sse
