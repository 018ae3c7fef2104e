// nse_option_chain.hpp — reads a saved response of NSE's option-chain API (www.nseindia.com/api/
// option-chain-indices) into the chain analytics takes, plus what NSE itself published about it (its
// implied volatilities, the `filtered` totals) for comparison. The file's shape:
//   {"records": {"timestamp": "24-Mar-2022 15:30:00", "underlyingValue": 17222.75,
//                "data": [{"strikePrice": 17000, "expiryDate": "31-Mar-2022", "CE": {...}, "PE": {...}}]},
//    "filtered": {"data": [...the nearest expiry...], "CE": {"totOI": .., "totVol": ..}, "PE": {...}}}
// with legs carrying lastPrice, bidprice, askPrice, totalTradedVolume, openInterest (contracts),
// changeinOpenInterest, impliedVolatility (percent, 0 where NSE had none) and underlyingValue.
// A file without its records, timestamp or spot is an error naming the field; a malformed item is
// skipped with a note; a leg missing a price keeps NaN there (analytics then says why it has no IV).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/expected.hpp"
#include "messages/market.hpp"

namespace g6 {

/// What NSE published about one leg, beside its quote.
struct nse_leg_info {
  double published_iv = absent; // NSE's impliedVolatility as a fraction; 0 where NSE had none
  double underlying_value = absent;
};

/// filtered.CE / filtered.PE.
struct nse_side_totals {
  double open_interest = absent; // totOI
  double volume = absent;        // totVol
};

struct nse_option_chain {
  std::string underlying; // the legs' "underlying", e.g. NIFTY ("" when the file names none)
  epoch_ms timestamp = 0; // records.timestamp, IST
  double spot = 0;        // records.underlyingValue
  /// Every expiry of records.data, ascending; each expiry's legs in file order (CE before PE of a
  /// strike). Tokens number the legs from 1 in that order.
  chain_request request;
  std::vector<std::vector<nse_leg_info>> published; // parallel to request.expiries[i].legs
  /// filtered.data (NSE's nearest expiry) the same way, and its totals when the file has them.
  chain_request filtered;
  std::optional<nse_side_totals> filtered_calls;
  std::optional<nse_side_totals> filtered_puts;
  /// Items of records.data skipped, each naming its position and the field at fault.
  std::vector<std::string> notes;
};

/// A file that cannot be read as an option chain: the message names the file and the field.
struct nse_chain_error {
  std::string message;
};

using nse_chain_result = expected<nse_option_chain, nse_chain_error>;

/// Parses JSON text; `name` is the file as messages should call it.
nse_chain_result parse_nse_option_chain(std::string_view text, std::string_view name);

/// Reads and parses a file.
nse_chain_result read_nse_option_chain(const std::filesystem::path& file);

/// NSE's "24-Mar-2022" as a date; nullopt when malformed.
std::optional<day_number> parse_nse_date(std::string_view text);

/// NSE's "24-Mar-2022 15:30:00" (IST) as an instant; nullopt when malformed.
std::optional<epoch_ms> parse_nse_timestamp(std::string_view text);

} // namespace g6
