#include "actors/collector/cycle_bench_pool.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "actors/analytics/analytics_pool.hpp"
#include "messages/atoms.hpp"

namespace g6 {

namespace {

/// The daemon's scheduler (tools/cmd_run.cpp): a thread per core, at least two.
struct pool_config : caf::actor_system_config {
  pool_config() {
    add_message_types<caf::id_block::g6>();
    set("scheduler.max-threads", static_cast<size_t>(std::max(2u, std::thread::hardware_concurrency())));
    set("scheduler.max-throughput", size_t{100});
  }
};

} // namespace

struct analytics_pool_timer::impl {
  pool_config cfg;
  caf::actor_system sys{cfg};
  size_t workers;
  analytics_actor pool;

  impl(size_t n, const analytics_params& params)
    : workers{n > 0 ? n : std::max(1u, std::thread::hardware_concurrency())}, pool{caf::actor_cast<analytics_actor>(
                                                                                spawn_analytics_pool(sys, workers,
                                                                                                     params))} {}
  ~impl() { caf::anon_send_exit(pool, caf::exit_reason::user_shutdown); }
};

analytics_pool_timer::analytics_pool_timer(size_t workers, const analytics_params& params)
  : impl_{std::make_unique<impl>(workers, params)} {}

analytics_pool_timer::~analytics_pool_timer() = default;

size_t analytics_pool_timer::workers() const {
  return impl_->workers;
}

double analytics_pool_timer::analyse(const std::vector<chain_request>& requests, std::vector<chain_result>& results) {
  caf::scoped_actor self{impl_->sys};
  results.assign(requests.size(), {});
  auto start = std::chrono::steady_clock::now();
  using handle = decltype(self->request(impl_->pool, caf::infinite, analyze_atom_v, requests.front()));
  std::vector<handle> pending;
  for (auto& request : requests)
    pending.push_back(self->request(impl_->pool, caf::infinite, analyze_atom_v, request));
  for (size_t i = 0; i < pending.size(); ++i)
    pending[i].receive([&](chain_result& result) { results[i] = std::move(result); },
                       [&](caf::error& err) { throw std::runtime_error("analytics pool: " + impl_->sys.render(err)); });
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace g6
