// web_api_fuzzer.cpp — libFuzzer target: any bytes as a web API request, answered from a small real
// database (the g6 schema, a few NIFTY rows at two instants). The first byte picks the endpoint
// (/api/indices, /api/chain, /api/history, or the raw bytes up to '?' as a path); the rest is the query
// string. Every answer must be valid JSON with a status of 200, 400, 404 or 503, and an error must say
// why. The same bytes also go through the Cookie-header reader of the login. Never a crash or a hang.
#include <sqlite3.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "actors/sse/browser_sessions.hpp"
#include "actors/sse/web_api.hpp"
#include "actors/storage/sqlite_schema.hpp"

using namespace g6;
using namespace g6::sse;

namespace {

/// A database in the temp dir with g6's schema and two snapshots of three NIFTY strikes.
std::filesystem::path make_database() {
  auto file = std::filesystem::temp_directory_path() / ("g6-web-api-fuzz-" + std::to_string(getpid()) + ".sqlite");
  std::filesystem::remove(file);
  sqlite3* db = nullptr;
  if (sqlite3_open(file.c_str(), &db) != SQLITE_OK || !migrate(db, schema_migrations(), file.string()))
    std::abort();
  std::string sql = "BEGIN;";
  for (int64_t ts : {1795664700000LL, 1795664760000LL}) {
    sql += "INSERT INTO batches VALUES (" + std::to_string(ts) + ", 'NIFTY', 1, 12, 0);";
    sql += "INSERT INTO overview (ts_ms, index_name, underlying, atm_iv_this_week, max_pain_this_week, expected_mask,"
           " collected_mask, missing_mask, options_expected, options_collected) VALUES ("
           + std::to_string(ts) + ", 'NIFTY', 24950, 0.14, 24900, 1, 1, 0, 12, 12);";
    for (auto [expiry, bucket] : {std::pair{"2026-12-01", "this_week"}, std::pair{"2026-12-08", "next_week"}})
      for (int strike : {24900, 24950, 25000})
        for (auto type : {"CE", "PE"})
          sql += "INSERT INTO option_quotes (ts_ms, index_name, expiry, bucket, strike, option_type, token, symbol,"
                 " last_price, underlying, forward, flags) VALUES ("
                 + std::to_string(ts) + ", 'NIFTY', '" + expiry + "', '" + bucket + "', " + std::to_string(strike)
                 + ", '" + type + "', 1, 'S', 100, 24950, 24960, 0);";
  }
  sql += "COMMIT;";
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    std::abort();
  sqlite3_close(db);
  return file;
}

store_reader& reader() {
  static store_reader r{make_database()};
  return r;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0)
    return 0;
  std::string_view rest{reinterpret_cast<const char*>(data) + 1, size - 1};
  std::string path;
  switch (data[0] % 4) {
    case 0:
      path = "/api/indices";
      break;
    case 1:
      path = "/api/chain";
      break;
    case 2:
      path = "/api/history";
      break;
    default: {
      auto q = rest.find('?');
      path = std::string{rest.substr(0, q)};
      rest = q == std::string_view::npos ? std::string_view{} : rest.substr(q + 1);
    }
  }
  auto answer = answer_api(reader(), path, rest);
  auto body = nlohmann::json::parse(answer.body, nullptr, false);
  if (body.is_discarded())
    std::abort();
  if (answer.status != 200 && answer.status != 400 && answer.status != 404 && answer.status != 503)
    std::abort();
  if (answer.status != 200 && (!body.contains("error") || !body.contains("reason")))
    std::abort();
  (void)session_cookie(rest);
  return 0;
}
