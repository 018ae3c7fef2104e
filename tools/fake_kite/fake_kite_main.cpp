// fake_kite_main.cpp — g6-fake-kite: serves fake_kite over HTTP/1.1 on loopback (Boost.Beast, one thread
// per connection, keep-alive, gzip when asked), and the WebSocket ticker on the same port (a request to
// upgrade goes to ticker_socket.cpp). Prints "listening on PORT" once bound, so tests can bind port 0 and
// read the port. Faults: --fault SPEC at start, or POST /admin/fault?spec=SPEC mid-run.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <zlib.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <iostream>
#include <memory>
#include <thread>
#include <utility>

#include "supervision/steady_time.hpp"
#include "tools/fake_kite/fake_kite.hpp"
#include "tools/fake_kite/ticker_socket.hpp"

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

std::string gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// One connection on its own io_context (run only for the ticker).
void serve(boost::asio::io_context& io, tcp::socket socket, g6::fake_kite& kite) {
  beast::error_code ec;
  beast::flat_buffer buffer;
  while (true) {
    // 500 instruments make a URL of ~15 kB: above Beast's 8 kB default header limit, within Kite's.
    http::request_parser<http::string_body> parser;
    parser.header_limit(1 << 20);
    http::read(socket, buffer, parser, ec);
    if (ec)
      break;
    auto req = parser.release();
    if (beast::websocket::is_upgrade(req))
      return g6::serve_ticker(io, std::move(socket), req, kite);
    g6::fake_request r;
    r.method = std::string{req.method_string()};
    r.target = std::string{req.target()};
    r.authorization = std::string{req[http::field::authorization]};
    r.kite_version = std::string{req["X-Kite-Version"]};
    r.body = req.body();
    auto answer = kite.handle(r, g6::steady_ms());
    if (answer.delay_ms > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds{answer.delay_ms});
    http::response<http::string_body> res{static_cast<http::status>(answer.status), req.version()};
    res.set(http::field::server, "g6-fake-kite");
    res.set(http::field::content_type, answer.content_type);
    if (req[http::field::accept_encoding].find("gzip") != beast::string_view::npos && answer.body.size() > 256) {
      res.set(http::field::content_encoding, "gzip");
      res.body() = gzip(answer.body);
    } else {
      res.body() = std::move(answer.body);
    }
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    http::write(socket, res, ec);
    if (ec || !res.keep_alive())
      break;
  }
  socket.shutdown(tcp::socket::shutdown_send, ec);
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"g6-fake-kite: a loopback Kite Connect v3 server over the synthetic market"};
  int port = 0;
  std::string clock_spec = "real";
  g6::fake_kite_options options;
  std::vector<std::string> faults;
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0: any free port)")->capture_default_str();
  app.add_option("--seed", options.seed, "Seed of the synthetic market")->capture_default_str();
  app.add_option("--clock", clock_spec, "real or sim:<ISO start>@<speed>x, as g6 run")->capture_default_str();
  app.add_option("--api-key", options.api_key, "The API key it accepts")->capture_default_str();
  app.add_option("--api-secret", options.api_secret, "The API secret checksums are made with");
  app.add_option("--access-token", options.access_token, "An access token valid from the start");
  std::vector<std::string> more_apps;
  app.add_option("--app", more_apps,
                 "KEY:SECRET[:TOKEN]: another app it serves beside --api-key (its own tokens and "
                 "3 ticker connections)");
  app.add_option("--quote-rate", options.quote_rate, "Quote-class requests per second (fractional: 0.5 = one per 2 s)")
    ->capture_default_str();
  app.add_option("--other-rate", options.other_rate, "Other requests per second")->capture_default_str();
  app.add_option("--fault", faults,
                 "Fault spec kind[:count[:param]]: token, status:N:503, slow:N:ms, truncate, "
                 "garbage, missing:N:share, input; ticker_silent:SECONDS, ticker_close, "
                 "ticker_403:N, ticker_garbage:N");
  std::vector<std::string> renamed;
  app.add_option("--index-symbol", renamed,
                 "INDEX=SYMBOL: list an index level under SYMBOL instead of Kite's "
                 "(its quote key becomes EXCHANGE:SYMBOL)");
  CLI11_PARSE(app, argc, argv);
  for (auto [name, rate] :
       {std::pair{"--quote-rate", options.quote_rate}, std::pair{"--other-rate", options.other_rate}}) {
    if (auto problem = g6::rate_problem(rate)) {
      std::cerr << "g6-fake-kite: " << name << ": " << *problem << '\n';
      return 2;
    }
  }
  for (auto& pair : renamed) {
    auto eq = pair.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size()) {
      std::cerr << "g6-fake-kite: --index-symbol '" << pair << "' is not INDEX=SYMBOL\n";
      return 1;
    }
    options.index_symbols[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  for (auto& spec : more_apps) {
    auto first = spec.find(':');
    auto second = first == std::string::npos ? std::string::npos : spec.find(':', first + 1);
    if (first == std::string::npos || first == 0 || first + 1 == spec.size() || second == first + 1) {
      std::cerr << "g6-fake-kite: --app '" << spec << "' is not KEY:SECRET[:TOKEN]\n";
      return 1;
    }
    options.more_apps.push_back({spec.substr(0, first), spec.substr(first + 1, second - first - 1),
                                 second == std::string::npos ? std::string{} : spec.substr(second + 1)});
  }
  std::string error;
  auto clock = g6::make_clock(clock_spec, error);
  if (!clock) {
    std::cerr << "g6-fake-kite: --clock: " << error << '\n';
    return 1;
  }
  g6::fake_kite kite{options, clock};
  for (auto& spec : faults) {
    g6::fake_request r{"POST", "/admin/fault?spec=" + spec, "", "", ""};
    if (kite.handle(r, g6::steady_ms()).status != 200) {
      std::cerr << "g6-fake-kite: bad --fault '" << spec << "'\n";
      return 1;
    }
  }
  try {
    boost::asio::io_context io;
    tcp::acceptor acceptor{io, {boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)}};
    std::cout << "listening on " << acceptor.local_endpoint().port() << std::endl;
    while (true) {
      auto context = std::make_unique<boost::asio::io_context>();
      tcp::socket socket{*context};
      acceptor.accept(socket);
      std::thread{[c = std::move(context), s = std::move(socket), &kite]() mutable {
        serve(*c, std::move(s), kite);
      }}.detach();
    }
  } catch (const std::exception& e) {
    std::cerr << "g6-fake-kite: " << e.what() << '\n';
    return 1;
  }
}
