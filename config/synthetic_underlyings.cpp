#include "config/synthetic_underlyings.hpp"

#include <array>

namespace g6 {

namespace {

// Stocks: levels of late 2025, NSE's strike steps (config/calendars/expiry_rules.json) and lot sizes.
constexpr std::array<synthetic_underlying, 10> table{{
  {"NIFTY", 26000, 75, 0.12, 150000},
  {"BANKNIFTY", 59000, 35, 0.14, 80000},
  {"FINNIFTY", 27500, 65, 0.13, 20000},
  {"MIDCPNIFTY", 13500, 140, 0.16, 30000},
  {"SENSEX", 85000, 20, 0.125, 100000},
  {"RELIANCE", 1550, 500, 0.22, 12000},
  {"HDFCBANK", 1000, 550, 0.20, 10000},
  {"INFY", 1600, 400, 0.25, 9000},
  {"TCS", 3100, 175, 0.22, 7000},
  {"SBIN", 950, 750, 0.26, 11000},
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
