#include "actors/analytics/nse_option_chain.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "config/ist_time.hpp"

namespace g6 {

namespace {

using json = nlohmann::json;

/// A field as a number; NaN when missing or not a number.
double number(const json& object, const char* field) {
  auto it = object.find(field);
  return it != object.end() && it->is_number() ? it->get<double>() : absent;
}

std::optional<int> whole(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

/// The legs of one section (records.data or filtered.data), grouped by expiry.
struct section {
  std::map<day_number, expiry_chain> chains;
  std::map<day_number, std::vector<nse_leg_info>> published;
};

void add_leg(section& out, day_number expiry, double strike, option_type type, const json& leg, uint64_t& token) {
  chain_leg l;
  l.instrument.token = token;
  l.instrument.expiry = expiry;
  l.instrument.strike = strike;
  l.instrument.type = type;
  if (auto id = leg.find("identifier"); id != leg.end() && id->is_string())
    l.instrument.symbol = id->get<std::string>();
  l.quote.token = token++;
  l.quote.last_price = number(leg, "lastPrice");
  l.quote.bid = number(leg, "bidprice");
  l.quote.ask = number(leg, "askPrice");
  auto volume = number(leg, "totalTradedVolume");
  l.quote.volume = std::isfinite(volume) ? static_cast<int64_t>(volume) : 0;
  l.quote.oi = number(leg, "openInterest");
  l.quote.oi_change = number(leg, "changeinOpenInterest");
  auto& chain = out.chains[expiry];
  chain.expiry = expiry;
  chain.legs.push_back(std::move(l));
  auto published_iv = number(leg, "impliedVolatility");
  out.published[expiry].push_back({published_iv / 100, number(leg, "underlyingValue")});
}

/// Reads `items` (an array of {strikePrice, expiryDate, CE?, PE?}); items it cannot place are noted.
section read_section(const json& items, std::string_view path, std::vector<std::string>& notes) {
  section out;
  uint64_t token = 1;
  for (size_t i = 0; i < items.size(); ++i) {
    auto& item = items[i];
    auto where = std::string{path} + "[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      notes.push_back(where + ": not an object, skipped");
      continue;
    }
    auto strike = number(item, "strikePrice");
    if (!(std::isfinite(strike) && strike > 0)) {
      notes.push_back(where + ".strikePrice: missing or not a positive number, skipped");
      continue;
    }
    auto expiry_field = item.find("expiryDate");
    auto expiry = expiry_field != item.end() && expiry_field->is_string()
                    ? parse_nse_date(expiry_field->get<std::string>())
                    : std::nullopt;
    if (!expiry) {
      notes.push_back(where + ".expiryDate: missing or not a DD-Mon-YYYY date, skipped");
      continue;
    }
    for (auto [side, type] : {std::pair{"CE", option_type::call}, std::pair{"PE", option_type::put}}) {
      auto leg = item.find(side);
      if (leg == item.end())
        continue;
      if (!leg->is_object()) {
        notes.push_back(where + "." + side + ": not an object, skipped");
        continue;
      }
      add_leg(out, *expiry, strike, type, *leg, token);
    }
  }
  return out;
}

void fill(chain_request& request, std::vector<std::vector<nse_leg_info>>* published, section& s) {
  for (auto& [expiry, chain] : s.chains) {
    request.expiries.push_back(std::move(chain));
    if (published)
      published->push_back(std::move(s.published[expiry]));
  }
}

std::optional<nse_side_totals> totals(const json& filtered, const char* side) {
  auto it = filtered.find(side);
  if (it == filtered.end() || !it->is_object())
    return std::nullopt;
  return nse_side_totals{number(*it, "totOI"), number(*it, "totVol")};
}

unexpected<nse_chain_error> error(std::string_view name, const std::string& what) {
  return unexpected{nse_chain_error{std::string{name} + ": " + what}};
}

} // namespace

std::optional<day_number> parse_nse_date(std::string_view text) {
  static constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 11 || text[2] != '-' || text[6] != '-')
    return std::nullopt;
  auto day = whole(text.substr(0, 2));
  auto year = whole(text.substr(7, 4));
  auto month = std::find(months.begin(), months.end(), text.substr(3, 3));
  if (!day || !year || month == months.end())
    return std::nullopt;
  if (*day < 1 || *year < 1)
    return std::nullopt;
  auto month_number = static_cast<int>(month - months.begin()) + 1;
  return parse_date(fmt::format("{:04}-{:02}-{:02}", *year, month_number, *day)); // rejects 31-Feb
}

std::optional<epoch_ms> parse_nse_timestamp(std::string_view text) {
  if (text.size() != 20 || text[11] != ' ' || text[14] != ':' || text[17] != ':')
    return std::nullopt;
  auto date = parse_nse_date(text.substr(0, 11));
  auto hour = whole(text.substr(12, 2));
  auto minute = whole(text.substr(15, 2));
  auto second = whole(text.substr(18, 2));
  if (!date || !hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 59)
    return std::nullopt;
  return ist_instant(*date, *hour, *minute, *second);
}

nse_chain_result parse_nse_option_chain(std::string_view text, std::string_view name) {
  auto document = json::parse(text.begin(), text.end(), nullptr, false);
  if (document.is_discarded())
    return error(name, "not valid JSON");
  if (!document.is_object())
    return error(name, "expected a JSON object with \"records\"");
  auto records = document.find("records");
  if (records == document.end() || !records->is_object())
    return error(name, "records: missing (not an NSE option-chain response?)");
  auto timestamp_field = records->find("timestamp");
  if (timestamp_field == records->end() || !timestamp_field->is_string())
    return error(name, "records.timestamp: missing");
  auto timestamp = parse_nse_timestamp(timestamp_field->get<std::string>());
  if (!timestamp)
    return error(name,
                 "records.timestamp: '" + timestamp_field->get<std::string>() + "' is not a DD-Mon-YYYY HH:MM:SS time");
  auto spot = number(*records, "underlyingValue");
  if (!(std::isfinite(spot) && spot > 0))
    return error(name, "records.underlyingValue: missing or not a positive number");
  auto data = records->find("data");
  if (data == records->end() || !data->is_array())
    return error(name, "records.data: missing or not an array");

  nse_option_chain chain;
  chain.timestamp = *timestamp;
  chain.spot = spot;
  for (auto& item : *data)
    for (auto side : {"CE", "PE"})
      if (item.is_object() && item.contains(side) && item[side].is_object() && item[side].contains("underlying")
          && item[side]["underlying"].is_string()) {
        chain.underlying = item[side]["underlying"].get<std::string>();
        break;
      }
  auto records_section = read_section(*data, "records.data", chain.notes);
  if (records_section.chains.empty())
    return error(name, "records.data: no usable legs");
  for (auto* request : {&chain.request, &chain.filtered}) {
    request->index = chain.underlying;
    request->ts = chain.timestamp;
    request->spot = chain.spot;
  }
  fill(chain.request, &chain.published, records_section);
  if (auto filtered = document.find("filtered"); filtered != document.end() && filtered->is_object()) {
    if (auto items = filtered->find("data"); items != filtered->end() && items->is_array()) {
      auto filtered_section = read_section(*items, "filtered.data", chain.notes);
      fill(chain.filtered, nullptr, filtered_section);
    }
    chain.filtered_calls = totals(*filtered, "CE");
    chain.filtered_puts = totals(*filtered, "PE");
  }
  return chain;
}

nse_chain_result read_nse_option_chain(const std::filesystem::path& file) {
  std::ifstream in{file, std::ios::binary};
  if (!in)
    return error(file.string(), "cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    return error(file.string(), "cannot read");
  return parse_nse_option_chain(text.str(), file.string());
}

} // namespace g6
