// calendar_report.hpp — what `g6 calendar` prints: an index's next expiries or an exchange's trading
// days, as text or JSON. Takes the raw command-line values and validates them here, so every answer
// and every error message is unit-tested without the binary.
#pragma once

#include <string>

namespace g6 {

/// A report to print, or the error that replaces it.
struct calendar_report {
  std::string output; // for stdout
  std::string note;   // for stderr even on success: where the shipped data does not reach
  std::string error;  // for stderr; non-empty means exit status 1
  bool ok() const { return error.empty(); }
};

/// `g6 calendar expiries --index I --from DATE --count N [--json]`.
struct expiries_query {
  std::string index; // case-insensitive
  std::string from;  // YYYY-MM-DD
  std::string count = "5";
  bool json = false;
};

/// Text: one line per expiry, "2026-03-02 Mon weekly". JSON: [{"date": "2026-03-02", "kind": "weekly"}].
calendar_report expiries_report(const expiries_query& query);

/// `g6 calendar sessions --from D --to D [--exchange NSE|BSE] [--json]`.
struct sessions_query {
  std::string from;
  std::string to;
  std::string exchange = "NSE"; // case-insensitive
  bool json = false;
};

/// Text: one line per trading day, "2026-03-02 Mon". JSON: ["2026-03-02", ...].
calendar_report sessions_report(const sessions_query& query);

} // namespace g6
