// kite_instruments.hpp — Kite Connect's instrument dump (GET /instruments, a CSV with a header row) and
// the resolver that derives one underlying's option universe from it (an index, or any stock of NFO or
// BFO): expiries, strikes, strike step, lot size and tokens all come from the dump, never from hard-coded
// rules.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actors/provider/kite/kite_error.hpp"
#include "messages/market.hpp"

namespace g6 {

/// One row of the dump, as Kite documents its columns.
struct kite_instrument {
  uint64_t instrument_token = 0;
  uint64_t exchange_token = 0;
  std::string tradingsymbol;
  std::string name;
  double last_price = 0;
  day_number expiry = 0; // 0: no expiry (equities, indices)
  double strike = 0;
  double tick_size = 0;
  int32_t lot_size = 0;
  std::string instrument_type; // EQ, FUT, CE, PE
  std::string segment;         // NSE, NFO-OPT, BFO-OPT, INDICES, ...
  std::string exchange;        // NSE, NFO, BSE, BFO
};

/// A parsed dump: the good rows, and the rows rejected (with the first rejection's line and reason).
struct instrument_dump {
  std::vector<kite_instrument> rows;
  size_t rejected = 0;
  std::string first_rejection;
};

/// Parses the CSV with RFC 4180 rules (quoted fields, doubled quotes, commas and newlines inside quotes,
/// CRLF). Columns are found by header name, in any order. A malformed row is rejected and counted; a
/// missing header column or an unterminated quote is an error (kite_errc::malformed) naming it.
kite_result<instrument_dump> parse_instruments_csv(std::string_view csv);

/// Renders rows as Kite's CSV (the header and column order of the real dump).
std::string format_instruments_csv(const std::vector<kite_instrument>& rows);

/// Where an index's options live in the dump: the underlying's name ("NIFTY"), the option segment
/// (NFO-OPT for NSE indices, BFO-OPT for SENSEX) and the exchange prefix of quote keys (NFO, BFO).
struct kite_index_source {
  std::string underlying;
  std::string segment;
  std::string exchange;
};

/// The default source of the index names g6 knows (segment by the index's exchange).
kite_index_source default_index_source(std::string_view index);

/// The option universe of `index` listed on `date`: options of the source's segment whose name is the
/// underlying (or, where the dump leaves name empty, whose tradingsymbol is the underlying followed by
/// the two-digit year), expiring on or after `date`. Expiries ascending; the strike step is the
/// smallest gap between strikes of one expiry; the lot size is the nearest expiry's.
/// An error (kite_errc::input_error) when the dump lists no such option.
kite_result<instrument_list> resolve_index(const std::vector<kite_instrument>& rows, std::string_view index,
                                           const kite_index_source& source, day_number date);

/// Where an underlying's options may be listed: a known index's source (default_index_source); for any
/// other name (a stock), NFO-OPT, then BFO-OPT.
std::vector<kite_index_source> underlying_sources(std::string_view name);

/// The option universe of any F&O underlying: resolve_index over underlying_sources(name), from the first
/// source that lists options of it. A stock the dump does not list is an error (kite_errc::input_error,
/// "unknown underlying NAME: ...") naming every segment searched; an index's error is resolve_index's.
kite_result<instrument_list> resolve_underlying(const std::vector<kite_instrument>& rows, std::string_view name,
                                                day_number date);

/// Where the listed expiries disagree with the exchange calendar's expiry rules, as sentences
/// ("2018-01-18 listed, not in the rules"): listed expiries the rules do not predict, and predicted
/// expiries not listed within the horizon the exchange lists in full (weeklies up to the last listed
/// weekly; monthlies up to the third, the serial months, and never past the last listed monthly).
/// Empty for an index without rules.
std::vector<std::string> calendar_mismatches(std::string_view index, const std::vector<day_number>& listed,
                                             day_number date);

} // namespace g6
