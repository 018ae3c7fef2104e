#include "actors/provider/kite/ticker/ticker_requests.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace g6 {

namespace {

// The tokens in batches, each written between `before` and `after`.
std::vector<std::string> batched(std::span<const uint64_t> tokens, std::string_view before, std::string_view after) {
  std::vector<std::string> messages;
  for (size_t start = 0; start < tokens.size(); start += ticker_tokens_per_message) {
    auto batch = tokens.subspan(start, std::min(ticker_tokens_per_message, tokens.size() - start));
    messages.push_back(fmt::format("{}{}{}", before, fmt::join(batch, ","), after));
  }
  return messages;
}

} // namespace

std::vector<std::string> subscribe_messages(std::span<const uint64_t> tokens) {
  return batched(tokens, R"({"a":"subscribe","v":[)", "]}");
}

std::vector<std::string> unsubscribe_messages(std::span<const uint64_t> tokens) {
  return batched(tokens, R"({"a":"unsubscribe","v":[)", "]}");
}

std::vector<std::string> mode_messages(kite_tick_mode mode, std::span<const uint64_t> tokens) {
  return batched(tokens, fmt::format(R"({{"a":"mode","v":["{}",[)", to_string(mode)), "]]}");
}

} // namespace g6
