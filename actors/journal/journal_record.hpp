// journal_record.hpp — one captured provider answer (instruments, spot or quotes) with the cycle it
// answered and when it was received, and its msgpack encoding. Pure code: no files, no CAF.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "messages/expected.hpp"
#include "messages/market.hpp"

namespace g6 {

enum class journal_kind : uint8_t { instruments = 0, spot = 1, quotes = 2 };

std::string_view to_string(journal_kind x);

struct journal_record {
  journal_kind kind = journal_kind::spot;
  std::string index;
  uint64_t cycle_id = 0;
  epoch_ms cycle_ts = 0;       // the cycle instant the answer was asked for (the market clock)
  epoch_ms received_ms = 0;    // when the answer arrived (the wall clock)
  instrument_list instruments; // kind == instruments
  index_spot spot;             // kind == spot
  quote_batch quotes;          // kind == quotes
};

/// The msgpack encoding of a record (an array led by a format version). Every double decodes to exactly
/// the bits the provider sent, so a replay computes exactly what the captured run computed.
std::string encode(const journal_record& record);

/// Why bytes are not a record.
struct journal_decode_error {
  std::string message;
};

expected<journal_record, journal_decode_error> decode_journal_record(std::string_view bytes);

/// The first byte of every encoded record: msgpack's one-byte header of an array of 7.
inline constexpr char journal_record_first_byte = static_cast<char>(0x97);

/// Whether bytes begin as every encoding of this format does: an array of 7 led by the format version
/// and a known kind. A test of three bytes that a reader resyncing after damage applies before it
/// computes a checksum; it says nothing of the rest.
bool looks_like_journal_record(std::string_view bytes);

} // namespace g6
