// ticker_text.hpp — the text (JSON) messages Kite's ticker sends beside its binary ticks:
// {"type":"error","data":"..."} (a refused subscription, a limit passed), {"type":"order","data":{...}}
// (order postbacks) and {"type":"message","data":...} (broker notices). G6 acts on errors only; the
// others are recognised and ignored. A message larger than a bound or not such JSON is a typed problem.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "messages/enum_names.hpp"
#include "messages/expected.hpp"

namespace g6 {

/// What a text message is, by its "type".
enum class ticker_text_kind : uint8_t {
  error,   // Kite refused something: the text says what
  order,   // an order postback (ignored: G6 places no orders)
  message, // a broker notice (ignored)
  other,   // a type Kite does not document (ignored)
};

inline constexpr enum_names<ticker_text_kind, 4> ticker_text_kind_names{{
  {ticker_text_kind::error, "error"},
  {ticker_text_kind::order, "order"},
  {ticker_text_kind::message, "message"},
  {ticker_text_kind::other, "other"},
}};

constexpr std::string_view to_string(ticker_text_kind x) {
  return name_of(ticker_text_kind_names, x);
}

struct ticker_text_event {
  ticker_text_kind kind = ticker_text_kind::other;
  std::string error_text; // error only: Kite's "data" (a string, or its JSON when it is not one)
};

/// Why a text message could not be read.
enum class ticker_text_problem : uint8_t {
  too_large,  // longer than max_ticker_text_bytes: not parsed
  malformed,  // not JSON
  not_object, // JSON, but not an object with a string "type"
};

inline constexpr enum_names<ticker_text_problem, 3> ticker_text_problem_names{{
  {ticker_text_problem::too_large, "too_large"},
  {ticker_text_problem::malformed, "malformed"},
  {ticker_text_problem::not_object, "not_object"},
}};

constexpr std::string_view to_string(ticker_text_problem x) {
  return name_of(ticker_text_problem_names, x);
}

/// The largest text message read (an order postback is a few KB).
inline constexpr size_t max_ticker_text_bytes = 64 * 1024;

/// The largest error text kept, in bytes (longer texts are cut there).
inline constexpr size_t max_ticker_error_text = 512;

/// Reads one text message.
expected<ticker_text_event, ticker_text_problem> parse_ticker_text(std::string_view message);

} // namespace g6
