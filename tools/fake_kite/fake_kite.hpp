// fake_kite.hpp — the request handling of g6-fake-kite, a loopback imitation of the Kite Connect v3 API
// over the synthetic market: the instrument dump (Kite's CSV, real tradingsymbols and segments), /quote,
// /quote/ohlc, /quote/ltp, the session token exchange, Kite's error bodies and status codes, per-class
// rate limits answered with 429, and injected faults. No sockets here: fake_kite_main.cpp serves it.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "actors/clock/market_clock.hpp"
#include "actors/provider/synthetic_market.hpp"
#include "tools/fake_kite/rate_window.hpp"

namespace g6 {

struct fake_request {
  std::string method; // GET, POST, DELETE
  std::string target; // path and query, URL-encoded
  std::string authorization;
  std::string kite_version;
  std::string body; // form for POST
};

struct fake_response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  int delay_ms = 0; // the server sleeps this long before answering (slow answers)
};

/// A fault applied to the next `count` API calls (-1: until cleared).
struct fake_fault {
  std::string kind; // token (403 TokenException), status (HTTP `code`), slow (`ms`), truncate, garbage,
                    // missing (drop a `share` of instruments), input (400 InputException)
  int count = -1;
  int code = 500;
  int ms = 0;
  double share = 0.5;
};

struct fake_kite_options {
  uint64_t seed = 20261126;
  std::string api_key = "fake_api_key";
  std::string api_secret = "fake_api_secret";
  std::string access_token; // accepted from the start when set
  double quote_rate = 1;    // requests per second of the quote class (quote, ohlc, ltp); > 0, may be fractional
  double other_rate = 10;   // every other endpoint
  int rate_tolerance_ms = 50; // arrivals this much early still count as within the limit (network jitter)
  /// Index -> the tradingsymbol its level is listed under instead of Kite's (NIFTY -> "NIFTY 50"), as when
  /// Kite renames an index: the quote key becomes EXCHANGE:SYMBOL with the index's exchange.
  std::map<std::string, std::string> index_symbols;
};

class fake_kite {
public:
  fake_kite(fake_kite_options options, std::shared_ptr<market_clock> clock);

  /// Answers one request; `now_ms` is the server's monotonic time for the rate limits. Thread-safe.
  fake_response handle(const fake_request& request, int64_t now_ms);

private:
  fake_response route(const fake_request& request, std::string_view path,
                      const std::vector<std::pair<std::string, std::string>>& params, int64_t now_ms);
  fake_response admin(std::string_view path, const std::vector<std::pair<std::string, std::string>>& params);
  fake_response quotes(std::string_view mode, const std::vector<std::pair<std::string, std::string>>& params);
  fake_response instruments();
  fake_response session(const std::vector<std::pair<std::string, std::string>>& form);
  bool authorised(const fake_request& request) const;
  bool within_rate(std::string_view cls, int64_t now_ms);
  void ensure_universe(day_number date);

  fake_kite_options options_;
  std::shared_ptr<market_clock> clock_;
  synthetic_market market_;
  std::mutex mutex_;
  std::set<std::string> valid_tokens_;
  uint64_t tokens_issued_ = 0;
  std::deque<fake_fault> faults_;
  std::map<std::string, rate_window, std::less<>> windows_;
  std::map<std::string, uint64_t, std::less<>> requests_;
  uint64_t rate_violations_ = 0;
  uint64_t faults_applied_ = 0;
  size_t max_instruments_per_call_ = 0;
  // The universe of the current date: quote key -> token, and the CSV dump.
  day_number universe_date_ = 0;
  std::map<std::string, uint64_t, std::less<>> keys_;
  std::string dump_;
};


/// Parses a fault spec "kind[:count[:param]]" (token, status:3:503, slow:2:3000, missing:-1:0.2, ...).
std::optional<fake_fault> parse_fault(std::string_view spec);

} // namespace g6
