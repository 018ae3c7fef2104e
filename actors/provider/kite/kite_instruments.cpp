#include "actors/provider/kite/kite_instruments.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "config/ist_time.hpp"

namespace g6 {

namespace {

constexpr std::array<std::string_view, 12> columns{"instrument_token", "exchange_token",  "tradingsymbol", "name",
                                                   "last_price",       "expiry",          "strike",        "tick_size",
                                                   "lot_size",         "instrument_type", "segment",       "exchange"};

// Splits CSV text into records of unescaped fields, RFC 4180 style.
class csv_reader {
public:
  explicit csv_reader(std::string_view text) : text_(text) {}

  // The next record; false at the end. Sets error_ on an unterminated quote.
  bool next(std::vector<std::string>& fields) {
    fields.clear();
    if (pos_ >= text_.size())
      return false;
    ++line_;
    record_line_ = line_;
    std::string field;
    bool quoted = false;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (quoted) {
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            field += '"';
            ++pos_;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n')
            ++line_;
          field += c;
        }
      } else if (c == '"' && field.empty()) {
        quoted = true;
      } else if (c == ',') {
        fields.push_back(std::move(field));
        field.clear();
      } else if (c == '\n') {
        break;
      } else if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') {
        continue;
      } else {
        field += c;
      }
    }
    if (quoted) {
      error_ = fmt::format("line {}: unterminated quoted field", record_line_);
      return false;
    }
    fields.push_back(std::move(field));
    return true;
  }

  size_t line() const { return record_line_; }
  const std::string& error() const { return error_; }

private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 0;
  size_t record_line_ = 0;
  std::string error_;
};

template <class T>
bool parse_number(std::string_view text, T& out) {
  if (text.empty())
    return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

bool is_blank(const std::vector<std::string>& fields) {
  return fields.size() == 1 && fields[0].empty();
}

std::string render_number(double x) {
  return fmt::format("{}", x);
}

// The dump prints prices and strikes with at least one decimal ("0.0", "23500.0"), as Kite does.
std::string render_decimal(double x) {
  auto text = render_number(x);
  if (text.find_first_of(".e") == std::string::npos)
    text += ".0";
  return text;
}

std::string quote_field(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos)
    return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"')
      out += '"';
    out += c;
  }
  return out + '"';
}

} // namespace

kite_result<instrument_dump> parse_instruments_csv(std::string_view csv) {
  csv_reader reader{csv};
  std::vector<std::string> fields;
  if (!reader.next(fields))
    return unexpected{kite_error{kite_errc::malformed, reader.error().empty() ? "instruments CSV: empty"
                                                                              : "instruments CSV: " + reader.error()}};
  std::array<size_t, columns.size()> at{};
  for (size_t c = 0; c < columns.size(); ++c) {
    auto i = std::find(fields.begin(), fields.end(), columns[c]);
    if (i == fields.end())
      return unexpected{
        kite_error{kite_errc::malformed, fmt::format("instruments CSV: header lacks column '{}' (header: {})",
                                                     columns[c], snippet(fmt::format("{}", fmt::join(fields, ","))))}};
    at[c] = static_cast<size_t>(i - fields.begin());
  }
  const size_t width = fields.size();
  instrument_dump dump;
  auto reject = [&](std::string why) {
    if (dump.rejected++ == 0)
      dump.first_rejection = fmt::format("line {}: {}", reader.line(), why);
  };
  while (reader.next(fields)) {
    if (is_blank(fields))
      continue;
    if (fields.size() != width) {
      reject(fmt::format("{} fields, the header has {}", fields.size(), width));
      continue;
    }
    auto field = [&](size_t c) -> const std::string& { return fields[at[c]]; };
    kite_instrument row;
    bool ok = parse_number(field(0), row.instrument_token) && parse_number(field(1), row.exchange_token)
              && parse_number(field(4), row.last_price) && parse_number(field(6), row.strike)
              && parse_number(field(7), row.tick_size) && parse_number(field(8), row.lot_size);
    if (!ok) {
      reject("a numeric field is not a number");
      continue;
    }
    if (!field(5).empty()) {
      auto expiry = parse_date(field(5));
      if (!expiry) {
        reject(fmt::format("expiry '{}' is not a YYYY-MM-DD date", snippet(field(5), 20)));
        continue;
      }
      row.expiry = *expiry;
    }
    if (field(2).empty()) {
      reject("empty tradingsymbol");
      continue;
    }
    row.tradingsymbol = field(2);
    row.name = field(3);
    row.instrument_type = field(9);
    row.segment = field(10);
    row.exchange = field(11);
    dump.rows.push_back(std::move(row));
  }
  if (!reader.error().empty())
    return unexpected{kite_error{kite_errc::malformed, "instruments CSV: " + reader.error()}};
  return dump;
}

std::string format_instruments_csv(const std::vector<kite_instrument>& rows) {
  std::string out = fmt::format("{}\n", fmt::join(columns, ","));
  for (auto& r : rows)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", r.instrument_token, r.exchange_token,
                       quote_field(r.tradingsymbol), quote_field(r.name), render_decimal(r.last_price),
                       r.expiry == 0 ? std::string{} : format_date(r.expiry), render_decimal(r.strike),
                       render_number(r.tick_size), r.lot_size, quote_field(r.instrument_type), quote_field(r.segment),
                       quote_field(r.exchange));
  return out;
}

} // namespace g6
