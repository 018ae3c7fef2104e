// kite_api.hpp — the Kite Connect v3 calls g6 makes, over kite_http_client: the instrument dump, quotes
// (full and LTP, at most 500 instruments per call), the session token exchange and its invalidation.
// Failures come back as typed reasons (kite_error.hpp); nothing here retries or waits.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "actors/provider/kite/kite_credentials.hpp"
#include "actors/provider/kite/kite_http.hpp"
#include "actors/provider/kite/kite_instruments.hpp"
#include "actors/provider/kite/kite_quotes.hpp"

namespace g6 {

/// Kite's cap on instruments per quote call.
inline constexpr size_t kite_quote_limit = 500;

/// Endpoint names (metric label values).
inline constexpr std::string_view kite_endpoint_quote = "quote";
inline constexpr std::string_view kite_endpoint_ohlc = "quote_ohlc";
inline constexpr std::string_view kite_endpoint_instruments = "instruments";
inline constexpr std::string_view kite_endpoint_session = "session";

/// GET /instruments: the whole dump (all exchanges).
kite_result<std::string> fetch_instruments_csv(kite_http_client& http);

/// GET /quote, /quote/ohlc or /quote/ltp (`path`) for keys "EXCHANGE:TRADINGSYMBOL" (at most
/// kite_quote_limit).
kite_result<kite_quotes> fetch_quotes(kite_http_client& http, std::string_view path,
                                      const std::vector<std::string>& keys, std::chrono::milliseconds timeout);

/// POST /session/token with the checksum; the session it opens, issued at `now`.
kite_result<kite_session> exchange_request_token(kite_http_client& http, const kite_app& app,
                                                 const std::string& request_token, epoch_ms now);

/// DELETE /session/token: invalidates an access token at Kite.
kite_result<void> invalidate_session(kite_http_client& http, const kite_session& session);

} // namespace g6
