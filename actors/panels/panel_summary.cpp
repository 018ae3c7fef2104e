#include "actors/panels/panel_summary.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <ostream>
#include <string>
#include <vector>

#include "actors/panels/node_health.hpp"
#include "actors/panels/panel_envelope.hpp"
#include "actors/panels/panel_file.hpp"
#include "messages/auth_state.hpp"
#include "messages/breaker_state.hpp"
#include "messages/cycle_status.hpp"

namespace g6 {

namespace {

using json = nlohmann::json;

const char* const reset = "\x1b[0m";

std::string paint(bool colour, const char* code, const std::string& text) {
  return colour ? std::string{code} + text + reset : text;
}

/// A word from a panel file that says how something fares: the node's health, a cycle's status or a
/// breaker's state. Anything else (a hostile or newer panel) is red.
const char* health_colour(const std::string& word) {
  auto health = parse_node_health(word);
  auto cycle = parse_cycle_status(word);
  auto breaker = parse_breaker_state(word);
  if (health == node_health::healthy || cycle == cycle_status::ok || breaker == breaker_state::closed)
    return "\x1b[32m"; // green
  if (health == node_health::degraded || cycle == cycle_status::partial || breaker == breaker_state::half_open)
    return "\x1b[33m"; // yellow
  return "\x1b[31m";   // red
}

std::string text_of(const json& j, const char* key, const std::string& fallback = "-") {
  if (!j.is_object() || !j.contains(key) || j[key].is_null())
    return fallback;
  auto& v = j[key];
  if (v.is_string())
    return v.get<std::string>();
  if (v.is_number_float())
    return fmt::format("{:.2f}", v.get<double>());
  return v.dump();
}

std::string fixed(const json& j, const char* key, int decimals, double scale = 1) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number())
    return "-";
  return fmt::format("{:.{}f}", j[key].get<double>() * scale, decimals);
}

/// The nearest bucket present in a per-bucket object (pcr, atm_iv).
std::string nearest_bucket(const json& per_bucket, int decimals, double scale) {
  for (auto bucket : {"this_week", "next_week", "this_month", "next_month"})
    if (per_bucket.is_object() && per_bucket.contains(bucket) && per_bucket[bucket].is_number())
      return fmt::format("{:.{}f}", per_bucket[bucket].get<double>() * scale, decimals);
  return "-";
}

} // namespace

panel_snapshot read_panels(const std::filesystem::path& dir) {
  panel_snapshot result;
  result.dir = dir;
  panels_lock lock{dir, false};
  std::vector<std::string> names{"summary", "indices", "providers", "storage", "system"};
  for (auto& name : names) {
    auto read = read_panel_file(dir / panel_file_name(name));
    if (!read) {
      result.missing.push_back(name + (read.error().missing() ? " (no file)" : " (" + read.error().detail + ")"));
      continue;
    }
    auto& envelope = *read;
    if (!envelope.is_object() || !envelope.contains("data"))
      result.missing.push_back(name + " (not a panel envelope)");
    else
      result.data[name] = envelope["data"];
  }
  return result;
}

std::string render_summary(const panel_snapshot& panels, bool colour) {
  std::string out;
  auto get = [&](const std::string& name) {
    auto i = panels.data.find(name);
    return i == panels.data.end() ? json{} : i->second;
  };
  auto summary = get("summary");
  auto health = text_of(summary, "health", "unknown");
  out += fmt::format("g6 summary  {}  health {}\n", panels.dir.string(), paint(colour, health_colour(health), health));
  if (summary.is_object())
    out += fmt::format(
      "cycle {}  {}  status {}  latency {} ms  indices ok {}/{}\n", text_of(summary, "cycle"), text_of(summary, "time"),
      paint(colour, health_colour(text_of(summary, "status")), text_of(summary, "status")),
      fixed(summary, "latency_ms", 1), text_of(summary, "indices_ok"), text_of(summary, "indices_total"));
  auto indices = get("indices");
  if (indices.is_object() && indices["indices"].is_array()) {
    out += fmt::format("\n{:<11} {:>10} {:>8} {:>7} {:>7} {:>9} {:<8} {}\n", "INDEX", "UNDERLYING", "CHANGE%", "PCR",
                       "ATM IV%", "OPTIONS", "STATUS", "FRESHNESS");
    for (auto& i : indices["indices"]) {
      bool stale = i.value("stale", false);
      auto options = i.contains("options")
                       ? fmt::format("{}/{}", text_of(i["options"], "collected"), text_of(i["options"], "expected"))
                       : std::string{"-"};
      auto status = text_of(i, "status");
      auto line =
        fmt::format("{:<11} {:>10} {:>8} {:>7} {:>7} {:>9} {:<8} {}", text_of(i, "index"), fixed(i, "underlying", 2),
                    fixed(i, "change_pct", 2), nearest_bucket(i.value("pcr", json{}), 2, 1),
                    nearest_bucket(i.value("atm_iv", json{}), 2, 100), options, status, stale ? "STALE" : "fresh");
      out += (stale ? paint(colour, "\x1b[1;31m", line) : line) + "\n";
    }
  }
  auto providers = get("providers");
  if (providers.is_object() && providers["providers"].is_array()) {
    out += "\n";
    for (auto& p : providers["providers"]) {
      auto state = text_of(p, "breaker_state");
      auto auth = text_of(p, "auth_state");
      bool chained = providers["providers"].size() > 1;
      out += fmt::format(
        "provider {}  breaker {}  requests {}  errors {}  {} req/s{}{}\n", text_of(p, "provider"),
        paint(colour, health_colour(state), state), text_of(p, "requests"), text_of(p, "errors"),
        fixed(p, "requests_per_second", 1), chained && p.value("serving", false) ? "  SERVING" : "",
        parse_auth_state(auth) == auth_state::auth_required ? "  " + paint(colour, "\x1b[1;31m", "AUTH REQUIRED") : "");
      if (auto& t = p["ticker"]; t.is_object()) {
        auto connections = t["connections"];
        auto streaming = connections.is_object() ? connections.value("streaming", 0) : 0;
        // With spill apps, which app streams and whose token was refused.
        std::string by_app;
        std::vector<std::string> refused;
        if (auto& apps = t["apps"]; apps.is_object() && apps.size() > 1)
          for (auto& [app, states] : apps.items()) {
            by_app += fmt::format("{}{} {}", by_app.empty() ? " (" : ", ", app, states.value("streaming", 0));
            if (states.value("auth_required", 0) > 0)
              refused.push_back(app);
          }
        if (!by_app.empty())
          by_app += ")";
        out +=
          fmt::format("  ticker  streaming {}{}  subscribed {}  quotes {} streamed / {} by REST  reconnects {}{}\n",
                      paint(colour, streaming > 0 ? "\x1b[32m" : "\x1b[31m", std::to_string(streaming)), by_app,
                      text_of(t, "subscribed"), text_of(t, "quotes_streamed"), text_of(t, "quotes_fallback"),
                      text_of(t, "reconnects"),
                      connections.is_object() && connections.value("auth_required", 0) > 0
                        ? "  "
                            + paint(colour, "\x1b[1;31m",
                                    refused.empty() ? std::string{"TOKEN REFUSED"}
                                                    : fmt::format("TOKEN REFUSED ({})", fmt::join(refused, ", ")))
                        : "");
      }
    }
  }
  auto storage = get("storage");
  if (storage.is_object() && storage.value("available", false))
    out += fmt::format("storage {}  rows {}  commit {} ms (avg {} ms)  {} MB\n", text_of(storage, "sink"),
                       text_of(storage, "rows_written"), fixed(storage, "commit_latency_ms_last", 1),
                       fixed(storage, "commit_latency_ms_avg", 1), fixed(storage, "database_bytes", 1, 1e-6));
  auto system = get("system");
  if (system.is_object())
    out += fmt::format("system {}  components {}  restarts {}  memory {} MB  up {} s\n", text_of(system, "node"),
                       system.value("components", json::array()).size(), text_of(system, "restarts_total"),
                       fixed(system, "resident_memory_bytes", 1, 1e-6), fixed(system, "uptime_seconds", 0));
  if (!panels.missing.empty()) {
    std::string missing;
    for (auto& m : panels.missing)
      missing += (missing.empty() ? "" : ", ") + m;
    out += paint(colour, "\x1b[33m", "missing panels: " + missing) + "\n";
  }
  return out;
}

int status_command(const std::filesystem::path& dir, bool as_json, std::ostream& out, std::ostream& err) {
  auto panels = read_panels(dir);
  auto summary = panels.data.count("summary") ? panels.data["summary"] : json{};
  auto system = panels.data.count("system") ? panels.data["system"] : json{};
  if (summary.is_null() && system.is_null()) {
    err << "g6 status: no summary or system panel in " << dir.string() << " (is g6 run writing panels there?)\n";
    return 1;
  }
  json status{{"panels_dir", dir.string()}, {"summary", summary}, {"system", system}};
  std::vector<std::string> missing;
  for (auto& m : panels.missing)
    if (m.rfind("summary", 0) == 0 || m.rfind("system", 0) == 0)
      missing.push_back(m);
  status["missing"] = missing;
  if (as_json) {
    out << status.dump(2) << '\n';
    return 0;
  }
  out << fmt::format("node {}  version {}  health {}  cycle {} ({})  up {} s\n", text_of(system, "node"),
                     text_of(system, "version"), text_of(summary, "health", "unknown"), text_of(summary, "cycle"),
                     text_of(summary, "status"), fixed(system, "uptime_seconds", 0));
  if (system.is_object() && system.contains("components"))
    for (auto& c : system["components"])
      out << fmt::format("  {:<24} {:<22} {:<8} restarts {}\n", text_of(c, "label"), text_of(c, "supervisor"),
                         c.value("running", false) ? "running" : "stopped", text_of(c, "restarts"));
  for (auto& m : missing)
    out << "missing panel: " << m << '\n';
  return 0;
}

} // namespace g6
