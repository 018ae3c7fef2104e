#define BOOST_TEST_MODULE kite_parsers
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "actors/provider/kite/instruments_report.hpp"
#include "actors/provider/kite/kite_error.hpp"
#include "actors/provider/kite/kite_instruments.hpp"
#include "actors/provider/kite/kite_quotes.hpp"
#include "config/calendar.hpp"
#include "config/ist_time.hpp"

using namespace g6;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  BOOST_REQUIRE_MESSAGE(in, "cannot open " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// By value: the results are temporaries.
template <class T>
T ok(kite_result<T> result) {
  if (!result)
    BOOST_FAIL("unexpected error: " << result.error().message);
  return *std::move(result);
}

template <class T>
kite_error failed(kite_result<T> result) {
  BOOST_REQUIRE_MESSAGE(!result.has_value(), "expected an error");
  return std::move(result).error();
}

const std::string instruments_all = "../shared/data/kite/instruments_all.csv";

} // namespace

BOOST_AUTO_TEST_CASE(the_real_dump_parses_row_for_row) {
  auto dump = ok(parse_instruments_csv(slurp(instruments_all)));
  BOOST_TEST(dump.rows.size() == 99u);
  BOOST_TEST(dump.rejected == 0u);
  auto first = dump.rows.front();
  BOOST_TEST(first.instrument_token == 3813889u);
  BOOST_TEST(first.exchange_token == 14898u);
  BOOST_TEST(first.tradingsymbol == "CENTRALBK-BE");
  BOOST_TEST(first.name == "CENTRAL BANK OF INDIA");
  BOOST_TEST(first.expiry == 0);
  BOOST_TEST(first.tick_size == 0.05);
  BOOST_TEST(first.lot_size == 1);
  BOOST_TEST(first.instrument_type == "EQ");
  BOOST_TEST(first.segment == "NSE");
  auto option = std::find_if(dump.rows.begin(), dump.rows.end(),
                             [](auto& r) { return r.tradingsymbol == "BANKNIFTY18JAN23500CE"; });
  BOOST_REQUIRE(option != dump.rows.end());
  BOOST_TEST(option->instrument_token == 12073986u);
  BOOST_TEST(option->exchange_token == 47164u);
  BOOST_TEST(option->name == "");
  BOOST_TEST(option->last_price == 2528.4);
  BOOST_TEST(option->expiry == make_date(2018, 1, 25));
  BOOST_TEST(option->strike == 23500.0);
  BOOST_TEST(option->lot_size == 40);
  BOOST_TEST(option->instrument_type == "CE");
  BOOST_TEST(option->segment == "NFO-OPT");
  BOOST_TEST(option->exchange == "NFO");
  auto options = std::count_if(dump.rows.begin(), dump.rows.end(), [](auto& r) { return r.segment == "NFO-OPT"; });
  BOOST_TEST(options == 25);
}

BOOST_AUTO_TEST_CASE(the_resolver_derives_banknifty_from_the_real_dump) {
  auto dump = ok(parse_instruments_csv(slurp(instruments_all)));
  auto list = ok(resolve_index(dump.rows, "BANKNIFTY", default_index_source("BANKNIFTY"), make_date(2017, 11, 27)));
  BOOST_TEST(list.index == "BANKNIFTY");
  BOOST_TEST(list.expiries
             == (std::vector<day_number>{make_date(2017, 11, 30), make_date(2017, 12, 28), make_date(2018, 1, 25)}));
  BOOST_TEST(list.options.size() == 12u);
  BOOST_TEST(list.strike_step == 100.0);
  BOOST_TEST(list.lot_size == 40);
  BOOST_TEST(list.options.front().symbol == "BANKNIFTY17NOV23600PE");
  BOOST_TEST(list.options.front().token == 13842434u);
  BOOST_TEST((list.options.front().type == option_type::put));
  // After the November expiry only December and January remain.
  auto later = ok(resolve_index(dump.rows, "BANKNIFTY", default_index_source("BANKNIFTY"), make_date(2017, 12, 1)));
  BOOST_TEST(later.options.size() == 9u);
  // No NIFTY options in this dump, and INDIACEM is not an index: a clear error, not an empty list.
  auto none = failed(resolve_index(dump.rows, "NIFTY", default_index_source("NIFTY"), make_date(2017, 11, 27)));
  BOOST_TEST((none.code == kite_errc::input_error));
  BOOST_TEST(none.message.find("NIFTY") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_resolver_derives_a_stock_underlying_from_the_real_dump) {
  auto dump = ok(parse_instruments_csv(slurp(instruments_all)));
  // INDIACEM and INDIANB are F&O stocks of NFO: any underlying the dump lists resolves by name, its step
  // the smallest gap between listed strikes and its lot size the dump's.
  auto cement = ok(resolve_underlying(dump.rows, "INDIACEM", make_date(2017, 12, 1)));
  BOOST_TEST(cement.index == "INDIACEM");
  BOOST_TEST(cement.expiries == (std::vector<day_number>{make_date(2017, 12, 28)}));
  BOOST_TEST(cement.options.size() == 5u);
  BOOST_TEST(cement.strike_step == 5.0);
  BOOST_TEST(cement.lot_size == 3500);
  BOOST_TEST(cement.options.front().symbol == "INDIACEM17DEC220PE");
  auto bank = ok(resolve_underlying(dump.rows, "INDIANB", make_date(2017, 12, 1)));
  BOOST_TEST(bank.options.size() == 7u);
  BOOST_TEST(bank.strike_step == 10.0);
  BOOST_TEST(bank.lot_size == 2000);
  // An index still resolves in its own segment.
  BOOST_TEST(ok(resolve_underlying(dump.rows, "BANKNIFTY", make_date(2017, 11, 27))).options.size() == 12u);
  BOOST_TEST(underlying_sources("SENSEX").size() == 1u);
  BOOST_TEST(underlying_sources("RELIANCE").size() == 2u);
  // A name the dump does not list is an error naming it and every segment searched.
  auto unknown = failed(resolve_underlying(dump.rows, "RELIANCE", make_date(2017, 12, 1)));
  BOOST_TEST((unknown.code == kite_errc::input_error));
  BOOST_TEST(unknown.message
             == "unknown underlying RELIANCE: the instrument dump lists no options of it in NFO-OPT or "
                "BFO-OPT on or after 2017-12-01");
}

BOOST_AUTO_TEST_CASE(csv_rules_quotes_crlf_and_rejected_rows) {
  std::string csv = "instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,"
                    "instrument_type,segment,exchange\r\n"
                    "1,2,\"A,B\",\"say \"\"hi\"\"\",0.0,,0.0,0.05,1,EQ,NSE,NSE\r\n"
                    "3,4,X,,abc,,0.0,0.05,1,EQ,NSE,NSE\r\n"
                    "5,6,Y,,0.0,2018-13-01,0.0,0.05,1,EQ,NSE,NSE\r\n"
                    "7,8,Z\r\n";
  auto dump = ok(parse_instruments_csv(csv));
  BOOST_REQUIRE(dump.rows.size() == 1u);
  BOOST_TEST(dump.rows[0].tradingsymbol == "A,B");
  BOOST_TEST(dump.rows[0].name == "say \"hi\"");
  BOOST_TEST(dump.rejected == 3u);
  BOOST_TEST(dump.first_rejection == "line 3: a numeric field is not a number");
  // A round trip through the writer gives the same rows.
  auto again = ok(parse_instruments_csv(format_instruments_csv(dump.rows)));
  BOOST_TEST(again.rows[0].name == "say \"hi\"");
  BOOST_TEST(again.rejected == 0u);
  auto bad_header = failed(parse_instruments_csv("instrument_token,tradingsymbol\n1,A\n"));
  BOOST_TEST(bad_header.message.find("exchange_token") != std::string::npos);
  auto open_quote = failed(parse_instruments_csv(csv + "9,10,\"never closed\n"));
  BOOST_TEST(open_quote.message == "instruments CSV: line 6: unterminated quoted field");
}

BOOST_AUTO_TEST_CASE(calendar_mismatches_name_both_directions) {
  // NIFTY from Mon 16 Nov 2026: the monthlies of November (Tue 24 Nov is a holiday: Mon 23 Nov) and
  // December, and one December weekly. The weeklies the rules expect up to that weekly are missing; the
  // later ones are simply not listed yet.
  auto found = calendar_mismatches("NIFTY", {make_date(2026, 11, 23), make_date(2026, 12, 8), make_date(2026, 12, 29)},
                                   make_date(2026, 11, 16));
  BOOST_TEST(
    found == (std::vector<std::string>{"2026-11-17 in the rules, not listed", "2026-12-01 in the rules, not listed"}),
    boost::test_tools::per_element());
  // A listed date the rules do not predict, and the one they predict instead.
  auto moved =
    calendar_mismatches("NIFTY", {make_date(2026, 11, 17), make_date(2026, 11, 24)}, make_date(2026, 11, 16));
  BOOST_TEST(
    moved == (std::vector<std::string>{"2026-11-24 listed, not in the rules", "2026-11-23 in the rules, not listed"}),
    boost::test_tools::per_element());
  // The real 2017 dump predates every known rule (2024-11-20): each listed expiry is unexplained.
  auto old = calendar_mismatches(
    "BANKNIFTY", {make_date(2017, 11, 30), make_date(2017, 12, 28), make_date(2018, 1, 25)}, make_date(2017, 11, 27));
  BOOST_TEST(old.size() == 3u);
  BOOST_TEST(old.front() == "2017-11-30 listed, not in the rules");
  BOOST_TEST(calendar_mismatches("NOSUCH", {make_date(2026, 11, 24)}, make_date(2026, 11, 16)).empty());
}

BOOST_AUTO_TEST_CASE(far_monthlies_between_long_dated_contracts_are_not_mismatches_but_a_hole_is) {
  // NIFTY on Mon 16 Nov 2026 as the exchange lists it: the weeklies up to 8 Dec, three serial monthlies,
  // then quarterly (Mar, Jun, Sep, Dec) and half-yearly (Jun, Dec) contracts for years.
  auto today = make_date(2026, 11, 16);
  auto predicted = expiries("NIFTY", today, 200, exchange_calendar::builtin(exchange::nse));
  std::vector<day_number> listed;
  int monthlies = 0;
  for (auto& e : predicted) {
    using namespace std::chrono;
    auto month = static_cast<unsigned>(year_month_day{sys_days{days{e.date}}}.month());
    if (e.kind == expiry_kind::weekly
          ? e.date <= make_date(2026, 12, 8)
          : ++monthlies <= 3 || (e.date < make_date(2028, 1, 1) && month % 3 == 0) || month % 6 == 0)
      listed.push_back(e.date);
  }
  BOOST_REQUIRE(listed.back() > make_date(2029, 1, 1));
  auto far = calendar_mismatches("NIFTY", listed, today);
  BOOST_TEST(far.empty(), "far mismatches: " << far.size() << (far.empty() ? "" : ", first " + far.front()));
  // A serial monthly and a weekly missing inside the horizon still are mismatches.
  auto holed = listed;
  std::erase(holed, make_date(2026, 12, 29));
  std::erase(holed, make_date(2026, 12, 1));
  BOOST_TEST(
    calendar_mismatches("NIFTY", holed, today)
      == (std::vector<std::string>{"2026-12-01 in the rules, not listed", "2026-12-29 in the rules, not listed"}),
    boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(instruments_gives_every_bucket_of_an_expiry_from_the_real_dump) {
  auto report = [](std::string index, std::string at) {
    auto r = instruments_report({instruments_all, index, at, true});
    BOOST_REQUIRE_MESSAGE(r.ok(), r.error);
    return nlohmann::json::parse(r.output)["expiries"];
  };
  // BANKNIFTY lists monthlies only here: the nearest expiry is this week's and this month's.
  BOOST_TEST(report("BANKNIFTY", "2017-11-27").dump()
             == R"([{"buckets":["this_week","this_month"],"date":"2017-11-30"},)"
                R"({"buckets":["next_month"],"date":"2017-12-28"},{"buckets":[],"date":"2018-01-25"}])");
  BOOST_TEST(
    report("BANKNIFTY", "2017-12-01").dump()
    == R"([{"buckets":["this_week","this_month"],"date":"2017-12-28"},{"buckets":["next_month"],"date":"2018-01-25"}])");
  // A stock option with a single expiry: every bucket that expiry can fill.
  BOOST_TEST(report("INDIANB", "2017-12-01").dump()
             == R"([{"buckets":["this_week","this_month"],"date":"2017-12-28"}])");
  auto text = instruments_report({instruments_all, "BANKNIFTY", "2017-11-27", false});
  BOOST_TEST(text.output.find("  2017-11-30  this_week, this_month\n") != std::string::npos);
  BOOST_TEST(text.output.find("  2018-01-25  -\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_real_quote_answer_parses_field_for_field) {
  auto quotes = ok(parse_quotes(slurp("../shared/data/kite/quote.json")));
  BOOST_REQUIRE(quotes.size() == 1u);
  auto q = quotes.at("NSE:INFY");
  BOOST_TEST(q.instrument_token == 408065u);
  BOOST_TEST(q.last_price == 1412.95);
  BOOST_TEST(q.volume == 7360198);
  BOOST_TEST(q.oi == 0.0);
  BOOST_TEST(q.open == 1396.0);
  BOOST_TEST(q.high == 1421.75);
  BOOST_TEST(q.low == 1395.55);
  BOOST_TEST(q.close == 1389.65);
  BOOST_TEST(q.timestamp == 1623147356000);
  BOOST_TEST(q.last_trade_time == 1623147352000);
  BOOST_TEST(q.buy[0].price == 0.0);
  BOOST_TEST(q.sell[0].price == 1412.95);
  BOOST_TEST(q.sell[0].quantity == 5191);
  BOOST_TEST(q.sell[0].orders == 13);
  auto g6_quote = to_option_quote(7, q);
  BOOST_TEST(g6_quote.token == 7u);
  BOOST_TEST(g6_quote.bid == 0.0);
  BOOST_TEST(g6_quote.ask == 1412.95);
  BOOST_TEST(g6_quote.quote_ts == 1623147356000);
  auto ltp = ok(parse_quotes(slurp("../shared/data/kite/ltp.json")));
  BOOST_TEST(ltp.at("NSE:INFY").last_price == 1074.35);
  BOOST_TEST(ltp.at("NSE:INFY").timestamp == 0);
}

BOOST_AUTO_TEST_CASE(bad_quote_answers_are_typed_errors_with_a_snippet) {
  auto garbage = failed(parse_quotes("{\"status\":\"success\",\"data\":{\"NFO:X\":{\"last_price\":"));
  BOOST_TEST((garbage.code == kite_errc::malformed));
  BOOST_TEST(garbage.message.find("{\"status\":\"success\"") != std::string::npos);
  auto wrong_type = failed(parse_quotes("{\"status\":\"success\",\"data\":{\"NFO:X\":{\"last_price\":\"1\"}}}"));
  BOOST_TEST(wrong_type.message.find("'NFO:X' has a field of the wrong type") != std::string::npos);
  auto token = failed(parse_quotes(
    "{\"status\":\"error\",\"message\":\"Incorrect `api_key` or `access_token`.\",\"error_type\":\"TokenException\"}"));
  BOOST_TEST((token.code == kite_errc::auth_required));
  BOOST_TEST(to_string(token.code) == "auth_required");
}

BOOST_AUTO_TEST_CASE(http_failures_map_to_reasons) {
  auto body = [](const char* type) {
    return std::string{"{\"status\":\"error\",\"message\":\"m\",\"error_type\":\""} + type + "\"}";
  };
  BOOST_TEST((classify_failure(403, body("TokenException")).code == kite_errc::auth_required));
  BOOST_TEST((classify_failure(403, body("PermissionException")).code == kite_errc::permission));
  BOOST_TEST((classify_failure(400, body("InputException")).code == kite_errc::input_error));
  BOOST_TEST((classify_failure(503, body("NetworkException")).code == kite_errc::server_error));
  BOOST_TEST((classify_failure(502, body("DataException")).code == kite_errc::server_error));
  BOOST_TEST((classify_failure(429, "Too many requests").code == kite_errc::rate_limited));
  BOOST_TEST((classify_failure(500, "<html>oops</html>").code == kite_errc::server_error));
  BOOST_TEST(classify_failure(500, "<html>oops</html>").message
             == "HTTP 500 with an unexpected body: <html>oops</html>");
  BOOST_TEST(classify_failure(403, body("TokenException")).message == "HTTP 403 TokenException: m");
  BOOST_TEST(is_retryable(kite_errc::server_error));
  BOOST_TEST(!is_retryable(kite_errc::auth_required));
  BOOST_TEST(!is_retryable(kite_errc::input_error));
}

BOOST_AUTO_TEST_CASE(kite_times_are_ist) {
  BOOST_TEST(parse_kite_time("2021-06-08 15:45:56").value() == 1623147356000);
  BOOST_TEST(!parse_kite_time("2021-06-08T15:45:56"));
  BOOST_TEST(!parse_kite_time("2021-06-08 25:45:56"));
}
