// The InfluxDB sink's pure parts: line protocol with unique series keys (its backlog is a spill_queue:
// spill_queue_test).
#define BOOST_TEST_MODULE influx
#include <boost/test/unit_test.hpp>

#include <set>
#include <sstream>

#include "actors/influx/influx_lines.hpp"
#include "config/ist_time.hpp"

using namespace g6;

namespace {

option_row leg(option_type type, double strike) {
  option_row r;
  r.index = "NIFTY";
  r.expiry = make_date(2026, 12, 1);
  r.strike = strike;
  r.type = type;
  r.symbol = std::string{"NIFTY25D01"} + std::to_string(static_cast<int>(strike)) + std::string{to_string(type)};
  r.last_price = 110.5;
  r.volume = 1200;
  r.oi = 45000;
  r.iv = type == option_type::call ? 0.125 : absent;
  return r;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_snapshot_is_one_point_per_option_plus_overview_and_cycle) {
  index_snapshot s;
  s.cycle_id = 7;
  s.overview.ts = *parse_iso8601("2026-11-26T09:15:00+05:30");
  s.overview.index = "NIFTY";
  s.overview.underlying = 26030;
  s.overview.pcr_oi = {0.85, absent, absent, absent};
  s.overview.expected_mask = 1;
  s.overview.collected_mask = 1;
  s.rows_committed = 2;
  s.options = {leg(option_type::call, 26000), leg(option_type::put, 26000)};
  size_t points = 0;
  auto text = influx_lines(s, points);
  BOOST_TEST(points == 4u);
  std::istringstream in{text};
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  BOOST_TEST_REQUIRE(lines.size() == 4u);
  BOOST_TEST(lines[0]
             == "option_data,index=NIFTY,expiry=2026-12-01,type=CE,strike=26000,symbol=NIFTY25D0126000CE "
                "price=110.5,bid=0,ask=0,oi=45000,oi_change=0,volume=1200i,iv=0.125,underlying=0,flags=0i "
                "1795664700000");
  // The put has no IV: the field is left out, never written as NaN.
  BOOST_TEST(lines[1].find("iv=") == std::string::npos);
  BOOST_TEST(lines[2]
             == "options_overview,index=NIFTY pcr_this_week=0.85,index_price=26030,day_width=0,expected_mask=1i,"
                "collected_mask=1i,missing_mask=0i,options_expected=0i,options_collected=0i 1795664700000");
  BOOST_TEST(lines[3] == "g6_cycle,index=NIFTY cycle_id=7i,rows=2i,commit_latency_us=0i 1795664700000");
  // Series key + timestamp is unique per point.
  std::set<std::string> keys;
  for (auto& line : lines)
    keys.insert(line.substr(0, line.find(' ')) + line.substr(line.rfind(' ')));
  BOOST_TEST(keys.size() == lines.size());
}

BOOST_AUTO_TEST_CASE(fitted_smiles_are_one_point_per_expiry_and_their_figures_join_the_overview) {
  index_snapshot s;
  s.overview.ts = *parse_iso8601("2026-11-26T09:15:00+05:30");
  s.overview.index = "NIFTY";
  s.overview.fit_atm_iv = {0.13, absent, absent, absent};
  surface_slice fitted;
  fitted.expiry = *parse_date("2026-12-01");
  fitted.status = surface_status::fitted;
  fitted.years = 0.0137;
  fitted.forward = 26050;
  fitted.a = 0.0001;
  fitted.b = 0.01;
  fitted.rho = -0.4;
  fitted.m = 0.002;
  fitted.sigma = 0.02;
  fitted.points_used = 21;
  fitted.calendar_ok = false;
  surface_slice unfitted;
  unfitted.status = surface_status::too_few_points;
  s.surfaces = {fitted, unfitted};
  size_t points = 0;
  auto text = influx_lines(s, points);
  BOOST_TEST(points == 3u); // overview, one fitted smile, cycle
  BOOST_TEST(text.find("fit_atm_iv_this_week=0.13") != std::string::npos, text);
  BOOST_TEST(text.find("vol_surface,index=NIFTY,expiry=2026-12-01,bucket=this_week T=0.0137,forward=26050,a=0.0001,"
                       "b=0.01,rho=-0.4,m=0.002,sigma=0.02,points_used=21i,excluded=0i,butterfly_ok=1i,wing_ok=1i,"
                       "calendar_ok=0i 1795664700000")
               != std::string::npos,
             text);
}

BOOST_AUTO_TEST_CASE(tag_values_are_escaped) {
  BOOST_TEST(influx_tag("A B,C=D") == "A\\ B\\,C\\=D");
}
