// sse_bench.hpp — `g6 bench sse`: the SSE server with synthetic panel updates and N loopback clients in
// one process (server and clients on separate I/O threads). Reports events/s, publish -> receive
// latency (p50, p99, max), resident memory, and events lost or duplicated (which must be 0). Pure code.
#pragma once

#include <cstdint>
#include <string>

namespace g6::sse {

struct sse_bench_options {
  unsigned clients = 1000;
  double duration_seconds = 30;
  double rate = 1;          // panel updates per second
  unsigned io_threads = 1;  // server I/O threads
  unsigned chain_rows = 40; // rows of the synthetic chain panel (sets the event size)
  std::string mode = "diff";
};

struct sse_bench_result {
  unsigned clients_connected = 0;
  double connect_seconds = 0;
  uint64_t nofile_limit = 0;
  std::string nofile_note; // why fewer descriptors than needed, when so
  uint64_t published = 0;
  double average_event_bytes = 0;
  uint64_t received = 0; // events received by all clients
  double received_per_second = 0;
  uint64_t bytes_received = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  uint64_t lost = 0, duplicated = 0, coalesced = 0, disconnected = 0;
  uint64_t resident_bytes = 0;
  double server_cpu_seconds = 0; // the server's threads, from the first update until drained
  double client_cpu_seconds = 0; // the clients' thread, same span
  double seconds = 0;
};

sse_bench_result run_sse_bench(const sse_bench_options& options);
std::string format_sse_bench(const sse_bench_options& options, const sse_bench_result& result);

} // namespace g6::sse
