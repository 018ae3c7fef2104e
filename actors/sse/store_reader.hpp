// store_reader.hpp — what the web API reads from SQLite: the indices with stored data, the latest
// committed chain of an index and expiry with its fitted smile, and the day's series (underlying, ATM IV, PCR, ATM
// straddle, max pain). Through a read-only connection of its own, never the writer's: WAL readers see committed
// transactions only and never block the storage actor. One reader per thread. Pure code (no CAF).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "actors/sse/api_error.hpp"
#include "actors/storage/sqlite_handle.hpp"
#include "messages/market.hpp"

namespace g6::sse {

struct stored_expiry {
  day_number expiry = 0;
  expiry_bucket bucket = expiry_bucket::this_week;
};

/// An index with stored data: its latest committed snapshot.
struct stored_index {
  std::string index;
  epoch_ms ts = 0;
  std::vector<stored_expiry> expiries; // nearest first
};

/// One option of a stored chain; NaN where nothing was stored.
struct stored_option {
  double ltp = absent, change = absent, bid = absent, ask = absent, volume = absent, oi = absent, oi_change = absent,
         iv = absent, delta = absent, gamma = absent, theta = absent, vega = absent;
  int64_t flags = 0;
};

struct stored_strike {
  double strike = 0;
  std::optional<stored_option> call, put;
};

/// The latest committed chain of one index and expiry.
struct stored_chain {
  stored_index index;
  stored_expiry expiry;
  double underlying = absent, forward = absent, atm_strike = absent, max_pain = absent;
  epoch_ms open_ts = 0;                 // the day's first stored snapshot: what `change` is measured against
  std::vector<stored_strike> strikes;   // ascending
  std::optional<surface_slice> surface; // the expiry's fitted smile in the same snapshot, when stored
};

enum class history_series : uint8_t { underlying, atm_iv, pcr_oi, pcr_volume, straddle, max_pain };
/// "underlying", "atm_iv", "pcr_oi", "pcr_volume", "straddle", "max_pain".
std::string_view to_string(history_series x);
std::optional<history_series> parse_history_series(std::string_view text);

struct history_query {
  std::string index;
  history_series series = history_series::underlying;
  expiry_bucket bucket = expiry_bucket::this_week;
  std::optional<epoch_ms> from; // default: IST midnight of the day of the latest stored snapshot
  std::optional<epoch_ms> to;   // default: no end
  size_t limit = 2000;
};

struct history_point {
  epoch_ms ts = 0;
  double value = absent;
};

struct history_page {
  epoch_ms from = 0;
  std::vector<history_point> points; // ascending
  std::optional<epoch_ms> next_from; // set when `limit` cut the answer
};

class store_reader {
public:
  explicit store_reader(std::filesystem::path database);

  api_result<std::vector<stored_index>> indices();
  /// `expiry` empty: the nearest.
  api_result<stored_chain> chain(const std::string& index, std::optional<day_number> expiry);
  api_result<history_page> history(const history_query& q);

private:
  /// The connection, opened on first use and after a failure.
  api_result<sqlite3*> connection();
  /// Forgets the connection after a failed read, so the next request opens a fresh one.
  api_error failed(const store_error& e);
  api_result<stored_index> latest(const std::string& index);

  std::filesystem::path database_;
  sqlite_connection db_;
};

} // namespace g6::sse
