#include "actors/panels/panel_model.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "actors/analytics/surface_json.hpp"
#include "config/ist_time.hpp"
#include "config/json_number.hpp"

namespace g6 {

namespace {

using json = nlohmann::json;

json per_bucket(const std::array<double, expiry_bucket_count>& values, uint8_t mask) {
  json j = json::object();
  for (auto b : all_expiry_buckets)
    if (mask & bucket_bit(b))
      j[std::string{to_string(b)}] = number_or_null(values[static_cast<size_t>(b)]);
  return j;
}

json summary_panel(const panel_inputs& in) {
  json j{{"health", to_string(overall_health(in))},
         {"stale_indices", stale_indices(in)},
         {"indices_total", in.indices.size()}};
  if (!in.cycle) {
    j["cycle"] = nullptr;
    return j;
  }
  auto& c = *in.cycle;
  auto ok = std::count_if(c.indices.begin(), c.indices.end(), [](auto& r) { return r.status == cycle_status::ok; });
  int64_t slowest_us = 0;
  for (auto& r : c.indices)
    slowest_us = std::max(slowest_us, r.latency_us);
  j["cycle"] = c.cycle_id;
  j["time"] = format_ist(c.started);
  j["status"] = to_string(c.status);
  j["indices_ok"] = ok;
  j["latency_ms"] = static_cast<double>(slowest_us) / 1000.0;
  return j;
}

json index_entry(const panel_inputs& in, const std::string& index, const std::set<std::string>& stale) {
  json j{{"index", index}, {"stale", stale.count(index) > 0}};
  auto i = in.snapshots.find(index);
  if (in.cycle)
    for (auto& r : in.cycle->indices)
      if (r.index == index)
        j["status"] = to_string(r.status);
  if (i == in.snapshots.end())
    return j;
  auto& s = i->second;
  auto& o = s.overview;
  double change = s.spot.prev_close > 0 ? o.underlying - s.spot.prev_close : std::nan("");
  j["underlying"] = number_or_null(o.underlying);
  j["change"] = number_or_null(change);
  j["change_pct"] = number_or_null(s.spot.prev_close > 0 ? 100.0 * change / s.spot.prev_close : std::nan(""));
  j["pcr"] = per_bucket(o.pcr_oi, o.collected_mask);
  j["atm_iv"] = per_bucket(o.atm_iv, o.collected_mask);
  j["masks"] = {{"expected", o.expected_mask}, {"collected", o.collected_mask}, {"missing", o.missing_mask}};
  j["options"] = {{"collected", o.options_collected}, {"expected", o.options_expected}};
  j["cycle"] = s.cycle_id;
  j["as_of"] = format_ist(o.ts);
  j["age_seconds"] = in.cycle ? static_cast<double>(in.cycle->started - o.ts) / 1000.0 : 0.0;
  return j;
}

json indices_panel(const panel_inputs& in) {
  auto stale_list = stale_indices(in);
  std::set<std::string> stale(stale_list.begin(), stale_list.end());
  json list = json::array();
  for (auto& index : in.indices)
    list.push_back(index_entry(in, index, stale));
  return {{"indices", list}};
}

json leg(const option_row& r) {
  return {{"ltp", number_or_null(r.last_price)},
          {"bid", number_or_null(r.bid)},
          {"ask", number_or_null(r.ask)},
          {"volume", static_cast<double>(r.volume)},
          {"iv", number_or_null(r.iv)},
          {"delta", number_or_null(r.delta)},
          {"oi", number_or_null(r.oi)},
          {"oi_change", number_or_null(r.oi_change)},
          {"flags", r.flags}};
}

/// Since the cycle, the chain moved with streamed quotes: when and how often (null: as the cycle left it).
json live_json(const panel_inputs& in, const std::string& index) {
  auto i = in.live.find(index);
  if (i == in.live.end())
    return nullptr;
  return {{"as_of", format_ist(i->second.as_of)},
          {"updates", i->second.updates},
          {"arrived_ms", i->second.arrived_wall},
          {"first_arrived_ms", i->second.first_arrived_wall}};
}

json chain_panel(const panel_inputs& in, const index_snapshot& s) {
  auto rows = near_atm_rows(s.options, s.overview.underlying, in.chain_strikes);
  json j{{"index", s.overview.index},
         {"underlying", number_or_null(s.overview.underlying)},
         {"cycle", s.cycle_id},
         {"as_of", format_ist(s.overview.ts)},
         {"live", live_json(in, s.overview.index)}};
  if (rows.empty()) {
    j["expiry"] = nullptr;
    j["strikes"] = json::array();
    return j;
  }
  j["expiry"] = format_date(rows.front().expiry);
  j["bucket"] = std::string{to_string(rows.front().bucket)};
  json strikes = json::array();
  for (size_t i = 0; i < rows.size();) {
    json row{{"strike", rows[i].strike}, {"ce", nullptr}, {"pe", nullptr}};
    double strike = rows[i].strike;
    for (; i < rows.size() && rows[i].strike == strike; ++i)
      row[rows[i].type == option_type::call ? "ce" : "pe"] = leg(rows[i]);
    strikes.push_back(std::move(row));
  }
  double atm = 0;
  double best = INFINITY;
  for (auto& r : rows)
    if (std::abs(r.strike - s.overview.underlying) < best) {
      best = std::abs(r.strike - s.overview.underlying);
      atm = r.strike;
    }
  j["atm_strike"] = atm;
  j["strikes"] = std::move(strikes);
  return j;
}

/// The index's volatility surface: each expiry's fitted smile with a sampled curve [k, strike, iv].
json surface_panel(const index_snapshot& s) {
  json expiries = json::array();
  for (auto& slice : s.surfaces)
    expiries.push_back(surface_slice_json(slice));
  return {{"index", s.overview.index},
          {"cycle", s.cycle_id},
          {"as_of", format_ist(s.overview.ts)},
          {"expiries", std::move(expiries)}};
}

/// What a provider asked its market, per endpoint: requests, failures and mean latency.
json endpoints_of(const provider_figures& p) {
  json list = json::array();
  for (auto& [endpoint, e] : p.requests.endpoints()) {
    auto requests = e.requests();
    auto ok = e.outcomes.count("ok") ? e.outcomes.at("ok") : 0;
    list.push_back(
      {{"endpoint", endpoint},
       {"requests", requests},
       {"errors", requests - ok},
       {"mean_latency_ms",
        number_or_null(requests > 0 ? e.latency_seconds_sum * 1000 / static_cast<double>(requests) : 0.0)}});
  }
  return list;
}

// A stream-mode Kite app's ticker: its connections by state (in all and by app: its own, its spill apps'),
// subscriptions, and where quotes came from.
json ticker_of(const ticker_reading& t) {
  uint64_t reconnects = 0;
  for (auto& [reason, n] : t.reconnects)
    reconnects += n;
  return {{"connections", t.connections},
          {"apps", t.apps},
          {"subscribed", t.subscribed},
          {"left_out", t.left_out},
          {"reconnects", reconnects},
          {"quotes_streamed", t.quotes_streamed},
          {"quotes_fallback", t.quotes_fallback},
          {"last_frame_age_seconds", t.last_frame_age_seconds >= 0 ? json(t.last_frame_age_seconds) : json(nullptr)}};
}

json providers_panel(const panel_inputs& in) {
  json list = json::array();
  for (auto& b : in.figures.breakers) {
    auto rate = in.provider_request_rates.find(b.provider);
    auto calls = b.forwarded + b.rejected;
    auto provider = std::find_if(in.figures.providers.begin(), in.figures.providers.end(),
                                 [&](const provider_figures& p) { return p.provider == b.provider; });
    bool known = provider != in.figures.providers.end();
    list.push_back(
      {{"provider", b.provider},
       {"serving", b.serving},
       {"breaker_state", to_string(b.state)},
       {"requests", b.forwarded},
       {"rejected", b.rejected},
       {"errors", b.failures},
       {"error_ratio",
        number_or_null(calls > 0 ? static_cast<double>(b.failures + b.rejected) / static_cast<double>(calls) : 0.0)},
       {"requests_per_second", number_or_null(rate == in.provider_request_rates.end() ? 0.0 : rate->second)},
       {"auth_state", known ? to_string(provider->auth_state) : "unknown"},
       {"endpoints", known ? endpoints_of(*provider) : json::array()}});
    if (known && provider->ticker)
      list.back()["ticker"] = ticker_of(*provider->ticker);
  }
  return {{"providers", list}};
}

json storage_panel(const panel_inputs& in) {
  if (!in.figures.storage)
    return {{"available", false}};
  auto& s = *in.figures.storage;
  return {{"available", true},
          {"sink", s.sink},
          {"rows_written", s.rows_written},
          {"commits", s.commits},
          {"commit_latency_ms_last", static_cast<double>(s.commit_latency_us_last) / 1000.0},
          {"commit_latency_ms_avg", s.commit_latency_us_avg / 1000.0},
          {"database_bytes", s.database_bytes}};
}

json system_panel(const panel_inputs& in) {
  json components = json::array();
  uint64_t restarts = 0;
  for (auto& c : in.figures.components) {
    restarts += c.restarts;
    components.push_back(
      {{"label", c.label}, {"supervisor", c.supervisor}, {"running", c.running}, {"restarts", c.restarts}});
  }
  return {{"node", in.node_name},
          {"version", in.version},
          {"components", components},
          {"restarts_total", restarts},
          {"unanswered", in.figures.unanswered},
          {"resident_memory_bytes", in.resident_bytes},
          {"uptime_seconds", static_cast<double>(in.now - in.started_at) / 1000.0}};
}

} // namespace

std::vector<std::string> stale_indices(const panel_inputs& in) {
  std::vector<std::string> result;
  for (auto& index : in.indices) {
    auto i = in.snapshots.find(index);
    bool unreachable = std::find(in.unreachable.begin(), in.unreachable.end(), index) != in.unreachable.end();
    // A snapshot arrives before the record of its cycle: one from another cycle than the latest that
    // listed the index (an earlier one, or an earlier run of its node) means that cycle stored nothing.
    auto listed = in.last_cycle_of.find(index);
    bool behind = listed != in.last_cycle_of.end() && i != in.snapshots.end() && i->second.cycle_id != listed->second;
    if (unreachable || i == in.snapshots.end() || behind)
      result.push_back(index);
  }
  return result;
}

node_health overall_health(const panel_inputs& in) {
  // The serving provider's breaker open: nothing answers. Another provider of the chain open or half-open
  // while one serves: degraded.
  bool open = false, half_open = false;
  for (auto& b : in.figures.breakers) {
    open = open || (b.serving && b.state == breaker_state::open);
    half_open = half_open || b.state == breaker_state::half_open || (!b.serving && b.state == breaker_state::open);
  }
  if (!in.cycle || in.cycle->status == cycle_status::failed || open)
    return node_health::unhealthy;
  if (in.cycle->status != cycle_status::ok || half_open || !stale_indices(in).empty())
    return node_health::degraded;
  return node_health::healthy;
}

std::vector<option_row> near_atm_rows(const std::vector<option_row>& rows, double underlying, int strikes) {
  if (rows.empty())
    return {};
  auto nearest =
    std::min_element(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.expiry < b.expiry; })->expiry;
  std::set<double> listed;
  for (auto& r : rows)
    if (r.expiry == nearest)
      listed.insert(r.strike);
  std::vector<double> ordered(listed.begin(), listed.end());
  auto atm = std::min_element(ordered.begin(), ordered.end(),
                              [&](double a, double b) { return std::abs(a - underlying) < std::abs(b - underlying); });
  auto at = atm - ordered.begin();
  auto from = std::max<std::ptrdiff_t>(0, at - strikes);
  auto to = std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(ordered.size()) - 1, at + strikes);
  std::vector<option_row> result;
  for (auto& r : rows)
    if (r.expiry == nearest && r.strike >= ordered[static_cast<size_t>(from)]
        && r.strike <= ordered[static_cast<size_t>(to)])
      result.push_back(r);
  std::sort(result.begin(), result.end(),
            [](auto& a, auto& b) { return a.strike != b.strike ? a.strike < b.strike : a.type < b.type; });
  return result;
}

std::vector<built_panel> chain_panels(const panel_inputs& in, const std::vector<std::string>& indices) {
  std::vector<built_panel> panels;
  for (auto& index : indices)
    if (auto i = in.snapshots.find(index); i != in.snapshots.end())
      panels.push_back({"chain_" + index, chain_panel(in, i->second)});
  return panels;
}

std::vector<built_panel> build_panels(const panel_inputs& in) {
  std::vector<built_panel> panels;
  panels.push_back({"summary", summary_panel(in)});
  panels.push_back({"indices", indices_panel(in)});
  for (auto& index : in.indices) {
    auto i = in.snapshots.find(index);
    if (i == in.snapshots.end())
      continue;
    panels.push_back({"chain_" + index, chain_panel(in, i->second)});
    panels.push_back({"surface_" + index, surface_panel(i->second)});
  }
  panels.push_back({"providers", providers_panel(in)});
  panels.push_back({"storage", storage_panel(in)});
  panels.push_back({"system", system_panel(in)});
  return panels;
}

} // namespace g6
