#include "tests/chaos/acknowledged_rows.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <ctime>
#include <regex>
#include <stdexcept>

#include "tests/integration/g6_process.hpp"

namespace g6::testing {

namespace {

/// "2026-11-26T09:26:15.600+05:30" as epoch milliseconds.
long long ist_epoch_ms(const std::string& text) {
  std::tm tm{};
  int ms = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d.%d+05:30", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &ms)
      != 7)
    throw std::runtime_error("not an IST instant: " + text);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return (static_cast<long long>(timegm(&tm)) - 19800) * 1000 + ms;
}

} // namespace

acknowledged_batches acknowledged(const std::string& log) {
  static const std::regex line{R"((\w+) +cycle \d+ .* committed (\d+) rows @(\S+))"};
  acknowledged_batches result;
  for (std::sregex_iterator it{log.begin(), log.end(), line}, end; it != end; ++it)
    result[{(*it)[1].str(), ist_epoch_ms((*it)[3].str())}] = std::stoll((*it)[2].str());
  return result;
}

long long check_database(const std::filesystem::path& db, const acknowledged_batches& acked) {
  BOOST_TEST(query(db, "PRAGMA integrity_check").at(0).at(0) == "ok");
  for (auto& [key, rows] : acked) {
    auto stored = query_int(db, "SELECT count(*) FROM option_quotes WHERE index_name = '" + key.first
                                  + "' AND ts_ms = " + std::to_string(key.second));
    BOOST_TEST(stored == rows,
               key.first << " @" << key.second << ": acknowledged " << rows << " rows, stored " << stored);
  }
  auto torn = query_int(db, "SELECT count(*) FROM batches b WHERE b.option_rows != (SELECT count(*) FROM "
                            "option_quotes q WHERE q.ts_ms = b.ts_ms AND q.index_name = b.index_name)");
  BOOST_TEST(torn == 0, torn << " batches whose rows are not all stored");
  auto orphans = query_int(db, "SELECT count(*) FROM (SELECT DISTINCT ts_ms, index_name FROM option_quotes) q "
                               "WHERE NOT EXISTS (SELECT 1 FROM batches b WHERE b.ts_ms = q.ts_ms AND "
                               "b.index_name = q.index_name)");
  BOOST_TEST(orphans == 0, orphans << " option row groups without their batch");
  auto overviews = query_int(db, "SELECT count(*) FROM batches b WHERE NOT EXISTS (SELECT 1 FROM overview o "
                                 "WHERE o.ts_ms = b.ts_ms AND o.index_name = b.index_name)");
  BOOST_TEST(overviews == 0, overviews << " batches without their overview row");
  return query_int(db, "SELECT count(*) FROM batches");
}

} // namespace g6::testing
