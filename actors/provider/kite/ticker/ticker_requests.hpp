// ticker_requests.hpp — the JSON text messages a client sends Kite's ticker: subscribe and unsubscribe
// instruments ({"a":"subscribe","v":[408065,884737]}) and set their mode ({"a":"mode","v":["full",[...]]}).
// Kite takes up to 3,000 instruments on one connection; G6 sends them in messages of at most
// ticker_tokens_per_message so that no single message is large, in the order given.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "actors/provider/kite/ticker/ticker_frame.hpp"

namespace g6 {

/// Instruments per subscribe, unsubscribe or mode message.
inline constexpr size_t ticker_tokens_per_message = 1000;

/// {"a":"subscribe","v":[...]} per batch of tokens; none for no tokens.
std::vector<std::string> subscribe_messages(std::span<const uint64_t> tokens);

/// {"a":"unsubscribe","v":[...]} per batch of tokens; none for no tokens.
std::vector<std::string> unsubscribe_messages(std::span<const uint64_t> tokens);

/// {"a":"mode","v":["<mode>",[...]]} per batch of tokens; none for no tokens.
std::vector<std::string> mode_messages(kite_tick_mode mode, std::span<const uint64_t> tokens);

} // namespace g6
