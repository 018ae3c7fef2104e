// acknowledged_rows.hpp — the no-data-loss check of the chaos tests: the batches a g6 log says were
// committed ("NIFTY cycle 12 ok ... committed 168 rows @<IST instant>", printed only after the commit), and a
// check of a database against them: each is stored with all its rows, no stored batch is torn, and SQLite's
// integrity_check passes.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <utility>

namespace g6::testing {

/// (index, ts_ms) -> option rows, for every batch a log acknowledged.
using acknowledged_batches = std::map<std::pair<std::string, long long>, long long>;

acknowledged_batches acknowledged(const std::string& log);

/// Boost.Test checks of `db` against `acked`; returns how many batches the database holds.
long long check_database(const std::filesystem::path& db, const acknowledged_batches& acked);

} // namespace g6::testing
