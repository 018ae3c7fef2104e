#define BOOST_TEST_MODULE calendar
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "config/calendar.hpp"
#include "config/calendar_report.hpp"
#include "config/ist_time.hpp"

using namespace g6;

namespace {

day_number d(const char* text) {
  auto date = parse_date(text);
  BOOST_REQUIRE_MESSAGE(date, text);
  return *date;
}

const exchange_calendar& nse() {
  return exchange_calendar::builtin(exchange::nse);
}

const exchange_calendar& bse() {
  return exchange_calendar::builtin(exchange::bse);
}

/// Expiries as "YYYY-MM-DD kind" lines, so a failing comparison prints readable dates.
std::vector<std::string> listing(std::string_view index, const char* from, int count) {
  std::vector<std::string> result;
  for (auto& e : expiries(index, d(from), count, exchange_calendar::builtin(exchange_of(index))))
    result.push_back(format_date(e.date) + " " + std::string{to_string(e.kind)});
  return result;
}

using lines = std::vector<std::string>;

epoch_ms at(const char* date, int hour, int minute, int second = 0) {
  return ist_instant(d(date), hour, minute, second);
}

} // namespace

BOOST_AUTO_TEST_SUITE(holidays)

BOOST_AUTO_TEST_CASE(nse_lists_the_known_2025_and_2026_closures) {
  for (auto date : {"2025-02-26", "2025-03-14", "2025-03-31", "2025-04-10", "2025-04-14", "2025-04-18", "2025-05-01",
                    "2025-08-15", "2025-08-27", "2025-10-02", "2025-10-21", "2025-10-22", "2025-11-05", "2025-12-25",
                    "2026-03-03", "2026-03-31", "2026-04-14", "2026-11-10", "2026-11-24"}) {
    BOOST_TEST_CONTEXT(date) {
      BOOST_TEST(nse().is_holiday(d(date)));
      BOOST_TEST(!nse().is_trading_day(d(date)));
    }
  }
  BOOST_TEST(!nse().is_holiday(d("2026-03-04")));
}

BOOST_AUTO_TEST_CASE(shipped_files_cover_the_rules_period_with_weekday_holidays_only) {
  for (auto* calendar : {&nse(), &bse()}) {
    BOOST_TEST(format_date(calendar->covered_from()) == "2024-11-20");
    BOOST_TEST(format_date(calendar->covered_to()) == "2026-12-31");
    auto days = calendar->sessions(calendar->covered_from(), calendar->covered_to());
    // Every covered weekday is a session or a listed holiday: 32 weekday holidays in the range.
    int weekdays = 0;
    for (auto date = calendar->covered_from(); date <= calendar->covered_to(); ++date)
      weekdays += weekday(date) < 5;
    BOOST_TEST(weekdays - static_cast<int>(days.size()) == 32);
  }
}

BOOST_AUTO_TEST_CASE(bse_closes_for_the_mumbai_civic_polls_too) {
  BOOST_TEST(bse().is_holiday(d("2026-01-15")));
  BOOST_TEST(nse().is_holiday(d("2026-01-15")));
  BOOST_TEST(bse().is_holiday(d("2026-11-24")));
}

BOOST_AUTO_TEST_CASE(outside_coverage_only_weekends_close) {
  BOOST_TEST(nse().is_trading_day(d("2027-01-26")));  // Republic Day 2027: not yet known
  BOOST_TEST(!nse().is_trading_day(d("2027-01-30"))); // a Saturday
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(trading_days)

BOOST_AUTO_TEST_CASE(sessions_skip_weekends_and_holidays) {
  std::vector<day_number> expected{d("2026-03-02"), d("2026-03-04"), d("2026-03-05"), d("2026-03-06"), d("2026-03-09")};
  BOOST_TEST(nse().sessions(d("2026-02-28"), d("2026-03-09")) == expected, boost::test_tools::per_element());
  BOOST_TEST(nse().sessions(d("2026-03-07"), d("2026-03-08")).empty());
  BOOST_TEST(nse().sessions(d("2026-03-09"), d("2026-03-02")).empty());
}

BOOST_AUTO_TEST_CASE(previous_and_next_trading_day_step_over_closures) {
  BOOST_TEST(format_date(nse().previous_trading_day(d("2026-03-04"))) == "2026-03-02");
  BOOST_TEST(format_date(nse().next_trading_day(d("2026-03-02"))) == "2026-03-04");
  BOOST_TEST(format_date(nse().next_trading_day(d("2026-04-02"))) == "2026-04-06");     // Good Friday
  BOOST_TEST(format_date(nse().previous_trading_day(d("2025-10-23"))) == "2025-10-20"); // Diwali
}

BOOST_AUTO_TEST_CASE(session_hours_are_0915_to_1530_ist) {
  BOOST_TEST(format_ist(exchange_calendar::session_open(d("2026-03-06"))) == "2026-03-06T09:15:00.000+05:30");
  BOOST_TEST(exchange_calendar::session_close(d("2026-03-06")) == 1772791200000); // 10:00 UTC
}

BOOST_AUTO_TEST_CASE(is_open_at_the_boundaries) {
  BOOST_TEST(!nse().is_open(at("2026-03-06", 9, 14, 59)));
  BOOST_TEST(nse().is_open(at("2026-03-06", 9, 15)));
  BOOST_TEST(nse().is_open(at("2026-03-06", 15, 29, 59)));
  BOOST_TEST(!nse().is_open(at("2026-03-06", 15, 30)));
  BOOST_TEST(!nse().is_open(at("2026-03-03", 11, 0))); // Holi
  BOOST_TEST(!nse().is_open(at("2026-03-07", 11, 0))); // Saturday
}

BOOST_AUTO_TEST_CASE(next_open_finds_the_next_session) {
  auto open = at("2026-03-06", 10, 0);
  BOOST_TEST(nse().next_open(open) == open);
  BOOST_TEST(nse().next_open(at("2026-03-06", 9, 14, 59)) == at("2026-03-06", 9, 15));
  BOOST_TEST(nse().next_open(at("2026-03-06", 15, 30)) == at("2026-03-09", 9, 15)); // Friday -> Monday
  BOOST_TEST(nse().next_open(at("2026-03-06", 20, 0)) == at("2026-03-09", 9, 15));
  BOOST_TEST(nse().next_open(at("2026-03-07", 12, 0)) == at("2026-03-09", 9, 15));
  BOOST_TEST(nse().next_open(at("2026-03-02", 16, 0)) == at("2026-03-04", 9, 15)); // before Holi
  BOOST_TEST(nse().next_open(at("2026-03-03", 8, 0)) == at("2026-03-04", 9, 15));  // on Holi
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(expiry_rules)

BOOST_AUTO_TEST_CASE(index_facts) {
  BOOST_TEST(to_string(exchange_of("NIFTY")) == "NSE");
  BOOST_TEST(to_string(exchange_of("SENSEX")) == "BSE");
  BOOST_TEST(to_string(exchange_of("BANKEX")) == "BSE");
  BOOST_TEST(to_string(exchange_of("MIDCPNIFTY")) == "NSE");
  BOOST_TEST(*default_strike_step("NIFTY") == 50);
  BOOST_TEST(*default_strike_step("BANKNIFTY") == 100);
  BOOST_TEST(*default_strike_step("FINNIFTY") == 50);
  BOOST_TEST(*default_strike_step("MIDCPNIFTY") == 25);
  BOOST_TEST(*default_strike_step("SENSEX") == 100);
  BOOST_TEST(!default_strike_step("NIFTYIT"));
  BOOST_TEST(has_expiry_rules("NIFTY"));
  BOOST_TEST(!has_expiry_rules("nifty"));
  BOOST_TEST(expiries("NIFTYIT", d("2026-01-01"), 3, nse()).empty());
  BOOST_TEST(expiries("NIFTY", d("2026-01-01"), 0, nse()).empty());
}

BOOST_AUTO_TEST_CASE(holiday_expiries_move_to_the_previous_trading_day) {
  BOOST_TEST(listing("NIFTY", "2026-03-01", 7)
               == (lines{"2026-03-02 weekly", "2026-03-10 weekly", "2026-03-17 weekly", "2026-03-24 weekly",
                         "2026-03-30 monthly", "2026-04-07 weekly", "2026-04-13 weekly"}),
             boost::test_tools::per_element());
  BOOST_TEST(listing("NIFTY", "2026-11-01", 5)
               == (lines{"2026-11-03 weekly", "2026-11-09 weekly", "2026-11-17 weekly", "2026-11-23 monthly",
                         "2026-12-01 weekly"}),
             boost::test_tools::per_element());
  BOOST_TEST(listing("NIFTY", "2025-10-01", 4)
               == (lines{"2025-10-07 weekly", "2025-10-14 weekly", "2025-10-20 weekly", "2025-10-28 monthly"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(from_counts_the_shifted_date_not_the_scheduled_one) {
  BOOST_TEST(listing("NIFTY", "2026-03-02", 1) == lines{"2026-03-02 weekly"}, boost::test_tools::per_element());
  // Tuesday 3 Mar is the scheduled date, but that expiry happened on Monday.
  BOOST_TEST(listing("NIFTY", "2026-03-03", 1) == lines{"2026-03-10 weekly"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(september_2025_moves_nse_to_tuesday) {
  BOOST_TEST(listing("NIFTY", "2025-08-18", 7)
               == (lines{"2025-08-21 weekly", "2025-08-28 monthly", "2025-09-02 weekly", "2025-09-09 weekly",
                         "2025-09-16 weekly", "2025-09-23 weekly", "2025-09-30 monthly"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(september_2025_moves_bse_to_thursday) {
  BOOST_TEST(listing("SENSEX", "2025-08-18", 6)
               == (lines{"2025-08-19 weekly", "2025-08-26 monthly", "2025-09-04 weekly", "2025-09-11 weekly",
                         "2025-09-18 weekly", "2025-09-25 monthly"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sensex_thursdays_with_bse_holidays) {
  BOOST_TEST(listing("SENSEX", "2026-01-01", 5)
               == (lines{"2026-01-01 weekly", "2026-01-08 weekly", "2026-01-14 weekly", "2026-01-22 weekly",
                         "2026-01-29 monthly"}),
             boost::test_tools::per_element());
  BOOST_TEST(listing("SENSEX", "2025-12-15", 3)
               == (lines{"2025-12-18 weekly", "2025-12-24 monthly", "2026-01-01 weekly"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sensex_moved_from_friday_to_tuesday_in_january_2025) {
  // The weekly of Friday 3 Jan 2025 kept its Friday expiry; Tuesdays from 7 Jan.
  BOOST_TEST(listing("SENSEX", "2024-12-20", 7)
               == (lines{"2024-12-20 weekly", "2024-12-27 monthly", "2025-01-03 weekly", "2025-01-07 weekly",
                         "2025-01-14 weekly", "2025-01-21 weekly", "2025-01-28 monthly"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_month_end_weekly_is_listed_once_as_monthly) {
  auto list = expiries("NIFTY", d("2025-09-29"), 2, nse());
  BOOST_REQUIRE(list.size() == 2u);
  BOOST_TEST(format_date(list[0].date) == "2025-09-30");
  BOOST_TEST(to_string(list[0].kind) == "monthly");
  BOOST_TEST(format_date(list[1].date) == "2025-10-07");
}

BOOST_AUTO_TEST_CASE(monthly_only_indices) {
  BOOST_TEST(listing("BANKNIFTY", "2025-07-01", 6)
               == (lines{"2025-07-31 monthly", "2025-08-28 monthly", "2025-09-30 monthly", "2025-10-28 monthly",
                         "2025-11-25 monthly", "2025-12-30 monthly"}),
             boost::test_tools::per_element());
  BOOST_TEST(listing("MIDCPNIFTY", "2026-03-12", 2) == (lines{"2026-03-30 monthly", "2026-04-28 monthly"}),
             boost::test_tools::per_element());
  // Before January 2025 each index kept its own weekday: BANKNIFTY Wednesday (25 Dec 2024 was
  // Christmas), FINNIFTY Tuesday, MIDCPNIFTY Monday.
  BOOST_TEST(listing("BANKNIFTY", "2024-11-01", 3)
               == (lines{"2024-11-27 monthly", "2024-12-24 monthly", "2025-01-30 monthly"}),
             boost::test_tools::per_element());
  BOOST_TEST(listing("FINNIFTY", "2024-11-01", 2) == (lines{"2024-11-26 monthly", "2024-12-31 monthly"}),
             boost::test_tools::per_element());
  BOOST_TEST(listing("MIDCPNIFTY", "2024-11-01", 2) == (lines{"2024-11-25 monthly", "2024-12-30 monthly"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(no_expiries_before_the_rules_start) {
  BOOST_TEST(listing("NIFTY", "2024-01-01", 2) == (lines{"2024-11-21 weekly", "2024-11-28 monthly"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(report)

BOOST_AUTO_TEST_CASE(expiries_as_text) {
  auto r = expiries_report({"nifty", "2026-03-01", "3", false});
  BOOST_TEST(r.ok());
  BOOST_TEST(r.output == "2026-03-02 Mon weekly\n2026-03-10 Tue weekly\n2026-03-17 Tue weekly\n");
  BOOST_TEST(r.note.empty());
}

BOOST_AUTO_TEST_CASE(expiries_as_json) {
  auto r = expiries_report({"NIFTY", "2026-03-24", "2", true});
  BOOST_TEST(r.ok());
  auto expected =
    nlohmann::json::parse(R"([{"date": "2026-03-24", "kind": "weekly"}, {"date": "2026-03-30", "kind": "monthly"}])");
  BOOST_TEST(nlohmann::json::parse(r.output) == expected);
}

BOOST_AUTO_TEST_CASE(expiries_notes_where_the_data_ends) {
  auto early = expiries_report({"NIFTY", "2024-06-01", "1", false});
  BOOST_TEST(early.output == "2024-11-21 Thu weekly\n");
  BOOST_TEST(early.note
             == "no expiry rules are known before the 2024-11-21 expiry of NIFTY; nothing earlier is listed\n");
  auto late = expiries_report({"SENSEX", "2026-12-28", "2", false});
  BOOST_TEST(late.output == "2026-12-31 Thu monthly\n2027-01-07 Thu weekly\n");
  BOOST_TEST(late.note
             == "BSE holidays are known from 2024-11-20 to 2026-12-31; outside that range only weekends are "
                "closed\n");
}

BOOST_AUTO_TEST_CASE(expiries_errors) {
  BOOST_TEST(expiries_report({"NIFTYIT", "2026-03-01", "3", false}).error
             == "unknown index 'NIFTYIT': no expiry rules for it in config/calendars/expiry_rules.json");
  BOOST_TEST(expiries_report({"NIFTY", "2026-02-30", "3", false}).error
             == "bad --from date '2026-02-30': expected YYYY-MM-DD");
  BOOST_TEST(expiries_report({"NIFTY", "2026-03-01", "0", false}).error
             == "bad --count '0': expected a whole number from 1 to 1000");
  BOOST_TEST(!expiries_report({"NIFTY", "2026-03-01", "3x", false}).ok());
}

BOOST_AUTO_TEST_CASE(sessions_as_text_and_json) {
  auto text = sessions_report({"2026-03-01", "2026-03-05", "nse", false});
  BOOST_TEST(text.ok());
  BOOST_TEST(text.output == "2026-03-02 Mon\n2026-03-04 Wed\n2026-03-05 Thu\n");
  auto json = sessions_report({"2026-01-14", "2026-01-16", "BSE", true});
  BOOST_TEST(nlohmann::json::parse(json.output) == nlohmann::json::parse(R"(["2026-01-14", "2026-01-16"])"));
  BOOST_TEST(json.note.empty());
}

BOOST_AUTO_TEST_CASE(sessions_errors) {
  BOOST_TEST(sessions_report({"2026-03-10", "2026-03-01", "NSE", false}).error
             == "--from 2026-03-10 is after --to 2026-03-01");
  BOOST_TEST(sessions_report({"2026-3-1", "2026-03-01", "NSE", false}).error
             == "bad --from date '2026-3-1': expected YYYY-MM-DD");
  BOOST_TEST(sessions_report({"2026-03-01", "tomorrow", "NSE", false}).error
             == "bad --to date 'tomorrow': expected YYYY-MM-DD");
  BOOST_TEST(sessions_report({"2026-03-01", "2026-03-02", "MCX", false}).error
             == "unknown exchange 'MCX': expected NSE or BSE");
}

BOOST_AUTO_TEST_SUITE_END()
