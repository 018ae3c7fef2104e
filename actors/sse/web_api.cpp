#include "actors/sse/web_api.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "actors/analytics/surface_json.hpp"
#include "config/ist_time.hpp"
#include "config/json_number.hpp"
#include "http/http_url.hpp"

namespace g6::sse {

namespace {

using json = nlohmann::json;
using parameters = http_params;

constexpr size_t default_history_limit = 2000;
constexpr size_t max_history_limit = 10000;

api_error bad(std::string message) {
  return {api_errc::bad_parameter, std::move(message)};
}

/// JSON text; bytes that are not UTF-8 (a parameter echoed in a message) become U+FFFD, never an exception.
std::string dumped(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

/// Checks that `given` names only `known` parameters, each once.
api_result<void> only(const parameters& given, std::initializer_list<std::string_view> known) {
  for (size_t i = 0; i < given.size(); ++i) {
    auto& name = given[i].first;
    if (std::find(known.begin(), known.end(), name) == known.end())
      return unexpected{bad(
        fmt::format("unknown parameter '{}' (this endpoint takes: {})", name.substr(0, 64), fmt::join(known, ", ")))};
    for (size_t j = 0; j < i; ++j)
      if (given[j].first == name)
        return unexpected{bad(fmt::format("parameter '{}' given twice", name))};
  }
  return {};
}

const std::string* find(const parameters& given, std::string_view name) {
  for (auto& [k, v] : given)
    if (k == name)
      return &v;
  return nullptr;
}

/// An index name as the config spells them: letters, digits and a few separators.
api_result<std::string> index_parameter(const parameters& given) {
  auto* index = find(given, "index");
  if (!index || index->empty())
    return unexpected{bad("parameter 'index' is required (e.g. index=NIFTY)")};
  bool sane = index->size() <= 64 && std::all_of(index->begin(), index->end(), [](unsigned char c) {
                return std::isalnum(c) || c == '_' || c == '-' || c == '&' || c == ' ' || c == '.';
              });
  if (!sane)
    return unexpected{bad("parameter 'index' must be an index name such as NIFTY (letters, digits, _ - & . space)")};
  return *index;
}

/// An instant: epoch milliseconds, or ISO 8601 with an offset.
api_result<epoch_ms> instant_parameter(std::string_view name, const std::string& text) {
  epoch_ms ms = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (ec == std::errc{} && end == text.data() + text.size() && !text.empty())
    return ms;
  if (auto t = parse_iso8601(text))
    return *t;
  return unexpected{bad(fmt::format("parameter '{}' must be epoch milliseconds or ISO 8601 with an offset "
                                    "(e.g. 2026-11-26T09:15:00+05:30)",
                                    name))};
}

json expiry_json(const stored_expiry& e) {
  return {{"expiry", format_date(e.expiry)}, {"bucket", to_string(e.bucket)}};
}

json expiries_json(const stored_index& index) {
  auto out = json::array();
  for (auto& e : index.expiries)
    out.push_back(expiry_json(e));
  return out;
}

json option_json(const std::optional<stored_option>& o) {
  if (!o)
    return nullptr;
  return {{"ltp", number_or_null(o->ltp)},
          {"change", number_or_null(o->change)},
          {"bid", number_or_null(o->bid)},
          {"ask", number_or_null(o->ask)},
          {"volume", number_or_null(o->volume)},
          {"oi", number_or_null(o->oi)},
          {"oi_change", number_or_null(o->oi_change)},
          {"iv", number_or_null(o->iv)},
          {"delta", number_or_null(o->delta)},
          {"gamma", number_or_null(o->gamma)},
          {"theta", number_or_null(o->theta)},
          {"vega", number_or_null(o->vega)},
          {"flags", o->flags}};
}

api_result<json> indices_answer(store_reader& reader, const parameters& given) {
  if (auto ok = only(given, {}); !ok)
    return unexpected{ok.error()};
  auto indices = reader.indices();
  if (!indices)
    return unexpected{indices.error()};
  auto list = json::array();
  for (auto& i : *indices)
    list.push_back({{"index", i.index}, {"ts_ms", i.ts}, {"as_of", format_ist(i.ts)}, {"expiries", expiries_json(i)}});
  return json{{"indices", std::move(list)}};
}

api_result<json> chain_answer(store_reader& reader, const parameters& given) {
  if (auto ok = only(given, {"index", "expiry"}); !ok)
    return unexpected{ok.error()};
  auto index = index_parameter(given);
  if (!index)
    return unexpected{index.error()};
  std::optional<day_number> expiry;
  if (auto* text = find(given, "expiry")) {
    expiry = parse_date(*text);
    if (!expiry)
      return unexpected{bad("parameter 'expiry' must be a date YYYY-MM-DD")};
  }
  auto chain = reader.chain(*index, expiry);
  if (!chain)
    return unexpected{chain.error()};
  auto strikes = json::array();
  for (auto& s : chain->strikes)
    strikes.push_back({{"strike", s.strike}, {"CE", option_json(s.call)}, {"PE", option_json(s.put)}});
  return json{{"index", chain->index.index},
              {"expiry", format_date(chain->expiry.expiry)},
              {"bucket", to_string(chain->expiry.bucket)},
              {"ts_ms", chain->index.ts},
              {"as_of", format_ist(chain->index.ts)},
              {"open_ts_ms", chain->open_ts},
              {"underlying", number_or_null(chain->underlying)},
              {"forward", number_or_null(chain->forward)},
              {"atm_strike", number_or_null(chain->atm_strike)},
              {"max_pain", number_or_null(chain->max_pain)},
              {"expiries", expiries_json(chain->index)},
              {"surface", chain->surface ? surface_slice_json(*chain->surface) : json(nullptr)},
              {"strikes", std::move(strikes)}};
}

api_result<json> history_answer(store_reader& reader, const parameters& given) {
  if (auto ok = only(given, {"index", "series", "bucket", "from", "to", "limit"}); !ok)
    return unexpected{ok.error()};
  history_query q;
  auto index = index_parameter(given);
  if (!index)
    return unexpected{index.error()};
  q.index = *index;
  auto* series = find(given, "series");
  auto parsed_series = series ? parse_history_series(*series) : std::nullopt;
  if (!parsed_series)
    return unexpected{
      bad("parameter 'series' must be one of underlying, atm_iv, pcr_oi, pcr_volume, straddle, max_pain")};
  q.series = *parsed_series;
  if (auto* bucket = find(given, "bucket")) {
    auto b = parse_expiry_bucket(*bucket);
    if (!b || !is_slot(*b))
      return unexpected{bad("parameter 'bucket' must be one of this_week, next_week, this_month, next_month")};
    q.bucket = *b;
  }
  for (auto [name, field] : {std::pair{"from", &q.from}, std::pair{"to", &q.to}}) {
    if (auto* text = find(given, name)) {
      auto t = instant_parameter(name, *text);
      if (!t)
        return unexpected{t.error()};
      *field = *t;
    }
  }
  q.limit = default_history_limit;
  if (auto* text = find(given, "limit")) {
    size_t limit = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (ec != std::errc{} || end != text->data() + text->size() || limit < 1 || limit > max_history_limit)
      return unexpected{bad(fmt::format("parameter 'limit' must be an integer from 1 to {}", max_history_limit))};
    q.limit = limit;
  }
  auto page = reader.history(q);
  if (!page)
    return unexpected{page.error()};
  auto points = json::array();
  for (auto& p : page->points)
    points.push_back(json::array({p.ts, number_or_null(p.value)}));
  return json{{"index", q.index},
              {"series", to_string(q.series)},
              {"bucket", q.series == history_series::underlying ? json(nullptr) : json(to_string(q.bucket))},
              {"from_ms", page->from},
              {"points", std::move(points)},
              {"next_from", page->next_from ? json(*page->next_from) : json(nullptr)}};
}

} // namespace

std::string api_error_body(const api_error& e) {
  return dumped(json{{"error", e.message}, {"reason", to_string(e.code)}});
}

std::vector<std::string> api_endpoints() {
  return {"indices", "chain", "history"};
}

std::vector<std::string> api_outcomes() {
  std::vector<std::string> out{"ok"};
  for (auto e : {api_errc::bad_parameter, api_errc::not_found, api_errc::unavailable})
    out.emplace_back(to_string(e));
  return out;
}

api_answer answer_api(store_reader& reader, std::string_view path, std::string_view query) {
  std::string_view endpoint = path == "/api/indices"   ? "indices"
                              : path == "/api/chain"   ? "chain"
                              : path == "/api/history" ? "history"
                                                       : "";
  if (endpoint.empty())
    return {404, api_error_body({api_errc::not_found, "no such API endpoint"}), endpoint,
            to_string(api_errc::not_found)};
  auto given = decode_params(query);
  api_result<json> answer = unexpected{bad("no query")};
  if (!given)
    answer = unexpected{bad(given.error() + " of the query")};
  else if (endpoint == "indices")
    answer = indices_answer(reader, *given);
  else if (endpoint == "chain")
    answer = chain_answer(reader, *given);
  else
    answer = history_answer(reader, *given);
  if (!answer)
    return {status_of(answer.error().code), api_error_body(answer.error()), endpoint, to_string(answer.error().code)};
  return {200, dumped(*answer), endpoint, "ok"};
}

} // namespace g6::sse
