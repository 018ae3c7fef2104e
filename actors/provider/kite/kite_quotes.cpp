#include "actors/provider/kite/kite_quotes.hpp"

#include <simdjson.h>

#include <charconv>

#include <fmt/format.h>

#include "config/ist_time.hpp"

namespace g6 {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// Reads an optional number field; false when present with a non-numeric type.
bool read_number(object obj, std::string_view key, double& out) {
  element value;
  if (obj[key].get(value))
    return true;
  return !value.get_double().get(out);
}

bool read_integer(object obj, std::string_view key, int64_t& out) {
  element value;
  if (obj[key].get(value))
    return true;
  if (value.is_int64())
    return !value.get_int64().get(out);
  double d = 0;
  if (value.get_double().get(d) || !(d >= -9.2e18 && d <= 9.2e18))
    return false;
  out = static_cast<int64_t>(d);
  return true;
}

bool read_time(object obj, std::string_view key, epoch_ms& out) {
  element value;
  if (obj[key].get(value) || value.is_null())
    return true;
  std::string_view text;
  if (value.get_string().get(text))
    return false;
  auto t = parse_kite_time(text);
  if (!t)
    return false;
  out = *t;
  return true;
}

bool read_depth(object depth, std::string_view side, std::array<kite_depth_level, 5>& out) {
  simdjson::dom::array levels;
  if (depth[side].get(levels))
    return true;
  size_t i = 0;
  for (element level : levels) {
    if (i == out.size())
      break;
    object obj;
    if (level.get(obj))
      return false;
    auto& l = out[i++];
    if (!read_number(obj, "price", l.price) || !read_integer(obj, "quantity", l.quantity)
        || !read_integer(obj, "orders", l.orders))
      return false;
  }
  return true;
}

std::optional<kite_quote> read_quote(object obj) {
  kite_quote q;
  int64_t token = 0;
  double volume = 0;
  bool ok = read_integer(obj, "instrument_token", token) && token >= 0 && read_number(obj, "last_price", q.last_price)
            && read_number(obj, "volume", volume) && read_number(obj, "oi", q.oi)
            && read_number(obj, "oi_day_high", q.oi_day_high) && read_number(obj, "oi_day_low", q.oi_day_low)
            && read_time(obj, "timestamp", q.timestamp) && read_time(obj, "last_trade_time", q.last_trade_time);
  if (!ok || !(volume >= -9.2e18 && volume <= 9.2e18))
    return std::nullopt;
  q.instrument_token = static_cast<uint64_t>(token);
  q.volume = static_cast<int64_t>(volume);
  object ohlc;
  if (!obj["ohlc"].get(ohlc)) {
    if (!read_number(ohlc, "open", q.open) || !read_number(ohlc, "high", q.high) || !read_number(ohlc, "low", q.low)
        || !read_number(ohlc, "close", q.close))
      return std::nullopt;
  }
  object depth;
  if (!obj["depth"].get(depth)) {
    if (!read_depth(depth, "buy", q.buy) || !read_depth(depth, "sell", q.sell))
      return std::nullopt;
  }
  return q;
}

unexpected<kite_error> malformed(std::string_view why, std::string_view body) {
  return unexpected{kite_error{kite_errc::malformed, fmt::format("quote answer: {}: {}", why, snippet(body))}};
}

} // namespace

std::optional<epoch_ms> parse_kite_time(std::string_view text) {
  // "YYYY-MM-DD HH:MM:SS"
  if (text.size() != 19 || text[10] != ' ' || text[13] != ':' || text[16] != ':')
    return std::nullopt;
  auto date = parse_date(text.substr(0, 10));
  if (!date)
    return std::nullopt;
  int parts[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    auto field = text.substr(11 + 3 * i, 2);
    auto [end, ec] = std::from_chars(field.data(), field.data() + 2, parts[i]);
    if (ec != std::errc{} || end != field.data() + 2)
      return std::nullopt;
  }
  if (parts[0] > 23 || parts[1] > 59 || parts[2] > 60)
    return std::nullopt;
  return ist_instant(*date, parts[0], parts[1], parts[2]);
}

kite_result<kite_quotes> parse_quotes(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded{body};
  element doc;
  if (auto err = parser.parse(padded).get(doc))
    return malformed(simdjson::error_message(err), body);
  object root;
  if (doc.get(root))
    return malformed("not a JSON object", body);
  std::string_view status;
  if (!root["status"].get(status) && status == "error")
    return unexpected{classify_failure(200, body)};
  object data;
  if (root["data"].get(data))
    return malformed("no data object", body);
  kite_quotes out;
  for (auto field : data) {
    object obj;
    if (field.value.get(obj))
      return malformed(fmt::format("'{}' is not an object", snippet(field.key, 40)), body);
    auto q = read_quote(obj);
    if (!q)
      return malformed(fmt::format("'{}' has a field of the wrong type", snippet(field.key, 40)), body);
    out.insert_or_assign(std::string{field.key}, *q);
  }
  return out;
}

option_quote to_option_quote(uint64_t token, const kite_quote& q) {
  option_quote out;
  out.token = token;
  out.last_price = q.last_price;
  out.bid = q.buy[0].price;
  out.ask = q.sell[0].price;
  out.volume = q.volume;
  out.oi = q.oi;
  out.oi_change = 0;
  out.quote_ts = q.timestamp != 0 ? q.timestamp : q.last_trade_time;
  return out;
}

} // namespace g6
