#include "metrics/sse_metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <map>

namespace g6 {

using prometheus::Counter;
using prometheus::Family;
using prometheus::Gauge;
using prometheus::Histogram;

struct sse_metrics::families {
  std::shared_ptr<prometheus::Registry> registry; // kept alive: the counters below live in it
  Gauge* clients = nullptr;
  Gauge* queued = nullptr;
  Counter* coalesces = nullptr;
  Histogram* latency = nullptr;
  // Fixed label sets, filled once: lookups never add series, so no lock is needed.
  std::map<std::string, Counter*> events;
  std::map<std::string, Counter*> bytes;
  std::map<std::string, Counter*> rejections;
  std::map<std::string, Counter*> disconnects;
  std::map<std::pair<std::string, std::string>, Counter*> api_requests;
  Histogram* api_seconds = nullptr;
};

sse_metrics::sse_metrics(std::shared_ptr<prometheus::Registry> registry,
                         const std::vector<std::string>& rejection_reasons,
                         const std::vector<std::string>& disconnect_reasons,
                         const std::vector<std::string>& event_types, const std::vector<std::string>& api_endpoints,
                         const std::vector<std::string>& api_outcomes)
  : f_(std::make_unique<families>()) {
  f_->registry = std::move(registry);
  auto& r = *f_->registry;
  f_->clients =
    &prometheus::BuildGauge().Name("g6_sse_clients").Help("Clients connected to /events").Register(r).Add({});
  f_->queued =
    &prometheus::BuildGauge().Name("g6_sse_queued_events").Help("Events waiting in client queues").Register(r).Add({});
  f_->coalesces = &prometheus::BuildCounter()
                     .Name("g6_sse_coalesces_total")
                     .Help("Times a slow client's pending events were replaced by one panel_full")
                     .Register(r)
                     .Add({});
  f_->latency = &prometheus::BuildHistogram()
                   .Name("g6_sse_publish_to_write_seconds")
                   .Help("Time from publishing an event to its write to a client socket completing")
                   .Register(r)
                   .Add({}, Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                        1, 2.5, 5});
  auto& events =
    prometheus::BuildCounter().Name("g6_sse_events_sent_total").Help("Events written to clients, by type").Register(r);
  auto& bytes = prometheus::BuildCounter()
                  .Name("g6_sse_bytes_sent_total")
                  .Help("Bytes written to clients, by event type")
                  .Register(r);
  for (auto& type : event_types) {
    f_->events[type] = &events.Add({{"type", type}});
    f_->bytes[type] = &bytes.Add({{"type", type}});
  }
  auto& rejected =
    prometheus::BuildCounter().Name("g6_sse_rejections_total").Help("Requests refused, by reason").Register(r);
  for (auto& reason : rejection_reasons)
    f_->rejections[reason] = &rejected.Add({{"reason", reason}});
  auto& dropped =
    prometheus::BuildCounter().Name("g6_sse_disconnects_total").Help("Streams ended, by reason").Register(r);
  for (auto& reason : disconnect_reasons)
    f_->disconnects[reason] = &dropped.Add({{"reason", reason}});
  auto& api = prometheus::BuildCounter()
                .Name("g6_sse_api_requests_total")
                .Help("Web API requests answered, by endpoint and outcome (ok or the error's reason)")
                .Register(r);
  for (auto& endpoint : api_endpoints)
    for (auto& outcome : api_outcomes)
      f_->api_requests[{endpoint, outcome}] = &api.Add({{"endpoint", endpoint}, {"outcome", outcome}});
  f_->api_seconds =
    &prometheus::BuildHistogram()
       .Name("g6_sse_api_seconds")
       .Help("Time to answer a web API request from the database")
       .Register(r)
       .Add({}, Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5});
}

sse_metrics::~sse_metrics() = default;

void sse_metrics::set_clients(uint64_t clients) {
  f_->clients->Set(static_cast<double>(clients));
}

void sse_metrics::set_queued_events(uint64_t events) {
  f_->queued->Set(static_cast<double>(events));
}

void sse_metrics::count_sent(const std::string& event_type, uint64_t bytes) {
  if (auto i = f_->events.find(event_type); i != f_->events.end())
    i->second->Increment();
  if (auto i = f_->bytes.find(event_type); i != f_->bytes.end())
    i->second->Increment(static_cast<double>(bytes));
}

void sse_metrics::count_rejection(const std::string& reason) {
  if (auto i = f_->rejections.find(reason); i != f_->rejections.end())
    i->second->Increment();
}

void sse_metrics::count_disconnect(const std::string& reason) {
  if (auto i = f_->disconnects.find(reason); i != f_->disconnects.end())
    i->second->Increment();
}

void sse_metrics::count_coalesce() {
  f_->coalesces->Increment();
}

void sse_metrics::observe_latency(double seconds) {
  f_->latency->Observe(seconds);
}

void sse_metrics::count_api(const std::string& endpoint, const std::string& outcome, double seconds) {
  if (auto i = f_->api_requests.find({endpoint, outcome}); i != f_->api_requests.end())
    i->second->Increment();
  f_->api_seconds->Observe(seconds);
}

} // namespace g6
