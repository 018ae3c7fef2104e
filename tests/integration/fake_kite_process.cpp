#include "tests/integration/fake_kite_process.hpp"

#include <csignal>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "tests/integration/g6_process.hpp"
#include "tests/support/http_fetch.hpp"

namespace g6::testing {

std::string fake_kite_binary() {
  return G6_FAKE_KITE_PATH;
}

fake_kite_process::fake_kite_process(const std::vector<std::string>& args, const std::filesystem::path& log_file) {
  std::vector<std::string> all_args{"--port", "0"};
  all_args.insert(all_args.end(), args.begin(), args.end());
  pid_ = spawn_logged(fake_kite_binary(), all_args, log_file);
  for (int i = 0; i < 500 && port_ == 0; ++i) {
    std::ifstream in{log_file};
    std::string word;
    if (in >> word && word == "listening" && in >> word && in >> port_)
      break;
    port_ = 0;
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  if (port_ == 0)
    throw std::runtime_error("g6-fake-kite did not report its port");
}

fake_kite_process::~fake_kite_process() {
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

std::string fake_kite_process::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void fake_kite_process::fault(const std::string& spec) {
  if (!fetch_ok(http_method::post, base_url() + "/admin/fault?spec=" + spec))
    throw std::runtime_error("g6-fake-kite refused the fault " + spec);
}

std::string fake_kite_process::stats() {
  auto body = fetch_ok(http_method::get, base_url() + "/admin/stats");
  if (!body)
    throw std::runtime_error("g6-fake-kite does not answer /admin/stats");
  return *body;
}

} // namespace g6::testing
