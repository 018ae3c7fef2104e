// sse_access.hpp — who gets in, for the whole server: each request through the access policy (address,
// rate, User-Agent, origin, token) and each /events stream through the client caps (all clients, per
// address). Every refusal is counted; its log line is limited to one per reason per window, so a flood
// of refusals does not flood the log. Thread-safe: the sessions of every shard ask the one gate.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "actors/sse/access_policy.hpp"
#include "actors/sse/log_limiter.hpp"
#include "actors/sse/sse_routing.hpp"
#include "actors/sse/sse_server.hpp"

namespace g6::sse {

/// The parts of `req` (to `path`, from `peer`) the policy looks at; they view into `req`.
request_facts facts_of(const head_request& req, std::string_view path, const boost::asio::ip::address& peer);

class admission {
public:
  admission(access_policy policy, const server_settings& settings, std::shared_ptr<sse_metrics> metrics);

  /// The policy's answer to one request.
  struct verdict {
    std::optional<rejection> refused;
    unsigned retry_after = 0;        // seconds, for a refusal that asks the client to wait
    std::optional<std::string> cors; // for an admitted request from an allowed origin
  };
  verdict check(const request_facts& request);

  /// A stream slot for a client at `ip`, or the cap that is full.
  std::optional<rejection> take_slot(const std::string& ip);
  /// The slot of a stream that ended.
  void release_slot(const std::string& ip);
  /// Open streams.
  uint64_t clients() const { return clients_.load(); }
  /// Whether a token is configured.
  bool token_required() const { return token_required_; }

  /// Counts a refusal; true when it gets its own log line (the first of its reason in the window), after
  /// the summary of the lines an earlier window suppressed.
  bool refuse(rejection r);
  /// The summary line of each refusal reason whose window passed with lines suppressed.
  void log_suppressed_refusals();

private:
  void log_summary(const suppressed_lines& s, int64_t now_ms);

  std::shared_ptr<sse_metrics> metrics_;
  size_t max_clients_;
  size_t max_clients_per_ip_;

  std::mutex clients_mutex_; // policy_, per_ip_ and changes of clients_
  access_policy policy_;
  bool token_required_;
  std::unordered_map<std::string, size_t> per_ip_;
  std::atomic<uint64_t> clients_{0};

  std::mutex refusal_log_mutex_;
  log_limiter refusal_log_;
};

} // namespace g6::sse
