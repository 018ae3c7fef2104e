#include "config/synthetic_underlyings.hpp"

#include <array>

namespace g6 {

namespace {

// Stocks: levels of late 2025, NSE's strike steps (config/calendars/expiry_rules.json) and lot sizes. Enough
// of them that whole chains of every underlying (about 11,400 options) overflow one Kite app's ticker (3
// connections of 3,000), as a real F&O universe does.
constexpr std::array<synthetic_underlying, 29> table{{
  {"NIFTY", 26000, 75, 0.12, 150000},      {"BANKNIFTY", 59000, 35, 0.14, 80000}, {"FINNIFTY", 27500, 65, 0.13, 20000},
  {"MIDCPNIFTY", 13500, 140, 0.16, 30000}, {"SENSEX", 85000, 20, 0.125, 100000},  {"RELIANCE", 1550, 500, 0.22, 12000},
  {"HDFCBANK", 1000, 550, 0.20, 10000},    {"INFY", 1600, 400, 0.25, 9000},       {"TCS", 3100, 175, 0.22, 7000},
  {"SBIN", 950, 750, 0.26, 11000},         {"ICICIBANK", 1390, 700, 0.20, 11000}, {"AXISBANK", 1230, 625, 0.22, 9000},
  {"ITC", 405, 1600, 0.18, 10000},         {"LT", 4000, 175, 0.20, 6000},         {"BHARTIARTL", 2100, 475, 0.18, 8000},
  {"KOTAKBANK", 2100, 400, 0.20, 7000},    {"HINDUNILVR", 2450, 300, 0.18, 5000}, {"BAJFINANCE", 1000, 750, 0.26, 9000},
  {"MARUTI", 16000, 50, 0.22, 4000},       {"SUNPHARMA", 1800, 350, 0.20, 5000},  {"HCLTECH", 1600, 350, 0.24, 6000},
  {"NTPC", 330, 1500, 0.22, 7000},         {"TITAN", 3800, 175, 0.22, 5000},      {"ULTRACEMCO", 11800, 50, 0.20, 3000},
  {"ASIANPAINT", 2800, 250, 0.22, 5000},   {"ADANIENT", 2400, 300, 0.35, 8000},   {"BAJAJFINSV", 2000, 250, 0.22, 5000},
  {"DRREDDY", 1250, 625, 0.20, 4000},      {"CIPLA", 1520, 375, 0.20, 4000},
}};

} // namespace

std::span<const synthetic_underlying> synthetic_underlyings() {
  return table;
}

std::string synthetic_underlying_names() {
  std::string names;
  for (auto& u : table)
    names += (names.empty() ? "" : ", ") + std::string{u.name};
  return names;
}

} // namespace g6
