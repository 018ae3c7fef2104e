#include "actors/storage/sqlite_integrity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ranges>
#include <span>
#include <vector>

#include "actors/storage/sqlite_handle.hpp"

namespace g6 {

namespace {

/// Findings kept in the message: a damaged page often yields hundreds, the first few say enough.
constexpr size_t max_findings = 5;

} // namespace

std::string_view to_string(integrity_check x) {
  switch (x) {
    case integrity_check::off:
      return "off";
    case integrity_check::quick:
      return "quick";
    case integrity_check::full:
      return "full";
  }
  return "unknown";
}

std::optional<integrity_check> parse_integrity_check(std::string_view text) {
  for (auto x : {integrity_check::off, integrity_check::quick, integrity_check::full})
    if (text == to_string(x))
      return x;
  return std::nullopt;
}

integrity_check check_at_open(integrity_check setting, bool unclean_shutdown) {
  if (setting == integrity_check::quick && unclean_shutdown)
    return integrity_check::full;
  return setting;
}

expected<void, store_error> check_integrity(sqlite3* db, integrity_check depth, std::string_view file) {
  if (depth == integrity_check::off)
    return {};
  auto pragma = depth == integrity_check::full ? "integrity_check" : "quick_check";
  auto doing = fmt::format("checking {} (PRAGMA {})", file, pragma);
  // The limit bounds the findings SQLite collects, not the pages it reads.
  auto prepared = sqlite_statement::prepare(db, fmt::format("PRAGMA {}({})", pragma, max_findings), doing);
  if (!prepared)
    return unexpected{std::move(prepared).error()};
  auto& stmt = *prepared;
  std::vector<std::string_view> findings;
  std::vector<std::string> rows;
  int rc = SQLITE_ROW;
  while ((rc = stmt.step()) == SQLITE_ROW)
    rows.emplace_back(stmt.column_text(0));
  // A row may hold several findings, one a line, under a "*** in database main ***" heading.
  for (std::string_view row : rows)
    for (auto line : row | std::views::split('\n')) {
      std::string_view finding{line.begin(), line.end()};
      if (!finding.empty() && !finding.starts_with("*** in database"))
        findings.push_back(finding);
    }
  // A page too damaged to walk stops the check with an error instead of a finding.
  if (rc != SQLITE_DONE)
    return unexpected{sqlite_failure(db, rc, doing)};
  if (findings.size() == 1 && findings.front() == "ok")
    return {};
  auto shown = std::span{findings}.first(std::min(findings.size(), max_findings));
  return unexpected{
    store_error{store_errc::corrupt, fmt::format("{}: the database is damaged: {}{}", doing, fmt::join(shown, "; "),
                                                 shown.size() < findings.size() ? "; ..." : "")}};
}

std::string corruption_advice(std::string_view file) {
  return fmt::format("g6 will not write to it and never deletes it: restore {0} from a backup, or move it "
                     "aside (with {0}-wal and {0}-shm, if present) to start a new database; "
                     "`sqlite3 {0} .recover` may save what is readable",
                     file);
}

} // namespace g6
