#define BOOST_TEST_MODULE ticker_frame
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <numeric>
#include <vector>

#include "actors/provider/kite/ticker/ticker_encoder.hpp"
#include "actors/provider/kite/ticker/ticker_frame.hpp"
#include "actors/provider/kite/ticker/ticker_requests.hpp"
#include "actors/provider/kite/ticker/ticker_text.hpp"

using namespace g6;

// Boost.Test prints the values of a failed check; the enums print as their words.
namespace g6 {
std::ostream& operator<<(std::ostream& out, kite_segment x) {
  return out << to_string(x);
}
std::ostream& operator<<(std::ostream& out, kite_tick_mode x) {
  return out << to_string(x);
}
std::ostream& operator<<(std::ostream& out, ticker_frame_problem x) {
  return out << to_string(x);
}
std::ostream& operator<<(std::ostream& out, ticker_text_kind x) {
  return out << to_string(x);
}
std::ostream& operator<<(std::ostream& out, ticker_text_problem x) {
  return out << to_string(x);
}
} // namespace g6

namespace {

// Messages written byte by byte, big-endian, as Kite documents them: independent of the reader.
struct bytes {
  std::vector<std::byte> data;
  bytes& u16(uint32_t v) {
    data.push_back(static_cast<std::byte>(v >> 8));
    data.push_back(static_cast<std::byte>(v));
    return *this;
  }
  bytes& u32(uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
      data.push_back(static_cast<std::byte>(v >> shift));
    return *this;
  }
  bytes& i32(int32_t v) { return u32(static_cast<uint32_t>(v)); }
  bytes& raw(std::initializer_list<int> values) {
    for (auto v : values)
      data.push_back(static_cast<std::byte>(v));
    return *this;
  }
  bytes& packet(const bytes& p) {
    u16(static_cast<uint32_t>(p.data.size()));
    data.insert(data.end(), p.data.begin(), p.data.end());
    return *this;
  }
};

bytes message_of(std::initializer_list<bytes> packets) {
  bytes m;
  m.u16(static_cast<uint32_t>(packets.size()));
  for (auto& p : packets)
    m.packet(p);
  return m;
}

constexpr uint32_t nfo_token = 12'345'678u << 8 | 2u; // an NFO option
constexpr uint32_t cds_token = 1'234u << 8 | 3u;      // a USDINR future
constexpr uint32_t bcd_token = 987u << 8 | 6u;
constexpr uint32_t nifty_token = 256265;             // NIFTY 50, segment 9 (indices)
constexpr uint32_t exchange_seconds = 1'764'832'935; // 2025-12-04 12:52:15 IST
constexpr uint32_t trade_seconds = 1'764'832'930;

bytes ltp_packet(uint32_t token, int32_t price) {
  return std::move(bytes{}.u32(token).i32(price));
}

bytes index_packet(bool full) {
  bytes p;
  p.u32(nifty_token).i32(2'415'050).i32(2'420'000).i32(2'401'025).i32(2'405'000).i32(2'418'650).i32(-3'600);
  if (full)
    p.u32(exchange_seconds);
  return p;
}

// The 44 bytes of a quote packet; a full packet continues from here.
bytes quote_packet(uint32_t token) {
  bytes p;
  p.u32(token).i32(12'345).u32(75).i32(12'210).u32(4'125'000).u32(98'700).u32(112'350);
  p.i32(11'000).i32(13'095).i32(10'505).i32(11'890);
  return p;
}

bytes full_packet(uint32_t token) {
  auto p = quote_packet(token);
  p.u32(trade_seconds).u32(2'250'000).u32(2'400'000).u32(2'100'000).u32(exchange_seconds);
  for (uint32_t i = 0; i < 5; ++i) // bids: 12340, 12335, ... paise; asks: 12350, 12355, ...
    p.u32(75 * (i + 1)).i32(static_cast<int32_t>(12'340 - 5 * i)).u16(i + 1).u16(0);
  for (uint32_t i = 0; i < 5; ++i)
    p.u32(150 * (i + 1)).i32(static_cast<int32_t>(12'350 + 5 * i)).u16(10 + i).u16(0);
  return p;
}

struct read_result {
  std::vector<kite_tick> ticks;
  ticker_frame_outcome outcome;
};

read_result read_all(const bytes& m) {
  read_result r;
  ticker_frame_reader reader{std::span<const std::byte>{m.data}};
  kite_tick t;
  while (reader.next(t))
    r.ticks.push_back(t);
  r.outcome = reader.outcome();
  return r;
}

kite_tick only_tick(const bytes& m) {
  auto r = read_all(m);
  BOOST_TEST(r.outcome.problem == ticker_frame_problem::none);
  BOOST_REQUIRE_EQUAL(r.ticks.size(), 1u);
  BOOST_TEST(r.outcome.ticks == 1u);
  BOOST_TEST(r.outcome.packets_counted == 1u);
  return r.ticks[0];
}

void check_quote_fields(const kite_tick& t, uint32_t token) {
  BOOST_TEST(t.instrument_token == token);
  BOOST_TEST(!t.is_index);
  BOOST_TEST(t.last_price == 123.45);
  BOOST_TEST(t.last_quantity == 75);
  BOOST_TEST(t.average_price == 122.10);
  BOOST_TEST(t.volume == 4'125'000);
  BOOST_TEST(t.total_buy_quantity == 98'700);
  BOOST_TEST(t.total_sell_quantity == 112'350);
  BOOST_TEST(t.open == 110.00);
  BOOST_TEST(t.high == 130.95);
  BOOST_TEST(t.low == 105.05);
  BOOST_TEST(t.close == 118.90);
  BOOST_TEST(t.change == 0.0);
}

void check_no_full_fields(const kite_tick& t) {
  BOOST_TEST(t.last_trade_time == 0);
  BOOST_TEST(t.oi == 0);
  BOOST_TEST(t.oi_day_high == 0);
  BOOST_TEST(t.oi_day_low == 0);
  BOOST_TEST(t.exchange_time == 0);
  for (size_t i = 0; i < 5; ++i) {
    BOOST_TEST(t.bids[i].quantity == 0);
    BOOST_TEST(t.bids[i].price == 0.0);
    BOOST_TEST(t.bids[i].orders == 0);
    BOOST_TEST(t.asks[i].quantity == 0);
    BOOST_TEST(t.asks[i].price == 0.0);
    BOOST_TEST(t.asks[i].orders == 0);
  }
}

} // namespace

BOOST_AUTO_TEST_SUITE(segments)

BOOST_AUTO_TEST_CASE(the_low_byte_of_a_token_names_its_segment_and_divisor) {
  BOOST_TEST(segment_of(nfo_token) == kite_segment::nfo);
  BOOST_TEST(segment_of(nifty_token) == kite_segment::indices);
  BOOST_TEST(segment_of(cds_token) == kite_segment::cds);
  BOOST_TEST(segment_of(bcd_token) == kite_segment::bcd);
  BOOST_TEST(segment_of(7u << 8) == kite_segment::unknown);
  BOOST_TEST(segment_of(10u) == kite_segment::unknown);
  BOOST_TEST(to_string(segment_of(265)) == "indices"); // SENSEX: 265 = 0x109
  BOOST_TEST(price_divisor(kite_segment::nfo) == 100.0);
  BOOST_TEST(price_divisor(kite_segment::bfo) == 100.0);
  BOOST_TEST(price_divisor(kite_segment::indices) == 100.0);
  BOOST_TEST(price_divisor(kite_segment::mcx) == 100.0);
  BOOST_TEST(price_divisor(kite_segment::unknown) == 100.0);
  BOOST_TEST(price_divisor(kite_segment::cds) == 10'000'000.0);
  BOOST_TEST(price_divisor(kite_segment::bcd) == 10'000.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(packets)

BOOST_AUTO_TEST_CASE(an_ltp_packet_carries_the_token_and_last_price_in_paise) {
  auto t = only_tick(message_of({ltp_packet(nfo_token, 12'345)}));
  BOOST_TEST(t.instrument_token == nfo_token);
  BOOST_TEST(to_string(t.mode) == "ltp");
  BOOST_TEST(!t.is_index);
  BOOST_TEST(t.last_price == 123.45);
  BOOST_TEST(t.last_quantity == 0);
  BOOST_TEST(t.average_price == 0.0);
  BOOST_TEST(t.volume == 0);
  BOOST_TEST(t.total_buy_quantity == 0);
  BOOST_TEST(t.total_sell_quantity == 0);
  BOOST_TEST(t.open == 0.0);
  BOOST_TEST(t.high == 0.0);
  BOOST_TEST(t.low == 0.0);
  BOOST_TEST(t.close == 0.0);
  BOOST_TEST(t.change == 0.0);
  check_no_full_fields(t);
}

namespace {

/// What both index packets carry: the level, OHLC and the change.
void check_index_fields(const kite_tick& t) {
  BOOST_TEST(t.instrument_token == nifty_token);
  BOOST_TEST(t.is_index);
  BOOST_TEST(t.last_price == 24'150.50);
  BOOST_TEST(t.high == 24'200.00);
  BOOST_TEST(t.low == 24'010.25);
  BOOST_TEST(t.open == 24'050.00);
  BOOST_TEST(t.close == 24'186.50);
  BOOST_TEST(t.change == -36.00);
}

} // namespace

BOOST_AUTO_TEST_CASE(an_index_quote_packet_carries_ohlc_and_the_change) {
  auto t = only_tick(message_of({index_packet(false)}));
  BOOST_TEST(t.mode == kite_tick_mode::quote);
  check_index_fields(t);
  BOOST_TEST(t.last_quantity == 0);
  BOOST_TEST(t.average_price == 0.0);
  BOOST_TEST(t.volume == 0);
  BOOST_TEST(t.total_buy_quantity == 0);
  BOOST_TEST(t.total_sell_quantity == 0);
  check_no_full_fields(t);
}

BOOST_AUTO_TEST_CASE(an_index_full_packet_adds_the_exchange_time) {
  auto t = only_tick(message_of({index_packet(true)}));
  BOOST_TEST(t.mode == kite_tick_mode::full);
  check_index_fields(t);
  BOOST_TEST(t.exchange_time == exchange_seconds);
  BOOST_TEST(t.last_trade_time == 0);
  BOOST_TEST(t.oi == 0);
  BOOST_TEST(t.bids[0].price == 0.0);
  BOOST_TEST(t.asks[0].price == 0.0);
}

BOOST_AUTO_TEST_CASE(a_quote_packet_carries_everything_but_times_oi_and_depth) {
  auto t = only_tick(message_of({quote_packet(nfo_token)}));
  BOOST_TEST(t.mode == kite_tick_mode::quote);
  check_quote_fields(t, nfo_token);
  check_no_full_fields(t);
}

BOOST_AUTO_TEST_CASE(a_full_packet_carries_times_oi_and_five_levels_each_side) {
  auto t = only_tick(message_of({full_packet(nfo_token)}));
  BOOST_TEST(t.mode == kite_tick_mode::full);
  check_quote_fields(t, nfo_token);
  BOOST_TEST(t.last_trade_time == trade_seconds);
  BOOST_TEST(t.oi == 2'250'000);
  BOOST_TEST(t.oi_day_high == 2'400'000);
  BOOST_TEST(t.oi_day_low == 2'100'000);
  BOOST_TEST(t.exchange_time == exchange_seconds);
  const double bid_prices[] = {123.40, 123.35, 123.30, 123.25, 123.20};
  const double ask_prices[] = {123.50, 123.55, 123.60, 123.65, 123.70};
  for (size_t i = 0; i < 5; ++i) {
    BOOST_TEST_CONTEXT("level " << i) {
      BOOST_TEST(t.bids[i].quantity == static_cast<int64_t>(75 * (i + 1)));
      BOOST_TEST(t.bids[i].price == bid_prices[i]);
      BOOST_TEST(t.bids[i].orders == static_cast<int32_t>(i + 1));
      BOOST_TEST(t.asks[i].quantity == static_cast<int64_t>(150 * (i + 1)));
      BOOST_TEST(t.asks[i].price == ask_prices[i]);
      BOOST_TEST(t.asks[i].orders == static_cast<int32_t>(10 + i));
    }
  }
}

BOOST_AUTO_TEST_CASE(currency_prices_use_their_segments_divisor) {
  auto t = only_tick(message_of({full_packet(cds_token)}));
  BOOST_TEST(t.instrument_token == cds_token);
  BOOST_TEST(t.last_price == 12'345 / 10'000'000.0);
  BOOST_TEST(t.average_price == 12'210 / 10'000'000.0);
  BOOST_TEST(t.open == 11'000 / 10'000'000.0);
  BOOST_TEST(t.high == 13'095 / 10'000'000.0);
  BOOST_TEST(t.low == 10'505 / 10'000'000.0);
  BOOST_TEST(t.close == 11'890 / 10'000'000.0);
  BOOST_TEST(t.bids[0].price == 12'340 / 10'000'000.0);
  BOOST_TEST(t.asks[4].price == 12'370 / 10'000'000.0);
  BOOST_TEST(t.volume == 4'125'000); // quantities are not scaled
  BOOST_TEST(t.bids[0].quantity == 75);

  auto usdinr = only_tick(message_of({ltp_packet(cds_token, 834'512'500)}));
  BOOST_TEST(usdinr.last_price == 83.45125);
  auto bse_currency = only_tick(message_of({ltp_packet(bcd_token, 834'512)}));
  BOOST_TEST(bse_currency.last_price == 83.4512);
}

BOOST_AUTO_TEST_CASE(prices_read_signed_and_quantities_unsigned) {
  bytes q;
  q.u32(nfo_token).i32(-150).u32(0xffffffffu).i32(12'210).u32(3'000'000'000u).u32(0).u32(0);
  q.i32(0).i32(0).i32(0).i32(0);
  auto t = only_tick(message_of({q}));
  BOOST_TEST(t.last_price == -1.50);
  BOOST_TEST(t.last_quantity == 4'294'967'295);
  BOOST_TEST(t.volume == 3'000'000'000);
}

BOOST_AUTO_TEST_CASE(a_message_mixes_modes_and_keeps_their_order) {
  auto r = read_all(message_of({ltp_packet(nfo_token, 500), full_packet(nfo_token + 256), index_packet(false),
                                quote_packet(cds_token), index_packet(true)}));
  BOOST_TEST(r.outcome.problem == ticker_frame_problem::none);
  BOOST_TEST(r.outcome.packets_counted == 5u);
  BOOST_TEST(r.outcome.ticks == 5u);
  BOOST_TEST(r.outcome.unknown_packets == 0u);
  BOOST_TEST(!r.outcome.heartbeat);
  BOOST_REQUIRE_EQUAL(r.ticks.size(), 5u);
  BOOST_TEST(r.ticks[0].mode == kite_tick_mode::ltp);
  BOOST_TEST(r.ticks[0].last_price == 5.00);
  BOOST_TEST(r.ticks[1].mode == kite_tick_mode::full);
  BOOST_TEST(r.ticks[1].instrument_token == nfo_token + 256);
  BOOST_TEST(r.ticks[1].asks[4].price == 123.70);
  BOOST_TEST(r.ticks[2].mode == kite_tick_mode::quote);
  BOOST_TEST(r.ticks[2].is_index);
  BOOST_TEST(r.ticks[3].mode == kite_tick_mode::quote);
  BOOST_TEST(r.ticks[3].last_price == 12'345 / 10'000'000.0);
  BOOST_TEST(r.ticks[4].mode == kite_tick_mode::full);
  BOOST_TEST(r.ticks[4].exchange_time == exchange_seconds);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bad_frames)

BOOST_AUTO_TEST_CASE(a_one_byte_message_is_a_heartbeat) {
  auto r = read_all(bytes{}.raw({0}));
  BOOST_TEST(r.outcome.heartbeat);
  BOOST_TEST(r.outcome.problem == ticker_frame_problem::none);
  BOOST_TEST(r.ticks.empty());
  BOOST_TEST(r.outcome.packets_counted == 0u);
}

BOOST_AUTO_TEST_CASE(an_empty_message_has_a_truncated_header) {
  auto r = read_all(bytes{});
  BOOST_TEST(!r.outcome.heartbeat);
  BOOST_TEST(r.outcome.problem == ticker_frame_problem::truncated_header);
  BOOST_TEST(to_string(r.outcome.problem) == "truncated_header");
  BOOST_TEST(r.ticks.empty());
}

BOOST_AUTO_TEST_CASE(a_count_of_zero_is_an_empty_message) {
  auto r = read_all(bytes{}.u16(0));
  BOOST_TEST(r.outcome.problem == ticker_frame_problem::none);
  BOOST_TEST(r.ticks.empty());
}

BOOST_AUTO_TEST_CASE(fewer_packets_than_counted_is_a_truncated_packet_after_the_ones_there) {
  auto m = bytes{}.u16(3).packet(ltp_packet(nfo_token, 100)).packet(ltp_packet(nfo_token, 200));
  auto r = read_all(m);
  BOOST_TEST(r.outcome.problem == ticker_frame_problem::truncated_packet);
  BOOST_TEST(r.outcome.packets_counted == 3u);
  BOOST_TEST(r.outcome.ticks == 2u);
  BOOST_REQUIRE_EQUAL(r.ticks.size(), 2u);
  BOOST_TEST(r.ticks[1].last_price == 2.00);

  auto half_length = bytes{}.u16(2).packet(ltp_packet(nfo_token, 100)).raw({0});
  auto h = read_all(half_length);
  BOOST_TEST(h.outcome.problem == ticker_frame_problem::truncated_packet);
  BOOST_TEST(h.ticks.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_length_beyond_the_message_stops_there) {
  auto m = bytes{}.u16(2).packet(ltp_packet(nfo_token, 100)).u16(44).u32(nfo_token).u32(1).u32(2);
  auto r = read_all(m);
  BOOST_TEST(r.outcome.problem == ticker_frame_problem::packet_beyond_message);
  BOOST_TEST(r.outcome.ticks == 1u);
  BOOST_TEST(r.ticks.size() == 1u);

  auto huge = read_all(bytes{}.u16(1).u16(0xffff).u32(nfo_token));
  BOOST_TEST(huge.outcome.problem == ticker_frame_problem::packet_beyond_message);
  BOOST_TEST(huge.ticks.empty());
}

BOOST_AUTO_TEST_CASE(an_unknown_size_in_the_middle_is_skipped_and_counted) {
  bytes odd;
  odd.u32(nfo_token).u32(12'345).u16(7); // 10 bytes
  bytes empty;                           // 0 bytes
  auto r =
    read_all(message_of({ltp_packet(nfo_token, 100), odd, quote_packet(nfo_token), empty, full_packet(nfo_token)}));
  BOOST_TEST(r.outcome.problem == ticker_frame_problem::unknown_packet_size);
  BOOST_TEST(r.outcome.packets_counted == 5u);
  BOOST_TEST(r.outcome.unknown_packets == 2u);
  BOOST_TEST(r.outcome.ticks == 3u);
  BOOST_REQUIRE_EQUAL(r.ticks.size(), 3u);
  BOOST_TEST(r.ticks[0].mode == kite_tick_mode::ltp);
  BOOST_TEST(r.ticks[1].mode == kite_tick_mode::quote);
  check_quote_fields(r.ticks[1], nfo_token);
  BOOST_TEST(r.ticks[2].mode == kite_tick_mode::full);
  BOOST_TEST(r.ticks[2].bids[4].price == 123.20);
}

BOOST_AUTO_TEST_CASE(a_structural_problem_outranks_skipped_packets) {
  bytes odd;
  odd.u32(1).u32(2).u32(3);
  auto m = bytes{}.u16(3).packet(odd).packet(ltp_packet(nfo_token, 100));
  auto r = read_all(m);
  BOOST_TEST(r.outcome.problem == ticker_frame_problem::truncated_packet);
  BOOST_TEST(r.outcome.unknown_packets == 1u);
  BOOST_TEST(r.outcome.ticks == 1u);
}

BOOST_AUTO_TEST_CASE(bytes_after_the_counted_packets_are_trailing) {
  auto m = message_of({ltp_packet(nfo_token, 100), quote_packet(nfo_token)}).raw({1, 2, 3});
  auto r = read_all(m);
  BOOST_TEST(r.outcome.problem == ticker_frame_problem::trailing_bytes);
  BOOST_TEST(r.outcome.trailing_bytes == 3u);
  BOOST_TEST(r.outcome.ticks == 2u);
  BOOST_TEST(r.ticks.size() == 2u);
}

BOOST_AUTO_TEST_CASE(next_after_the_end_leaves_the_tick_alone) {
  auto m = message_of({ltp_packet(nfo_token, 100)});
  ticker_frame_reader reader{std::span<const std::byte>{m.data}};
  kite_tick t;
  BOOST_TEST(reader.next(t));
  t.last_price = 42;
  BOOST_TEST(!reader.next(t));
  BOOST_TEST(!reader.next(t));
  BOOST_TEST(t.last_price == 42.0);
  BOOST_TEST(reader.outcome().ticks == 1u);
}

BOOST_AUTO_TEST_CASE(a_string_view_reads_the_same_bytes) {
  auto m = message_of({ltp_packet(nfo_token, 12'345)});
  std::string text(reinterpret_cast<const char*>(m.data.data()), m.data.size());
  ticker_frame_reader reader{std::string_view{text}};
  kite_tick t;
  BOOST_REQUIRE(reader.next(t));
  BOOST_TEST(t.last_price == 123.45);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(option_quotes)

BOOST_AUTO_TEST_CASE(a_full_tick_gives_the_best_bid_ask_and_the_exchange_time) {
  auto q = to_option_quote(only_tick(message_of({full_packet(nfo_token)})));
  BOOST_TEST(q.token == nfo_token);
  BOOST_TEST(q.last_price == 123.45);
  BOOST_TEST(q.bid == 123.40);
  BOOST_TEST(q.ask == 123.50);
  BOOST_TEST(q.volume == 4'125'000);
  BOOST_TEST(q.oi == 2'250'000.0);
  BOOST_TEST(q.oi_change == 0.0);
  BOOST_TEST(q.quote_ts == int64_t{exchange_seconds} * 1000);
}

BOOST_AUTO_TEST_CASE(without_an_exchange_time_the_last_trade_time_stamps_it) {
  auto t = only_tick(message_of({full_packet(nfo_token)}));
  t.exchange_time = 0;
  BOOST_TEST(to_option_quote(t).quote_ts == int64_t{trade_seconds} * 1000);
}

BOOST_AUTO_TEST_CASE(a_quote_tick_has_no_book_and_no_time) {
  auto q = to_option_quote(only_tick(message_of({quote_packet(nfo_token)})));
  BOOST_TEST(q.last_price == 123.45);
  BOOST_TEST(q.bid == 0.0);
  BOOST_TEST(q.ask == 0.0);
  BOOST_TEST(q.volume == 4'125'000);
  BOOST_TEST(q.oi == 0.0);
  BOOST_TEST(q.quote_ts == 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(text_messages)

BOOST_AUTO_TEST_CASE(an_error_carries_its_text) {
  auto e = parse_ticker_text(R"({"type":"error","data":"Maximum 3000 instruments can be subscribed"})");
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(to_string(e->kind) == "error");
  BOOST_TEST(e->error_text == "Maximum 3000 instruments can be subscribed");

  auto object = parse_ticker_text(R"({"type":"error","data":{"code":1}})");
  BOOST_REQUIRE(object.has_value());
  BOOST_TEST(object->error_text == R"({"code":1})");

  auto none = parse_ticker_text(R"({"type":"error"})");
  BOOST_REQUIRE(none.has_value());
  BOOST_TEST(none->kind == ticker_text_kind::error);
  BOOST_TEST(none->error_text.empty());

  auto long_text = parse_ticker_text(R"({"type":"error","data":")" + std::string(2000, 'x') + R"("})");
  BOOST_REQUIRE(long_text.has_value());
  BOOST_TEST(long_text->error_text.size() == max_ticker_error_text);
}

BOOST_AUTO_TEST_CASE(orders_and_messages_are_recognised_and_ignored) {
  auto order = parse_ticker_text(
    R"({"type":"order","id":"","data":{"order_id":"220303000308932","status":"COMPLETE","tradingsymbol":"NIFTY22MAR17000CE"}})");
  BOOST_REQUIRE(order.has_value());
  BOOST_TEST(order->kind == ticker_text_kind::order);
  BOOST_TEST(order->error_text.empty());
  auto message = parse_ticker_text(R"({"type":"message","data":"Market closes early today"})");
  BOOST_REQUIRE(message.has_value());
  BOOST_TEST(message->kind == ticker_text_kind::message);
  BOOST_TEST(message->error_text.empty());
  auto other = parse_ticker_text(R"({"type":"alert","data":1})");
  BOOST_REQUIRE(other.has_value());
  BOOST_TEST(other->kind == ticker_text_kind::other);
}

BOOST_AUTO_TEST_CASE(bad_text_is_a_typed_problem) {
  auto problem = [](std::string_view text) {
    auto r = parse_ticker_text(text);
    BOOST_REQUIRE(!r.has_value());
    return r.error();
  };
  BOOST_TEST(problem("") == ticker_text_problem::malformed);
  BOOST_TEST(problem(R"({"type":"error","data":)") == ticker_text_problem::malformed);
  BOOST_TEST(problem("\xff\xfe") == ticker_text_problem::malformed);
  BOOST_TEST(problem("[1,2]") == ticker_text_problem::not_object);
  BOOST_TEST(problem(R"({"data":"x"})") == ticker_text_problem::not_object);
  BOOST_TEST(problem(R"({"type":7})") == ticker_text_problem::not_object);
  std::string oversized = R"({"type":"message","data":")" + std::string(max_ticker_text_bytes, 'x') + R"("})";
  BOOST_TEST(problem(oversized) == ticker_text_problem::too_large);
  BOOST_TEST(to_string(ticker_text_problem::too_large) == "too_large");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(requests)

BOOST_AUTO_TEST_CASE(subscribe_unsubscribe_and_mode_read_as_kite_documents) {
  const std::vector<uint64_t> tokens{408065, 884737};
  auto subscribe = subscribe_messages(tokens);
  BOOST_REQUIRE_EQUAL(subscribe.size(), 1u);
  BOOST_TEST(subscribe[0] == R"({"a":"subscribe","v":[408065,884737]})");
  auto unsubscribe = unsubscribe_messages(tokens);
  BOOST_REQUIRE_EQUAL(unsubscribe.size(), 1u);
  BOOST_TEST(unsubscribe[0] == R"({"a":"unsubscribe","v":[408065,884737]})");
  auto full = mode_messages(kite_tick_mode::full, tokens);
  BOOST_REQUIRE_EQUAL(full.size(), 1u);
  BOOST_TEST(full[0] == R"({"a":"mode","v":["full",[408065,884737]]})");
  BOOST_TEST(mode_messages(kite_tick_mode::ltp, std::vector<uint64_t>{884737})[0]
             == R"({"a":"mode","v":["ltp",[884737]]})");
  BOOST_TEST(mode_messages(kite_tick_mode::quote, std::vector<uint64_t>{884737})[0]
             == R"({"a":"mode","v":["quote",[884737]]})");
}

BOOST_AUTO_TEST_CASE(no_tokens_no_messages) {
  BOOST_TEST(subscribe_messages({}).empty());
  BOOST_TEST(unsubscribe_messages({}).empty());
  BOOST_TEST(mode_messages(kite_tick_mode::full, {}).empty());
}

BOOST_AUTO_TEST_CASE(many_tokens_go_in_batches_in_order) {
  std::vector<uint64_t> tokens(2'500);
  std::iota(tokens.begin(), tokens.end(), uint64_t{1'000'000});
  auto check = [&](const std::vector<std::string>& messages, bool mode) {
    BOOST_REQUIRE_EQUAL(messages.size(), 3u);
    std::vector<uint64_t> seen;
    const size_t sizes[] = {1'000, 1'000, 500};
    for (size_t i = 0; i < messages.size(); ++i) {
      auto json = nlohmann::json::parse(messages[i]);
      auto& list = mode ? json["v"][1] : json["v"];
      BOOST_TEST(list.size() == sizes[i]);
      for (auto& token : list)
        seen.push_back(token.get<uint64_t>());
    }
    BOOST_TEST(seen == tokens, boost::test_tools::per_element());
  };
  check(subscribe_messages(tokens), false);
  check(unsubscribe_messages(tokens), false);
  check(mode_messages(kite_tick_mode::quote, tokens), true);
}

BOOST_AUTO_TEST_SUITE_END()

// --- The encoder: encode, then read back ----------------------------------------------------------

namespace {

// A tick with every field set to distinct values in the segment's units: the reader gives back exactly
// the fields the packet size carries.
kite_tick every_field(uint32_t token, kite_tick_mode mode) {
  // Integers over the divisor, as the reader computes them: exactly representable round trips.
  auto unit = [divisor = price_divisor(segment_of(token))](int paise) { return paise / divisor; };
  kite_tick t;
  t.instrument_token = token;
  t.mode = mode;
  t.is_index = segment_of(token) == kite_segment::indices;
  t.last_price = unit(1234);
  t.last_quantity = 75;
  t.average_price = unit(1230);
  t.volume = 3'000'000'000; // above 2^31: written and read unsigned
  t.total_buy_quantity = 11;
  t.total_sell_quantity = 12;
  t.open = unit(1200);
  t.high = unit(1300);
  t.low = unit(1100);
  t.close = unit(1210);
  t.change = unit(-76); // index packets: signed
  t.last_trade_time = 1'764'819'899;
  t.oi = 500'000;
  t.oi_day_high = 510'000;
  t.oi_day_low = 490'000;
  t.exchange_time = 1'764'819'900;
  for (int level = 0; level < 5; ++level) {
    t.bids[level] = {100 + level, unit(1233 - level), 1 + level};
    t.asks[level] = {200 + level, unit(1235 + level), 11 + level};
  }
  return t;
}

// What the reader gives back for `t`: the fields its packet size carries, the rest 0.
kite_tick carried(const kite_tick& t) {
  kite_tick c;
  c.instrument_token = t.instrument_token;
  c.mode = t.mode;
  c.is_index = t.is_index;
  c.last_price = t.last_price;
  if (t.mode == kite_tick_mode::ltp)
    return c;
  c.open = t.open;
  c.high = t.high;
  c.low = t.low;
  c.close = t.close;
  if (t.is_index) {
    c.change = t.change;
    if (t.mode == kite_tick_mode::full)
      c.exchange_time = t.exchange_time;
    return c;
  }
  c.last_quantity = t.last_quantity;
  c.average_price = t.average_price;
  c.volume = t.volume;
  c.total_buy_quantity = t.total_buy_quantity;
  c.total_sell_quantity = t.total_sell_quantity;
  if (t.mode == kite_tick_mode::quote)
    return c;
  c.last_trade_time = t.last_trade_time;
  c.oi = t.oi;
  c.oi_day_high = t.oi_day_high;
  c.oi_day_low = t.oi_day_low;
  c.exchange_time = t.exchange_time;
  c.bids = t.bids;
  c.asks = t.asks;
  return c;
}

void check_same(const kite_tick& got, const kite_tick& want) {
  BOOST_TEST_CONTEXT("token " << want.instrument_token << " mode " << to_string(want.mode)) {
    BOOST_TEST(got.instrument_token == want.instrument_token);
    BOOST_TEST((got.mode == want.mode));
    BOOST_TEST(got.is_index == want.is_index);
    BOOST_TEST(got.last_price == want.last_price);
    BOOST_TEST(got.last_quantity == want.last_quantity);
    BOOST_TEST(got.average_price == want.average_price);
    BOOST_TEST(got.volume == want.volume);
    BOOST_TEST(got.total_buy_quantity == want.total_buy_quantity);
    BOOST_TEST(got.total_sell_quantity == want.total_sell_quantity);
    BOOST_TEST(got.open == want.open);
    BOOST_TEST(got.high == want.high);
    BOOST_TEST(got.low == want.low);
    BOOST_TEST(got.close == want.close);
    BOOST_TEST(got.change == want.change);
    BOOST_TEST(got.last_trade_time == want.last_trade_time);
    BOOST_TEST(got.oi == want.oi);
    BOOST_TEST(got.oi_day_high == want.oi_day_high);
    BOOST_TEST(got.oi_day_low == want.oi_day_low);
    BOOST_TEST(got.exchange_time == want.exchange_time);
    for (size_t level = 0; level < 5; ++level) {
      for (auto [g, w] : {std::pair{got.bids[level], want.bids[level]}, std::pair{got.asks[level], want.asks[level]}}) {
        BOOST_TEST(g.quantity == w.quantity);
        BOOST_TEST(g.price == w.price);
        BOOST_TEST(g.orders == w.orders);
      }
    }
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(every_mode_and_segment_encodes_and_reads_back_field_by_field) {
  std::vector<kite_tick> ticks;
  for (uint32_t segment = 1; segment <= 9; ++segment)
    for (auto mode : {kite_tick_mode::ltp, kite_tick_mode::quote, kite_tick_mode::full})
      ticks.push_back(every_field(0x0abcde00u | segment, mode));
  auto message = encode_ticker_message(ticks);
  ticker_frame_reader reader{message};
  kite_tick got;
  size_t i = 0;
  while (reader.next(got)) {
    BOOST_TEST_REQUIRE(i < ticks.size());
    check_same(got, carried(ticks[i]));
    BOOST_TEST(packet_size_of(ticks[i])
               == (ticks[i].is_index ? std::array<size_t, 3>{8, 28, 32}
                                     : std::array<size_t, 3>{8, 44, 184})[static_cast<size_t>(ticks[i].mode)]);
    ++i;
  }
  BOOST_TEST(i == ticks.size());
  BOOST_TEST((reader.outcome().problem == ticker_frame_problem::none));
  BOOST_TEST(reader.outcome().packets_counted == ticks.size());
}

BOOST_AUTO_TEST_CASE(the_encoder_writes_the_documented_bytes) {
  kite_tick ltp;
  ltp.instrument_token = 408065; // 0x00063a01: NSE
  ltp.last_price = 2500.5;
  auto message = encode_ticker_message(std::span{&ltp, 1});
  // count 1, length 8, token, 250050 paise = 0x0003d0c2.
  const std::string want{"\x00\x01\x00\x08\x00\x06\x3a\x01\x00\x03\xd0\xc2", 12};
  BOOST_TEST(message == want);
  BOOST_TEST(encode_ticker_message({}) == std::string(2, '\0'));
  auto heartbeat = ticker_heartbeat();
  BOOST_TEST(heartbeat.size() == 1u);
  BOOST_TEST(ticker_frame_reader{heartbeat}.outcome().heartbeat);
}
