#include "tools/fake_kite/fake_kite.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "actors/provider/kite/kite_credentials.hpp"
#include "actors/provider/kite/kite_instruments.hpp"
#include "actors/provider/kite/ticker/ticker_encoder.hpp"
#include "config/calendar.hpp"
#include "config/ist_time.hpp"
#include "http/http_url.hpp"

namespace g6 {

namespace {

/// An underlying of the synthetic market as Kite lists its level: an index (segment INDICES) or a stock's
/// NSE equity (segment NSE).
struct index_row {
  std::string_view index;
  std::string_view exchange; // of the level itself
  std::string_view symbol;   // Kite's tradingsymbol of the level
  uint64_t token;            // Kite's instrument token of the level
  std::string_view segment;  // INDICES, or NSE for a stock
  bool is_index() const { return segment == "INDICES"; }
};

constexpr std::array<index_row, 29> index_rows{{
  {"NIFTY", "NSE", "NIFTY 50", 256265, "INDICES"},
  {"BANKNIFTY", "NSE", "NIFTY BANK", 260105, "INDICES"},
  {"FINNIFTY", "NSE", "NIFTY FIN SERVICE", 257801, "INDICES"},
  {"MIDCPNIFTY", "NSE", "NIFTY MID SELECT", 288009, "INDICES"},
  {"SENSEX", "BSE", "SENSEX", 265, "INDICES"},
  {"RELIANCE", "NSE", "RELIANCE", 738561, "NSE"},
  {"HDFCBANK", "NSE", "HDFCBANK", 341249, "NSE"},
  {"INFY", "NSE", "INFY", 408065, "NSE"},
  {"TCS", "NSE", "TCS", 2953217, "NSE"},
  {"SBIN", "NSE", "SBIN", 779521, "NSE"},
  {"ICICIBANK", "NSE", "ICICIBANK", 1270529, "NSE"},
  {"AXISBANK", "NSE", "AXISBANK", 1510401, "NSE"},
  {"ITC", "NSE", "ITC", 424961, "NSE"},
  {"LT", "NSE", "LT", 2939649, "NSE"},
  {"BHARTIARTL", "NSE", "BHARTIARTL", 2714625, "NSE"},
  {"KOTAKBANK", "NSE", "KOTAKBANK", 492033, "NSE"},
  {"HINDUNILVR", "NSE", "HINDUNILVR", 356865, "NSE"},
  {"BAJFINANCE", "NSE", "BAJFINANCE", 81153, "NSE"},
  {"MARUTI", "NSE", "MARUTI", 2815745, "NSE"},
  {"SUNPHARMA", "NSE", "SUNPHARMA", 857857, "NSE"},
  {"HCLTECH", "NSE", "HCLTECH", 1850625, "NSE"},
  {"NTPC", "NSE", "NTPC", 2977281, "NSE"},
  {"TITAN", "NSE", "TITAN", 897537, "NSE"},
  {"ULTRACEMCO", "NSE", "ULTRACEMCO", 2952193, "NSE"},
  {"ASIANPAINT", "NSE", "ASIANPAINT", 60417, "NSE"},
  {"ADANIENT", "NSE", "ADANIENT", 6401, "NSE"},
  {"BAJAJFINSV", "NSE", "BAJAJFINSV", 4268801, "NSE"},
  {"DRREDDY", "NSE", "DRREDDY", 225537, "NSE"},
  {"CIPLA", "NSE", "CIPLA", 177665, "NSE"},
}};

std::string error_body(std::string_view type, std::string_view message) {
  return fmt::format(R"({{"status":"error","message":"{}","error_type":"{}","data":null}})", message, type);
}

fake_response error(int status, std::string_view type, std::string_view message) {
  return {status, "application/json", error_body(type, message), 0};
}

std::string kite_time(epoch_ms t) {
  auto date = format_date(ist_date(t));
  auto tod = ist_time_of_day(t) / 1000;
  return fmt::format("{} {:02}:{:02}:{:02}", date, tod / 3600, tod / 60 % 60, tod % 60);
}

std::string param(const std::vector<std::pair<std::string, std::string>>& params, std::string_view key,
                  std::string fallback = {}) {
  for (auto& [k, v] : params)
    if (k == key)
      return v;
  return fallback;
}

/// The tradingsymbol an index level is listed under: Kite's, unless the options rename it.
std::string symbol_of(const index_row& row, const fake_kite_options& options) {
  auto renamed = options.index_symbols.find(std::string{row.index});
  return renamed == options.index_symbols.end() ? std::string{row.symbol} : renamed->second;
}

const index_row* index_by_key(std::string_view key, const fake_kite_options& options) {
  for (auto& row : index_rows)
    if (fmt::format("{}:{}", row.exchange, symbol_of(row, options)) == key)
      return &row;
  return nullptr;
}

} // namespace

std::optional<fake_fault> parse_fault(std::string_view spec) {
  fake_fault f;
  std::vector<std::string_view> parts;
  while (true) {
    auto colon = spec.find(':');
    parts.push_back(spec.substr(0, colon));
    if (colon == std::string_view::npos)
      break;
    spec.remove_prefix(colon + 1);
  }
  auto kind = value_named(fake_fault_kind_names, parts[0]);
  if (!kind || parts.size() > 3)
    return std::nullopt;
  f.kind = *kind;
  auto number = [](std::string_view text, auto& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
  };
  if (parts.size() > 1 && (f.kind == fake_fault_kind::ticker_close || !number(parts[1], f.count)))
    return std::nullopt;
  if (parts.size() > 2) {
    bool ok = f.kind == fake_fault_kind::status    ? number(parts[2], f.code)
              : f.kind == fake_fault_kind::slow    ? number(parts[2], f.ms)
              : f.kind == fake_fault_kind::missing ? number(parts[2], f.share)
                                                   : false;
    if (!ok)
      return std::nullopt;
  }
  return f;
}

fake_kite::fake_kite(fake_kite_options options, std::shared_ptr<market_clock> clock)
  : options_(std::move(options)), clock_(std::move(clock)), market_(options_.seed) {
  apps_.push_back({options_.api_key, options_.api_secret, options_.access_token});
  apps_.insert(apps_.end(), options_.more_apps.begin(), options_.more_apps.end());
  for (auto& app : apps_)
    if (!app.access_token.empty())
      valid_tokens_.emplace(app.access_token, app.api_key);
}

const fake_app* fake_kite::app_of(std::string_view api_key) const {
  auto app = std::find_if(apps_.begin(), apps_.end(), [&](const fake_app& a) { return a.api_key == api_key; });
  return app == apps_.end() ? nullptr : &*app;
}

bool fake_kite::valid(std::string_view api_key, std::string_view access_token) const {
  auto token = valid_tokens_.find(access_token);
  return token != valid_tokens_.end() && token->second == api_key;
}

fake_response fake_kite::handle(const fake_request& request, int64_t now_ms) {
  std::lock_guard guard{mutex_};
  std::string_view target = request.target;
  auto q = target.find('?');
  auto path = target.substr(0, q);
  auto params = decode_params(q == std::string_view::npos ? std::string_view{} : target.substr(q + 1));
  if (!params)
    return error(400, "InputException", "query: " + params.error());
  if (path.starts_with("/admin/"))
    return admin(path, *params, now_ms);
  return route(request, path, *params, now_ms);
}

bool fake_kite::authorised(const fake_request& request) const {
  constexpr std::string_view prefix = "token ";
  std::string_view auth = request.authorization;
  if (!auth.starts_with(prefix))
    return false;
  auth.remove_prefix(prefix.size());
  auto colon = auth.find(':');
  return colon != std::string_view::npos && valid(auth.substr(0, colon), auth.substr(colon + 1));
}

bool fake_kite::within_rate(std::string_view cls, int64_t now_ms) {
  double rate = cls == "quote" ? options_.quote_rate : options_.other_rate;
  auto it = windows_.try_emplace(std::string{cls}, rate, options_.rate_tolerance_ms).first;
  if (it->second.admit(now_ms))
    return true;
  ++rate_violations_;
  return false;
}

fake_response fake_kite::route(const fake_request& request, std::string_view path,
                               const std::vector<std::pair<std::string, std::string>>& params, int64_t now_ms) {
  std::string endpoint = path == "/quote"           ? "quote"
                         : path == "/quote/ohlc"    ? "quote_ohlc"
                         : path == "/quote/ltp"     ? "quote_ltp"
                         : path == "/instruments"   ? "instruments"
                         : path == "/session/token" ? "session"
                                                    : "unknown";
  ++requests_[endpoint];
  if (endpoint == "unknown")
    return error(404, "GeneralException", "Route not found");
  if (request.kite_version != "3")
    return error(400, "InputException", "Missing or invalid X-Kite-Version header");
  if (!within_rate(endpoint.starts_with("quote") ? "quote" : "other", now_ms))
    return {429, "text/plain", "Too many requests", 0};
  if (endpoint == "session") {
    if (request.method == "DELETE") {
      valid_tokens_.erase(param(params, "access_token"));
      return {200, "application/json", R"({"status":"success","data":true})", 0};
    }
    auto form = decode_params(request.body);
    if (!form)
      return error(400, "InputException", "form: " + form.error());
    return session(*form);
  }
  if (!authorised(request))
    return error(403, "TokenException", "Incorrect `api_key` or `access_token`.");
  std::optional<fake_fault_kind> applied;
  fake_fault fault;
  // Missing instruments only make sense in a full quote answer: that fault waits for one.
  if (!faults_.empty() && (faults_.front().kind != fake_fault_kind::missing || endpoint == "quote")) {
    fault = faults_.front();
    applied = fault.kind;
    if (fault.count > 0 && --faults_.front().count == 0)
      faults_.pop_front();
    ++faults_applied_;
  }
  if (applied == fake_fault_kind::token) {
    valid_tokens_.clear();
    return error(403, "TokenException", "Incorrect `api_key` or `access_token`.");
  }
  if (applied == fake_fault_kind::status)
    return error(fault.code,
                 fault.code == 502   ? "DataException"
                 : fault.code == 503 ? "NetworkException"
                                     : "GeneralException",
                 "Injected server error");
  if (applied == fake_fault_kind::input)
    return error(400, "InputException", "Invalid `instruments`.");
  fake_response response = endpoint == "instruments" ? instruments() : quotes(endpoint, params);
  if (applied == fake_fault_kind::slow)
    response.delay_ms = fault.ms;
  if (applied == fake_fault_kind::truncate && response.status == 200)
    response.body.resize(response.body.size() / 2);
  if (applied == fake_fault_kind::garbage && response.status == 200)
    response.body = "{\"status\":\"success\",\"data\":{\"" + std::string(40, '\x01') + "]]";
  if (applied == fake_fault_kind::missing && response.status == 200 && endpoint == "quote") {
    // Re-answer without a share of the instruments, chosen by position.
    std::vector<std::pair<std::string, std::string>> kept;
    size_t i = 0;
    for (auto& p : params)
      if (p.first != "i" || seeded_uniform(options_.seed, i++, 7) >= fault.share)
        kept.push_back(p);
    response = quotes(endpoint, kept);
  }
  return response;
}

void fake_kite::ensure_universe(day_number date) {
  if (universe_date_ == date)
    return;
  universe_date_ = date;
  keys_.clear();
  std::vector<kite_instrument> rows;
  for (auto& idx : index_rows) {
    kite_instrument index;
    index.instrument_token = idx.token;
    index.exchange_token = idx.token >> 8;
    index.tradingsymbol = symbol_of(idx, options_);
    index.name = index.tradingsymbol;
    index.segment = std::string{idx.segment};
    index.exchange = std::string{idx.exchange};
    index.instrument_type = "EQ";
    rows.push_back(index);
    auto listed = market_.instruments(idx.index, date);
    if (listed) {
      auto source = underlying_sources(idx.index).front();
      auto segment = source.exchange == "BFO" ? kite_segment::bfo : kite_segment::nfo;
      for (auto& o : listed->options) {
        auto [known, added] = kite_tokens_.try_emplace(o.token, 0u);
        if (added) {
          known->second = static_cast<uint32_t>(kite_tokens_.size() << 8) | static_cast<uint32_t>(segment);
          synthetic_tokens_.emplace(known->second, o.token);
        }
        kite_instrument row;
        row.instrument_token = known->second;
        row.exchange_token = known->second >> 8;
        row.tradingsymbol = o.symbol;
        row.name = std::string{idx.index};
        row.expiry = o.expiry;
        row.strike = o.strike;
        row.tick_size = 0.05;
        row.lot_size = listed->lot_size;
        row.instrument_type = std::string{to_string(o.type)};
        row.segment = source.segment;
        row.exchange = source.exchange;
        keys_.emplace(source.exchange + ":" + o.symbol, known->second);
        rows.push_back(std::move(row));
      }
    }
  }
  dump_ = format_instruments_csv(rows);
}

std::optional<option_quote> fake_kite::option_quote_of(uint64_t kite_token, epoch_ms now) {
  auto synthetic = synthetic_tokens_.find(static_cast<uint32_t>(kite_token));
  if (kite_token > std::numeric_limits<uint32_t>::max() || synthetic == synthetic_tokens_.end())
    return std::nullopt;
  auto q = market_.quote(synthetic->second, now);
  if (q)
    q->token = kite_token;
  return q;
}

std::optional<kite_tick> fake_kite::tick_of(uint32_t kite_token, kite_tick_mode mode, epoch_ms now) {
  ensure_universe(ist_date(now));
  kite_tick t;
  t.instrument_token = kite_token;
  t.mode = mode;
  t.exchange_time = now / 1000;
  auto index = std::find_if(index_rows.begin(), index_rows.end(), [&](auto& row) { return row.token == kite_token; });
  if (index != index_rows.end()) {
    // As /quote: the level and the day's open, high, low; close is the previous session's.
    auto spot = market_.spot(index->index, now);
    if (!spot)
      return std::nullopt;
    t.is_index = index->is_index();
    t.last_price = spot->last_price;
    t.open = spot->day_open;
    t.high = spot->day_high;
    t.low = spot->day_low;
    t.close = spot->prev_close;
    t.change = spot->last_price - spot->prev_close;
    return t;
  }
  auto q = option_quote_of(kite_token, now);
  if (!q)
    return std::nullopt;
  // As /quote: 75 last traded, the average and the day's open, high, low and close at the last price,
  // open interest unchanged over the day, one order of 750 at the best bid and ask.
  t.last_price = q->last_price;
  t.last_quantity = 75;
  t.average_price = q->last_price;
  t.volume = q->volume;
  t.open = t.high = t.low = t.close = q->last_price;
  t.last_trade_time = q->quote_ts / 1000;
  t.oi = t.oi_day_high = t.oi_day_low = static_cast<int64_t>(q->oi);
  auto best = [](double price) { return price > 0 ? kite_depth_entry{750, price, 1 + 750 / 500} : kite_depth_entry{}; };
  t.bids[0] = best(q->bid);
  t.asks[0] = best(q->ask);
  return t;
}

ticker_handshake fake_kite::ticker_open(std::string_view target) {
  std::lock_guard guard{mutex_};
  auto refuse = [this](int status, std::string_view type, std::string_view message) {
    ++ticker_.handshakes_refused;
    return ticker_handshake{status, 0, error_body(type, message)};
  };
  auto q = target.find('?');
  auto params = decode_params(q == std::string_view::npos ? std::string_view{} : target.substr(q + 1));
  if (target.substr(0, q) != "/ws" || !params)
    return refuse(404, "GeneralException", "Route not found");
  if (ticker_refusals_left_ != 0) {
    if (ticker_refusals_left_ > 0)
      --ticker_refusals_left_;
    ++faults_applied_;
    return refuse(403, "TokenException", "Incorrect `api_key` or `access_token`.");
  }
  auto key = param(*params, "api_key");
  if (!valid(key, param(*params, "access_token")))
    return refuse(403, "TokenException", "Incorrect `api_key` or `access_token`.");
  auto open = std::count_if(ticker_connections_.begin(), ticker_connections_.end(),
                            [&](auto& c) { return c.second.api_key == key; });
  if (static_cast<size_t>(open) >= ticker_max_connections_per_key)
    return refuse(429, "GeneralException",
                  fmt::format("Too many connections: at most {} per api_key", ticker_max_connections_per_key));
  auto id = ++ticker_connections_opened_;
  auto& connection = ticker_connections_[id];
  connection.api_key = key;
  connection.closes_seen = ticker_close_faults_;
  ++ticker_.handshakes_accepted;
  ++ticker_accepted_by_key_[key];
  return {101, id, {}};
}

std::string fake_kite::ticker_request(uint64_t connection, std::string_view text) {
  std::lock_guard guard{mutex_};
  auto it = ticker_connections_.find(connection);
  if (it == ticker_connections_.end())
    return {};
  ++ticker_.requests;
  auto outcome = it->second.subscriptions.apply(text);
  ticker_.malformed_requests += outcome.kind == ticker_request_kind::malformed;
  ticker_.refused_subscriptions += outcome.refused;
  return outcome.reply;
}

void fake_kite::ticker_malformed(uint64_t connection) {
  std::lock_guard guard{mutex_};
  if (ticker_connections_.contains(connection)) {
    ++ticker_.requests;
    ++ticker_.malformed_requests;
  }
}

ticker_send fake_kite::ticker_poll(uint64_t connection, int64_t now_ms) {
  std::lock_guard guard{mutex_};
  auto it = ticker_connections_.find(connection);
  if (it == ticker_connections_.end())
    return {ticker_send_kind::close, {}};
  auto& c = it->second;
  if (c.closes_seen < ticker_close_faults_) {
    c.closes_seen = ticker_close_faults_;
    ++ticker_.abrupt_closes;
    return {ticker_send_kind::close, {}};
  }
  if (now_ms < ticker_silent_until_ms_)
    return {};
  if (ticker_garbage_left_ != 0) {
    if (ticker_garbage_left_ > 0)
      --ticker_garbage_left_;
    ++ticker_.garbage_sent;
    c.last_sent_ms = now_ms;
    // Two packets counted; the first's length runs past the end of the message.
    return {ticker_send_kind::garbage, std::string{"\x00\x02\x01\x00\xde\xad\xbe\xef", 8}};
  }
  std::vector<kite_tick> ticks;
  auto market_now = clock_->now();
  for (auto [token, mode] : c.subscriptions.take_due(now_ms))
    if (auto tick = tick_of(token, mode, market_now))
      ticks.push_back(*tick);
  if (!ticks.empty()) {
    ++ticker_.frames_sent;
    ticker_.ticks_sent += ticks.size();
    c.last_sent_ms = now_ms;
    return {ticker_send_kind::ticks, encode_ticker_message(ticks)};
  }
  if (now_ms - c.last_sent_ms >= ticker_tick_interval_ms) {
    ++ticker_.heartbeats_sent;
    c.last_sent_ms = now_ms;
    return {ticker_send_kind::heartbeat, ticker_heartbeat()};
  }
  return {};
}

void fake_kite::ticker_closed(uint64_t connection) {
  std::lock_guard guard{mutex_};
  ticker_connections_.erase(connection);
}

std::string fake_kite::ticker_stats() const {
  size_t subscribed = 0;
  // By API key: connections open and handshakes accepted, and instruments subscribed on them.
  std::map<std::string, std::array<uint64_t, 3>> by_key;
  for (auto& [key, n] : ticker_accepted_by_key_)
    by_key[key][1] = n;
  for (auto& [id, c] : ticker_connections_) {
    subscribed += c.subscriptions.size();
    ++by_key[c.api_key][0];
    by_key[c.api_key][2] += c.subscriptions.size();
  }
  std::string keys;
  for (auto& [key, n] : by_key)
    keys += fmt::format(R"({}"{}":{{"connections":{},"handshakes_accepted":{},"subscribed":{}}})",
                        keys.empty() ? "" : ",", key, n[0], n[1], n[2]);
  auto& f = ticker_;
  return fmt::format(R"({{"connections":{},"subscribed":{},"frames_sent":{},"ticks_sent":{},"heartbeats_sent":{},)"
                     R"("garbage_sent":{},"handshakes_accepted":{},"handshakes_refused":{},"requests":{},)"
                     R"("malformed_requests":{},"refused_subscriptions":{},"abrupt_closes":{},"by_key":{{{}}}}})",
                     ticker_connections_.size(), subscribed, f.frames_sent, f.ticks_sent, f.heartbeats_sent,
                     f.garbage_sent, f.handshakes_accepted, f.handshakes_refused, f.requests, f.malformed_requests,
                     f.refused_subscriptions, f.abrupt_closes, keys);
}

void fake_kite::add_fault(const fake_fault& fault, int64_t now_ms) {
  switch (fault.kind) {
    case fake_fault_kind::ticker_silent:
      ticker_silent_until_ms_ =
        fault.count < 0 ? std::numeric_limits<int64_t>::max() : now_ms + int64_t{fault.count} * 1000;
      break;
    case fake_fault_kind::ticker_close:
      ++ticker_close_faults_;
      break;
    case fake_fault_kind::ticker_403:
      ticker_refusals_left_ = fault.count;
      break;
    case fake_fault_kind::ticker_garbage:
      ticker_garbage_left_ = fault.count;
      break;
    default:
      faults_.push_back(fault);
      break;
  }
}

fake_response fake_kite::instruments() {
  ensure_universe(ist_date(clock_->now()));
  return {200, "text/csv", dump_, 0};
}

fake_response fake_kite::quotes(std::string_view mode, const std::vector<std::pair<std::string, std::string>>& params) {
  auto now = clock_->now();
  ensure_universe(ist_date(now));
  size_t count = 0;
  for (auto& [k, v] : params)
    count += k == "i";
  max_instruments_per_call_ = std::max(max_instruments_per_call_, count);
  if (count == 0)
    return error(400, "InputException", "No instruments specified.");
  if (count > 500)
    return error(400, "InputException", "Too many instruments. Maximum allowed is 500.");
  std::string data;
  auto ts = kite_time(now);
  for (auto& [k, key] : params) {
    if (k != "i")
      continue;
    std::string entry;
    if (auto* idx = index_by_key(key, options_)) {
      auto spot = market_.spot(idx->index, now);
      if (!spot)
        continue;
      if (mode == "quote_ltp")
        entry = fmt::format(R"({{"instrument_token":{},"last_price":{}}})", idx->token, spot->last_price);
      else
        entry =
          fmt::format(R"({{"instrument_token":{},"last_price":{},"ohlc":{{"open":{},"high":{},"low":{},"close":{}}}}})",
                      idx->token, spot->last_price, spot->day_open, spot->day_high, spot->day_low, spot->prev_close);
    } else if (auto t = keys_.find(key); t != keys_.end()) {
      auto q = option_quote_of(t->second, now);
      if (!q)
        continue;
      if (mode == "quote_ltp") {
        entry = fmt::format(R"({{"instrument_token":{},"last_price":{}}})", q->token, q->last_price);
      } else if (mode == "quote_ohlc") {
        entry =
          fmt::format(R"({{"instrument_token":{},"last_price":{},"ohlc":{{"open":0,"high":0,"low":0,"close":0}}}})",
                      q->token, q->last_price);
      } else {
        auto level = [](double price, int64_t qty) {
          return fmt::format(R"({{"price":{},"quantity":{},"orders":{}}})", price, qty, qty > 0 ? 1 + qty / 500 : 0);
        };
        std::string empty = level(0, 0);
        auto side = [&](double price) {
          return fmt::format("[{},{},{},{},{}]", level(price, price > 0 ? 750 : 0), empty, empty, empty, empty);
        };
        entry = fmt::format(
          R"({{"instrument_token":{},"timestamp":"{}","last_trade_time":"{}","last_price":{},"last_quantity":75,)"
          R"("buy_quantity":0,"sell_quantity":0,"volume":{},"average_price":{},"oi":{},"oi_day_high":{},"oi_day_low":{},)"
          R"("net_change":0,"lower_circuit_limit":0.05,"upper_circuit_limit":{},)"
          R"("ohlc":{{"open":{},"high":{},"low":{},"close":{}}},"depth":{{"buy":{},"sell":{}}}}})",
          q->token, ts, kite_time(q->quote_ts), q->last_price, q->volume, q->last_price, q->oi, q->oi, q->oi,
          q->last_price * 3 + 1, q->last_price, q->last_price, q->last_price, q->last_price, side(q->bid),
          side(q->ask));
      }
    } else {
      continue; // Kite leaves instruments it does not know out of the answer
    }
    if (!data.empty())
      data += ',';
    data += fmt::format(R"("{}":{})", key, entry);
  }
  return {200, "application/json", fmt::format(R"({{"status":"success","data":{{{}}}}})", data), 0};
}

fake_response fake_kite::session(const std::vector<std::pair<std::string, std::string>>& form) {
  auto key = param(form, "api_key");
  auto request_token = param(form, "request_token");
  auto checksum = param(form, "checksum");
  if (key.empty() || request_token.empty() || checksum.empty())
    return error(400, "InputException", "Missing api_key, request_token or checksum");
  auto* app = app_of(key);
  if (!app || checksum != session_checksum(key, request_token, app->api_secret))
    return error(403, "TokenException", "Invalid `checksum`.");
  ++tokens_issued_;
  auto token = fmt::format("fake{:012x}{:04}",
                           static_cast<uint64_t>(seeded_uniform(options_.seed, tokens_issued_, 3) * 281474976710656.0),
                           tokens_issued_);
  valid_tokens_.emplace(token, key);
  return {200, "application/json",
          fmt::format(R"({{"status":"success","data":{{"user_id":"FK0001","user_name":"Fake Kite","api_key":"{}",)"
                      R"("access_token":"{}","public_token":"public{}","login_time":"{}"}}}})",
                      key, token, tokens_issued_, kite_time(clock_->now())),
          0};
}

fake_response fake_kite::admin(std::string_view path, const std::vector<std::pair<std::string, std::string>>& params,
                               int64_t now_ms) {
  if (path == "/admin/stats") {
    std::string requests;
    for (auto& [endpoint, n] : requests_)
      requests += fmt::format("{}\"{}\":{}", requests.empty() ? "" : ",", endpoint, n);
    return {200, "application/json",
            fmt::format(R"({{"requests":{{{}}},"rate_violations":{},"faults_applied":{},"faults_pending":{},)"
                        R"("max_instruments_per_call":{},"valid_tokens":{},"ticker":{}}})",
                        requests, rate_violations_, faults_applied_, faults_.size(), max_instruments_per_call_,
                        valid_tokens_.size(), ticker_stats()),
            0};
  }
  if (path == "/admin/fault") {
    auto spec = param(params, "spec");
    if (spec == "none") {
      faults_.clear();
      ticker_silent_until_ms_ = 0;
      ticker_refusals_left_ = 0;
      ticker_garbage_left_ = 0;
      return {200, "application/json", R"({"status":"success"})", 0};
    }
    auto fault = parse_fault(spec);
    if (!fault)
      return error(400, "InputException", "bad fault spec");
    add_fault(*fault, now_ms);
    return {200, "application/json", R"({"status":"success"})", 0};
  }
  return error(404, "GeneralException", "Route not found");
}

} // namespace g6
