// End to end: the storage breadth of the real g6 binary on the synthetic market with a simulated clock —
// the CSV tree (layout, kill -9), the capture journal and its exact replay, the daily prune.
#define BOOST_TEST_MODULE g6_storage_run
#include <boost/test/unit_test.hpp>

#include <sqlite3.h>

#include <bit>
#include <cmath>
#include <csignal>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "tests/integration/g6_process.hpp"

using namespace g6::testing;
using namespace std::chrono_literals;

namespace {

const std::string sim_clock = "sim:2026-11-26T09:15:00+05:30@600x";

const std::string option_header =
  "timestamp,index,expiry_tag,expiry_date,offset,index_price,atm,strike,ce,pe,tp,avg_ce,avg_pe,avg_tp,ce_vol,"
  "pe_vol,ce_oi,pe_oi,ce_iv,pe_iv,ce_delta,pe_delta,ce_theta,pe_theta,ce_vega,pe_vega,ce_gamma,pe_gamma,ce_rho,"
  "pe_rho,tp_net_change,tp_day_change";
const std::string overview_header =
  "timestamp,index,pcr_this_week,pcr_next_week,pcr_this_month,pcr_next_month,day_width,index_price,"
  "index_net_change,index_day_change,VIX,expiries_expected,expiries_collected,expected_mask,collected_mask,"
  "missing_mask";

std::vector<std::string> run_args(const std::filesystem::path& data, std::vector<std::string> extra,
                                  const std::string& clock = sim_clock) {
  std::vector<std::string> args{"run", "--provider", "synthetic", "--clock", clock, "--data-dir", data.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in{file, std::ios::binary};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

size_t columns(const std::string& line) {
  return static_cast<size_t>(std::count(line.begin(), line.end(), ',')) + 1;
}

/// Every CSV file of a tree by its path relative to the tree.
std::map<std::string, std::string> csv_tree(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.is_regular_file())
      files[std::filesystem::relative(entry.path(), dir).string()] = slurp(entry.path());
  return files;
}

/// Checks what a crash must never leave: each file ends in a newline, starts with its header, holds
/// it once, and every line has the header's column count. Returns the data lines checked.
size_t check_whole_lines(const std::map<std::string, std::string>& files) {
  size_t data_lines = 0;
  for (auto& [path, text] : files) {
    const auto& header = path.starts_with("overview/") ? overview_header : option_header;
    BOOST_TEST_REQUIRE(!text.empty(), path);
    BOOST_TEST(text.back() == '\n', path << " ends in a partial line");
    auto lines = lines_of(text);
    BOOST_TEST(lines.front() == header, path);
    for (size_t i = 1; i < lines.size(); ++i) {
      BOOST_TEST(lines[i] != header, path << ": header repeated on line " << i + 1);
      BOOST_TEST(columns(lines[i]) == columns(header), path << " line " << i + 1 << ": " << lines[i]);
    }
    data_lines += lines.size() - 1;
  }
  return data_lines;
}

/// A SQLite table dumped exactly: integers and text as themselves, reals as the hex of their bits.
std::vector<std::string> dump(const std::filesystem::path& db, const std::string& table, const std::string& order) {
  sqlite3* handle = nullptr;
  BOOST_REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  auto sql = "SELECT * FROM " + table + " ORDER BY " + order;
  BOOST_REQUIRE_MESSAGE(sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK, sql);
  std::vector<std::string> rows;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      switch (sqlite3_column_type(stmt, i)) {
        case SQLITE_INTEGER:
          row += std::to_string(sqlite3_column_int64(stmt, i));
          break;
        case SQLITE_FLOAT: {
          std::ostringstream hex;
          hex << "0x" << std::hex << std::bit_cast<uint64_t>(sqlite3_column_double(stmt, i));
          row += hex.str();
          break;
        }
        case SQLITE_NULL:
          row += "NULL";
          break;
        default:
          row += reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      }
      row += '|';
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(handle);
  return rows;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_simulated_run_writes_the_original_csv_tree) {
  temp_dir dir;
  auto data = dir.path() / "data";
  auto csv = dir.path() / "csv";
  // G6_CSV_BASE_DIR alone turns the CSV sink on, as on the original platform.
  auto r = run_g6(run_args(data, {"--cycles", "4"}), dir.path(), 3min, {"G6_CSV_BASE_DIR=" + csv.string()});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  auto files = csv_tree(csv);
  auto data_lines = check_whole_lines(files);
  auto db = data / "g6.sqlite";
  // One line per strike (a CE+PE pair) per expiry per cycle, and one overview line per index per cycle.
  auto pairs =
    query_int(db, "SELECT count(*) FROM (SELECT DISTINCT ts_ms, index_name, expiry, strike FROM option_quotes)");
  BOOST_TEST(data_lines == static_cast<size_t>(pairs + 4 * 5));
  static const std::regex option_path{
    R"(^(NIFTY|BANKNIFTY|FINNIFTY|MIDCPNIFTY|SENSEX)/(this_week|next_week|this_month|next_month)/(0|[+-][0-9]+)/2026-11-26\.csv$)"};
  static const std::regex overview_path{R"(^overview/(NIFTY|BANKNIFTY|FINNIFTY|MIDCPNIFTY|SENSEX)/2026-11-26\.csv$)"};
  static const std::regex timestamp{R"(^26-11-2026 09:[0-9]{2}:[0-9]{2}$)"};
  size_t overview_files = 0;
  for (auto& [path, text] : files) {
    std::smatch m;
    auto lines = lines_of(text);
    if (std::regex_match(path, m, overview_path)) {
      ++overview_files;
      BOOST_TEST(lines.size() == 5u, path);
      for (size_t i = 1; i < lines.size(); ++i) {
        auto first = lines[i].find(',');
        BOOST_TEST(std::regex_match(lines[i].substr(0, first), timestamp), lines[i]);
        BOOST_TEST(lines[i].substr(first + 1, m[1].length()) == m[1].str());
      }
      continue;
    }
    BOOST_TEST_REQUIRE(std::regex_match(path, m, option_path), path);
    for (size_t i = 1; i < lines.size(); ++i) {
      std::vector<std::string> f;
      std::istringstream in{lines[i]};
      for (std::string field; std::getline(in, field, ',');)
        f.push_back(field);
      BOOST_TEST(std::regex_match(f[0], timestamp), lines[i]);
      BOOST_TEST(f[1] == m[1].str());
      BOOST_TEST(f[2] == m[2].str());
      BOOST_TEST(f[4] == m[3].str());
      // offset = strike − atm, and ATM is a multiple of the index's rounding step.
      double step = m[1] == "BANKNIFTY" || m[1] == "SENSEX" ? 100 : 50;
      BOOST_TEST(std::stod(f[7]) - std::stod(f[6]) == std::stod(f[4]), lines[i]);
      BOOST_TEST(std::fmod(std::stod(f[6]), step) == 0.0, lines[i]);
    }
  }
  BOOST_TEST(overview_files == 5u);
}

BOOST_AUTO_TEST_CASE(kill_9_during_csv_writing_leaves_no_torn_line) {
  temp_dir dir;
  auto data = dir.path() / "data";
  std::vector<std::string> csv_env{"G6_CSV_BASE_DIR=" + (data / "csv").string()};
  {
    g6_process p{run_args(data, {}, "sim:2026-11-26T09:15:00+05:30@3000x"), dir.path() / "first.log", csv_env};
    BOOST_TEST_REQUIRE(wait_until_stored(data / "g6.sqlite", batches_of(), 40, 2min), p.log());
    p.signal(SIGKILL);
    BOOST_TEST_REQUIRE(p.wait(10s).has_value());
  }
  // The restart repairs any torn tail before appending, then writes more cycles later that day.
  auto r = run_g6(run_args(data, {"--cycles", "2"}, "sim:2026-11-26T13:00:00+05:30@600x"), dir.path(), 2min, csv_env);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  auto files = csv_tree(data / "csv");
  BOOST_TEST(files.size() > 100u);
  BOOST_TEST(check_whole_lines(files) > 0u);
}

BOOST_AUTO_TEST_CASE(replaying_a_journal_gives_identical_rows) {
  temp_dir dir;
  auto original = dir.path() / "original";
  auto r =
    run_g6(run_args(original, {"--cycles", "6"}), dir.path(), 3min, {"G6_CSV_BASE_DIR=" + (original / "csv").string()});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  auto journal = original / "journal" / "2026-11-26.g6j";
  BOOST_TEST_REQUIRE(std::filesystem::exists(journal));

  auto inspect = run_g6({"journal", "inspect", "--json", journal.string()}, dir.path(), 30s);
  BOOST_TEST_REQUIRE(inspect.exit_code == 0, inspect.output);
  BOOST_TEST(inspect.output.find(R"("cycles": 6)") != std::string::npos, inspect.output);
  BOOST_TEST(inspect.output.find(R"("torn_bytes": 0)") != std::string::npos, inspect.output);
  BOOST_TEST(inspect.output.find(R"("spots": 30)") != std::string::npos, inspect.output);
  BOOST_TEST(inspect.output.find(R"("quote_batches": 30)") != std::string::npos, inspect.output);

  auto replayed = dir.path() / "replayed";
  auto replay = run_g6(
    {"run", "--provider", "replay", "--journal", journal.string(), "--speed", "200", "--data-dir", replayed.string()},
    dir.path(), 3min, {"G6_CSV_BASE_DIR=" + (replayed / "csv").string()});
  BOOST_TEST_REQUIRE(replay.exit_code == 0, replay.output);
  // No replay journal: a replay captures nothing.
  BOOST_TEST(!std::filesystem::exists(replayed / "journal"));
  auto key = "ts_ms, index_name, expiry, strike, option_type";
  auto a = dump(original / "g6.sqlite", "option_quotes", key);
  auto b = dump(replayed / "g6.sqlite", "option_quotes", key);
  BOOST_TEST(a.size() > 6u * 5 * 42);
  BOOST_TEST(a == b, "option rows differ");
  auto oa = dump(original / "g6.sqlite", "overview", "ts_ms, index_name");
  auto ob = dump(replayed / "g6.sqlite", "overview", "ts_ms, index_name");
  BOOST_TEST(oa.size() == 30u);
  BOOST_TEST(oa == ob, "overview rows differ");
  BOOST_TEST((csv_tree(original / "csv") == csv_tree(replayed / "csv")), "CSV trees differ");
}

BOOST_AUTO_TEST_CASE(inspecting_something_that_is_not_a_journal_fails_with_1) {
  temp_dir dir;
  std::ofstream{dir.path() / "x.g6j"} << "hello";
  auto r = run_g6({"journal", "inspect", (dir.path() / "x.g6j").string()}, dir.path(), 30s);
  BOOST_TEST(r.exit_code == 1, r.output);
  BOOST_TEST(r.output.find("not a g6 journal") != std::string::npos, r.output);
}

BOOST_AUTO_TEST_CASE(the_daily_prune_after_the_close_removes_the_days_past_the_retention) {
  temp_dir dir;
  auto data = dir.path() / "data";
  auto config = dir.path() / "g6.json";
  std::ofstream{config} << R"({
    "index_params": {"NIFTY": {"expiries": ["this_week"], "strikes_itm": 2, "strikes_otm": 2}},
    "storage": {"csv": {"enabled": true}, "retention": {"keep_days": 1, "after_close_minutes": 0}}
  })";
  // Wednesday: a few cycles into every sink.
  auto wednesday =
    run_g6(run_args(data, {"--config", config.string(), "--cycles", "3"}, "sim:2026-11-25T10:00:00+05:30@600x"),
           dir.path(), 2min);
  BOOST_REQUIRE_MESSAGE(wednesday.exit_code == 0, wednesday.output);
  auto db = data / "g6.sqlite";
  auto thursday_start = "1795631400000"; // 2026-11-26 00:00 IST
  BOOST_REQUIRE(query_int(db, std::string{"SELECT count(*) FROM option_quotes WHERE ts_ms < "} + thursday_start) > 0);
  BOOST_REQUIRE(std::filesystem::exists(data / "journal" / "2026-11-25.g6j"));
  BOOST_REQUIRE(std::filesystem::exists(data / "csv" / "overview" / "NIFTY" / "2026-11-25.csv"));

  // Thursday from 15:25 at 60x: keeping one day, Wednesday stays until Thursday's session closes.
  g6_process thursday{run_args(data, {"--config", config.string()}, "sim:2026-11-26T15:25:00+05:30@60x"),
                      dir.path() / "thursday.log"};
  auto pruned_after = [&](const std::string& day) {
    return wait_until_stored(db, events_of("retention_pruned", "after " + day), 1, 60s);
  };
  BOOST_REQUIRE_MESSAGE(pruned_after("2026-11-25"), thursday.log());
  BOOST_TEST(thursday.log().find("after 2026-11-25: kept days from 2026-11-25: removed sqlite 0 rows, csv 0 files")
               != std::string::npos,
             thursday.log());
  BOOST_REQUIRE_MESSAGE(pruned_after("2026-11-26"), thursday.log());
  thursday.signal(SIGTERM);
  BOOST_REQUIRE(exits_cleanly(thursday, 60s));

  BOOST_TEST(query_int(db, std::string{"SELECT count(*) FROM option_quotes WHERE ts_ms < "} + thursday_start) == 0);
  BOOST_TEST(query_int(db, std::string{"SELECT count(*) FROM overview WHERE ts_ms < "} + thursday_start) == 0);
  BOOST_TEST(query_int(db, std::string{"SELECT count(*) FROM option_quotes WHERE ts_ms >= "} + thursday_start) > 0);
  BOOST_TEST(
    query_int(db, "SELECT count(*) FROM events WHERE kind = 'retention_pruned' AND detail LIKE 'after 2026-11-26:%'")
    == 1);
  BOOST_TEST(!std::filesystem::exists(data / "journal" / "2026-11-25.g6j"));
  BOOST_TEST(std::filesystem::exists(data / "journal" / "2026-11-26.g6j"));
  for (auto& [file, text] : csv_tree(data / "csv"))
    BOOST_TEST(file.find("2026-11-25") == std::string::npos, file);
  BOOST_TEST(std::filesystem::exists(data / "csv" / "overview" / "NIFTY" / "2026-11-26.csv"));
}
