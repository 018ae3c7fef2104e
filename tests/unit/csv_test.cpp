// The CSV tree: the original platform's layout and columns, and appends that never leave a torn line.
#define BOOST_TEST_MODULE csv
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include <unistd.h>

#include "actors/csv/csv_files.hpp"
#include "actors/csv/csv_layout.hpp"
#include "config/ist_time.hpp"
#include "tests/support/temp_dir.hpp"

using namespace g6;
using g6::testing::temp_dir;

namespace {

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in{file, std::ios::binary};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

size_t columns(std::string_view line) {
  return static_cast<size_t>(std::count(line.begin(), line.end(), ',')) + 1;
}

option_row leg(option_type type, double strike, double price) {
  option_row r;
  r.index = "NIFTY";
  r.expiry = make_date(2026, 12, 1);
  r.bucket = expiry_bucket::this_week;
  r.strike = strike;
  r.type = type;
  r.last_price = price;
  r.volume = 1200;
  r.oi = 45000;
  r.iv = 0.125;
  r.delta = type == option_type::call ? 0.5 : -0.5;
  r.gamma = 0.001;
  r.theta = -12.5;
  r.vega = 8.25;
  r.rho = 1.5;
  return r;
}

index_snapshot nifty_snapshot() {
  index_snapshot s;
  s.overview.ts = *parse_iso8601("2026-11-26T09:15:00+05:30");
  s.overview.index = "NIFTY";
  s.overview.underlying = 26030;
  s.overview.day_width = 120.5;
  s.overview.pcr_oi = {0.85, 1.1, absent, 0.9};
  s.overview.expected_mask = 15;
  s.overview.collected_mask = 11;
  s.overview.missing_mask = 4;
  s.spot.last_price = 26030;
  s.spot.prev_close = 26000;
  s.spot.day_open = 26050;
  s.options = {leg(option_type::call, 26050, 110.5), leg(option_type::put, 26050, 130.25),
               leg(option_type::call, 25950, 160)};
  s.options[2].iv = absent;
  return s;
}

} // namespace

BOOST_AUTO_TEST_CASE(headers_have_the_original_columns) {
  BOOST_TEST(columns(csv_option_header) == 32u);
  BOOST_TEST(columns(csv_overview_header) == 16u);
  BOOST_TEST(csv_option_header.substr(0, 46) == "timestamp,index,expiry_tag,expiry_date,offset,");
  BOOST_TEST(csv_overview_header.substr(csv_overview_header.size() - 41)
             == "expected_mask,collected_mask,missing_mask");
}

BOOST_AUTO_TEST_CASE(atm_rounds_to_100_for_banknifty_and_sensex_and_to_50_otherwise) {
  BOOST_TEST(csv_atm("NIFTY", 26030) == 26050);
  BOOST_TEST(csv_atm("NIFTY", 26020) == 26000);
  BOOST_TEST(csv_atm("BANKNIFTY", 59140) == 59100);
  BOOST_TEST(csv_atm("SENSEX", 85160) == 85200);
  BOOST_TEST(csv_atm("FINNIFTY", 27474) == 27450);
  BOOST_TEST(csv_offset(26100, 26050) == "+50");
  BOOST_TEST(csv_offset(25950, 26050) == "-100");
  BOOST_TEST(csv_offset(26050, 26050) == "0");
}

BOOST_AUTO_TEST_CASE(timestamps_are_ist_day_month_year) {
  BOOST_TEST(csv_timestamp(*parse_iso8601("2026-11-26T03:45:07Z")) == "26-11-2026 09:15:07");
  BOOST_TEST(csv_timestamp(*parse_iso8601("2026-11-26T20:00:00Z")) == "27-11-2026 01:30:00");
}

BOOST_AUTO_TEST_CASE(a_snapshot_gives_one_line_per_strike_and_one_overview_line) {
  auto lines = csv_lines(nifty_snapshot());
  BOOST_TEST_REQUIRE(lines.size() == 3u);
  BOOST_TEST(lines[0].file.string() == "NIFTY/this_week/-100/2026-11-26.csv");
  BOOST_TEST(lines[0].text
             == "26-11-2026 09:15:00,NIFTY,this_week,2026-12-01,-100,26030,26050,25950,160,,,,,,1200,,45000,,,,0.5,,"
                "-12.5,,8.25,,0.001,,1.5,,,");
  BOOST_TEST(lines[1].file.string() == "NIFTY/this_week/0/2026-11-26.csv");
  BOOST_TEST(lines[1].text
             == "26-11-2026 09:15:00,NIFTY,this_week,2026-12-01,0,26030,26050,26050,110.5,130.25,240.75,,,,1200,"
                "1200,45000,45000,0.125,0.125,0.5,-0.5,-12.5,-12.5,8.25,8.25,0.001,0.001,1.5,1.5,,");
  BOOST_TEST(lines[1].header == csv_option_header);
  BOOST_TEST(lines[2].file.string() == "overview/NIFTY/2026-11-26.csv");
  BOOST_TEST(lines[2].text == "26-11-2026 09:15:00,NIFTY,0.85,1.1,,0.9,120.5,26030,30,-20,,4,3,15,11,4");
  BOOST_TEST(lines[2].header == csv_overview_header);
  for (auto& line : lines)
    BOOST_TEST(columns(line.text) == columns(line.header));
}

BOOST_AUTO_TEST_CASE(the_header_is_written_once_per_file) {
  temp_dir dir;
  {
    csv_files files{dir.path()};
    BOOST_TEST(files.append("A/x.csv", "h1,h2", "1,2\n").has_value());
    BOOST_TEST(files.append("A/x.csv", "h1,h2", "3,4\n5,6\n").has_value());
  }
  csv_files again{dir.path()};
  BOOST_TEST(again.append("A/x.csv", "h1,h2", "7,8\n").has_value());
  BOOST_TEST(slurp(dir.path() / "A/x.csv") == "h1,h2\n1,2\n3,4\n5,6\n7,8\n");
}

BOOST_AUTO_TEST_CASE(a_torn_tail_is_cut_before_the_next_append) {
  temp_dir dir;
  std::ofstream{dir.path() / "x.csv"} << "h1,h2\n1,2\n3,";
  csv_files files{dir.path()};
  BOOST_TEST(files.append("x.csv", "h1,h2", "5,6\n").has_value());
  BOOST_TEST(slurp(dir.path() / "x.csv") == "h1,h2\n1,2\n5,6\n");
}

BOOST_AUTO_TEST_CASE(a_torn_header_is_cut_and_written_again) {
  temp_dir dir;
  std::ofstream{dir.path() / "x.csv"} << "h1,";
  csv_files files{dir.path()};
  BOOST_TEST(files.append("x.csv", "h1,h2", "1,2\n").has_value());
  BOOST_TEST(slurp(dir.path() / "x.csv") == "h1,h2\n1,2\n");
}

BOOST_AUTO_TEST_CASE(the_startup_scan_repairs_every_torn_file_in_the_tree) {
  temp_dir dir;
  std::filesystem::create_directories(dir.path() / "NIFTY/this_week/+50");
  std::ofstream{dir.path() / "NIFTY/this_week/+50/2026-11-26.csv"} << "h\n1\n2";
  std::ofstream{dir.path() / "NIFTY/this_week/+50/2026-11-25.csv"} << "h\n1\n";
  std::ofstream{dir.path() / "notes.txt"} << "not a csv";
  auto report = repair_csv_tree(dir.path());
  BOOST_TEST(report.files == 2u);
  BOOST_TEST(report.files_repaired == 1u);
  BOOST_TEST(report.bytes_cut == 1u);
  BOOST_TEST(report.errors.empty());
  BOOST_TEST(slurp(dir.path() / "NIFTY/this_week/+50/2026-11-26.csv") == "h\n1\n");
  BOOST_TEST(slurp(dir.path() / "notes.txt") == "not a csv");
  BOOST_TEST(repair_csv_tree(dir.path() / "missing").files == 0u);
}

BOOST_AUTO_TEST_CASE(an_unwritable_place_is_an_error_naming_the_file) {
  temp_dir dir;
  std::ofstream{dir.path() / "blocker"} << "a file where a directory should be";
  csv_files files{dir.path()};
  auto appended = files.append("blocker/x.csv", "h", "1\n");
  BOOST_TEST_REQUIRE(!appended.has_value());
  BOOST_TEST(appended.error().file.string().find("blocker") != std::string::npos);
}
