#include "actors/sse/sse_access.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <vector>

#include "metrics/sse_metrics.hpp"
#include "supervision/steady_time.hpp"

namespace g6::sse {

namespace {

/// The limiter's key of a refusal reason, as the log lines show it: "401 (unauthorized)".
std::string refusal_key(rejection r) {
  return fmt::format("{} ({})", status_of(r), to_string(r));
}

} // namespace

request_facts facts_of(const head_request& req, std::string_view path, const boost::asio::ip::address& peer) {
  request_facts facts;
  facts.peer = peer;
  facts.user_agent = header_value(req, "User-Agent");
  facts.origin = header_value(req, "Origin");
  facts.authorization = header_value(req, "Authorization");
  facts.api_key = header_value(req, "X-API-Key");
  facts.needs_token = needs_token(req.method(), path);
  return facts;
}

admission::admission(access_policy policy, const server_settings& settings, std::shared_ptr<sse_metrics> metrics)
  : metrics_(std::move(metrics)), max_clients_(settings.max_clients), max_clients_per_ip_(settings.max_clients_per_ip),
    policy_(std::move(policy)), token_required_(policy_.token_required()),
    refusal_log_(static_cast<int64_t>(std::max(0.0, settings.refusal_log_seconds) * 1000)) {}

admission::verdict admission::check(const request_facts& request) {
  verdict v;
  std::lock_guard lock{clients_mutex_};
  v.refused = policy_.check(request, steady_ms());
  v.retry_after = policy_.retry_after();
  if (!v.refused)
    v.cors = request.origin.empty() ? std::nullopt : policy_.cors_origin(request.origin);
  return v;
}

std::optional<rejection> admission::take_slot(const std::string& ip) {
  std::optional<rejection> full;
  {
    std::lock_guard lock{clients_mutex_};
    auto& mine = per_ip_[ip];
    if (clients_.load() >= max_clients_)
      full = rejection::capacity;
    else if (mine >= max_clients_per_ip_)
      full = rejection::ip_capacity;
    else {
      ++mine;
      ++clients_;
    }
    if (mine == 0)
      per_ip_.erase(ip);
  }
  if (!full && metrics_)
    metrics_->set_clients(clients_.load());
  return full;
}

void admission::release_slot(const std::string& ip) {
  uint64_t now = 0;
  {
    std::lock_guard lock{clients_mutex_};
    if (auto i = per_ip_.find(ip); i != per_ip_.end() && --i->second == 0)
      per_ip_.erase(i);
    now = --clients_;
  }
  if (metrics_)
    metrics_->set_clients(now);
}

bool admission::refuse(rejection r) {
  if (metrics_)
    metrics_->count_rejection(std::string{to_string(r)});
  auto now = steady_ms();
  std::optional<suppressed_lines> admitted;
  {
    std::lock_guard lock{refusal_log_mutex_};
    admitted = refusal_log_.admit(refusal_key(r), now);
  }
  if (admitted && admitted->count > 0)
    log_summary(*admitted, now);
  return admitted.has_value();
}

void admission::log_suppressed_refusals() {
  auto now = steady_ms();
  std::vector<suppressed_lines> due;
  {
    std::lock_guard lock{refusal_log_mutex_};
    due = refusal_log_.due(now);
  }
  for (auto& s : due)
    log_summary(s, now);
}

void admission::log_summary(const suppressed_lines& s, int64_t now_ms) {
  spdlog::info("sse: refused {} × {} more in the last {:.0f} s (not logged one by one; counted in "
               "g6_sse_rejections_total)",
               s.key, s.count, static_cast<double>(now_ms - s.since_ms) / 1000.0);
}

} // namespace g6::sse
