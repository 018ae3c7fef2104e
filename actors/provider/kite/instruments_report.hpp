// instruments_report.hpp — `g6 instruments FILE --index I --at DATE`: what the resolver derives from an
// instrument dump on a date (expiries with every bucket a collector assigns them, strike step, lot size,
// option count, disagreements with the calendar rules), as text or JSON.
#pragma once

#include <string>

namespace g6 {

struct instruments_query {
  std::string file;
  std::string index;
  std::string at; // YYYY-MM-DD
  bool json = false;
};

struct instruments_report_result {
  std::string output; // for stdout
  std::string note;   // for stderr: rejected rows
  std::string error;  // non-empty: failed, nothing on stdout
  bool ok() const { return error.empty(); }
};

instruments_report_result instruments_report(const instruments_query& query);

} // namespace g6
