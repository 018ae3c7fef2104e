#include "tests/integration/g6_process.hpp"

#include <sqlite3.h>

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace g6::testing {

std::string g6_binary() {
  return G6_BINARY_PATH;
}

int spawn_logged(const std::string& binary, const std::vector<std::string>& args, const std::filesystem::path& log_file,
                 const std::vector<std::string>& env) {
  std::vector<std::string> argv_storage{binary};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  int pid = fork();
  if (pid < 0)
    throw std::runtime_error("fork failed");
  if (pid == 0) {
    // A test runner killed on time-out takes its g6 with it, instead of leaving it running for hours.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    for (auto& e : env)
      putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv;
    for (auto& a : argv_storage)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

g6_process::g6_process(const std::vector<std::string>& args, const std::filesystem::path& log_file,
                       const std::vector<std::string>& env)
  : pid_(spawn_logged(g6_binary(), args, log_file, env)), log_file_(log_file) {}

g6_process::~g6_process() {
  if (!status_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void g6_process::signal(int sig) {
  ::kill(pid_, sig);
}

std::optional<int> g6_process::wait(std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!status_) {
    int st = 0;
    auto r = waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
      break;
    }
    if (std::chrono::steady_clock::now() > deadline)
      return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return status_;
}

std::string g6_process::log() const {
  std::ifstream in{log_file_};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

boost::test_tools::assertion_result exits_cleanly(g6_process& g6, std::chrono::milliseconds limit) {
  auto code = g6.wait(limit);
  boost::test_tools::assertion_result result{code == 0};
  if (code == 0)
    return result;
  constexpr std::size_t tail_lines = 40;
  auto text = g6.log();
  auto start = text.size();
  for (std::size_t seen = 0; start > 0 && seen <= tail_lines; --start)
    if (text[start - 1] == '\n')
      ++seen;
  result.message() << (code ? "exited " + std::to_string(*code) : std::string{"still running"})
                   << "; the log's last lines:\n"
                   << text.substr(start);
  return result;
}

bool wait_until(const std::function<bool()>& predicate, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate())
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return predicate();
}

std::optional<nlohmann::json> wait_until_ready(g6_process& g6, const std::filesystem::path& ready_file,
                                               std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    // Written atomically: once it exists, it is whole.
    if (std::ifstream in{ready_file}; in)
      return nlohmann::json::parse(in);
    if (g6.wait(std::chrono::milliseconds(20)))
      return std::nullopt;
  }
  return std::nullopt;
}

int port_of(const std::string& url) {
  std::smatch m;
  if (!std::regex_search(url, m, std::regex{R"(:(\d+)(/|$))"}))
    throw std::invalid_argument("no port in " + url);
  return std::stoi(m[1].str());
}

run_result run_g6(const std::vector<std::string>& args, const std::filesystem::path& dir,
                  std::chrono::milliseconds limit, const std::vector<std::string>& env) {
  auto log_file = dir / "g6-output.log";
  g6_process p{args, log_file, env};
  run_result r;
  auto code = p.wait(limit);
  r.exit_code = code ? *code : -1000;
  r.output = p.log();
  return r;
}

std::vector<std::vector<std::string>> query(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string msg = handle ? sqlite3_errmsg(handle) : "out of memory";
    sqlite3_close(handle);
    throw std::runtime_error("cannot open " + db.string() + ": " + msg);
  }
  // The run may be committing as the test reads.
  sqlite3_busy_timeout(handle, 5000);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    std::string msg = sqlite3_errmsg(handle);
    sqlite3_close(handle);
    throw std::runtime_error("bad query '" + sql + "': " + msg);
  }
  std::vector<std::vector<std::string>> rows;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      auto text = sqlite3_column_text(stmt, i);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(handle);
  return rows;
}

long long query_int(const std::filesystem::path& db, const std::string& sql) {
  auto rows = query(db, sql);
  if (rows.empty() || rows[0].empty() || rows[0][0] == "NULL")
    throw std::runtime_error("no value from '" + sql + "'");
  return std::stoll(rows[0][0]);
}

long long stored_count(const std::filesystem::path& db, const std::string& sql) {
  try {
    return query_int(db, sql);
  } catch (const std::runtime_error&) {
    return 0; // no database or no schema yet
  }
}

bool wait_until_stored(const std::filesystem::path& db, const std::string& sql, long long at_least,
                       std::chrono::milliseconds limit) {
  return wait_until([&] { return stored_count(db, sql) >= at_least; }, limit);
}

namespace {

/// `text` as an SQL string literal.
std::string quoted(const std::string& text) {
  std::string result = "'";
  for (char c : text)
    result += c == '\'' ? std::string{"''"} : std::string{c};
  return result + "'";
}

} // namespace

std::string batches_of(const std::string& index) {
  return "SELECT count(*) FROM batches" + (index.empty() ? std::string{} : " WHERE index_name = " + quoted(index));
}

std::string events_of(const std::string& kind, const std::string& detail) {
  return "SELECT count(*) FROM events WHERE kind = " + quoted(kind) + " AND substr(detail, 1, "
         + std::to_string(detail.size()) + ") = " + quoted(detail);
}

} // namespace g6::testing
