#include "tools/fake_kite/fake_ticker.hpp"

#include <limits>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace g6 {

namespace {

std::optional<std::vector<uint32_t>> tokens_of(const nlohmann::json& list) {
  if (!list.is_array())
    return std::nullopt;
  std::vector<uint32_t> tokens;
  for (auto& item : list) {
    if (!item.is_number_unsigned() || item.get<uint64_t>() > std::numeric_limits<uint32_t>::max())
      return std::nullopt;
    tokens.push_back(static_cast<uint32_t>(item.get<uint64_t>()));
  }
  return tokens;
}

} // namespace

ticker_request_outcome ticker_subscriptions::apply(std::string_view text) {
  ticker_request_outcome outcome;
  if (text.size() > ticker_max_request_bytes)
    return outcome;
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("a") || !doc["a"].is_string() || !doc.contains("v"))
    return outcome;
  auto action = doc["a"].get<std::string>();
  auto& value = doc["v"];
  if (action == "subscribe" || action == "unsubscribe") {
    auto tokens = tokens_of(value);
    if (!tokens)
      return outcome;
    outcome.tokens = tokens->size();
    if (action == "unsubscribe") {
      outcome.kind = ticker_request_kind::unsubscribe;
      for (auto token : *tokens)
        instruments_.erase(token);
      return outcome;
    }
    outcome.kind = ticker_request_kind::subscribe;
    for (auto token : *tokens) {
      if (instruments_.contains(token))
        continue;
      if (instruments_.size() >= ticker_max_instruments) {
        ++outcome.refused;
        continue;
      }
      instruments_.emplace(token, instrument{});
    }
    if (outcome.refused > 0)
      outcome.reply = nlohmann::json{{"type", "error"},
                                     {"data", fmt::format("Subscription limit exceeded: at most {} instruments per "
                                                          "connection; {} not subscribed",
                                                          ticker_max_instruments, outcome.refused)}}
                        .dump();
    return outcome;
  }
  if (action == "mode") {
    if (!value.is_array() || value.size() != 2 || !value[0].is_string())
      return outcome;
    auto mode = parse_kite_tick_mode(value[0].get<std::string>());
    auto tokens = tokens_of(value[1]);
    if (!mode || !tokens)
      return outcome;
    outcome.kind = ticker_request_kind::mode;
    outcome.tokens = tokens->size();
    for (auto token : *tokens)
      if (auto it = instruments_.find(token); it != instruments_.end())
        it->second.mode = *mode;
    return outcome;
  }
  return outcome;
}

std::vector<std::pair<uint32_t, kite_tick_mode>> ticker_subscriptions::take_due(int64_t now_ms) {
  std::vector<std::pair<uint32_t, kite_tick_mode>> due;
  for (auto& [token, entry] : instruments_)
    if (entry.due_ms <= now_ms) {
      due.emplace_back(token, entry.mode);
      entry.due_ms = now_ms + ticker_tick_interval_ms;
    }
  return due;
}

} // namespace g6
