// ticker_reading_status.hpp — a ticker reading in a provider's status answer, under "ticker", and back
// (the metrics actor reads it into the g6_ticker_* metrics).
#pragma once

#include <caf/settings.hpp>

#include <optional>

#include "messages/ticker_reading.hpp"

namespace g6 {

void put_ticker_reading(caf::settings& status, const ticker_reading& reading);

/// The reading in a provider's status dictionary; nullopt when it has none (REST mode, not Kite).
std::optional<ticker_reading> read_ticker_reading(const caf::settings& status);

} // namespace g6
