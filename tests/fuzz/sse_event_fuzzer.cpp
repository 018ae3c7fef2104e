// sse_event_fuzzer.cpp — libFuzzer target: any bytes as a Server-Sent Events stream read by `g6 tail`'s
// parser, whole and split at every chunk boundary the input suggests; both readings must give the same
// events. Never a crash, hang or out-of-bounds read.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "actors/sse/sse_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes{reinterpret_cast<const char*>(data), size};
  g6::sse::event_parser whole, chunked;
  auto all = whole.feed(bytes);
  // Chunk lengths from the input's own bytes, so the fuzzer explores the splits too.
  std::vector<g6::sse::parsed_event> pieces;
  for (size_t at = 0, i = 0; at < size; ++i) {
    size_t n = 1 + static_cast<uint8_t>(bytes[i % size]) % 7;
    auto events = chunked.feed(bytes.substr(at, n));
    pieces.insert(pieces.end(), events.begin(), events.end());
    at += n;
  }
  if (all.size() != pieces.size() || whole.last_event_id() != chunked.last_event_id())
    std::abort();
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i].type != pieces[i].type || all[i].data != pieces[i].data || all[i].id != pieces[i].id)
      std::abort();
  return 0;
}
