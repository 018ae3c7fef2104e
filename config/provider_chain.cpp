#include "config/provider_chain.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "config/json_document.hpp"
#include "config/spot_keys.hpp"
#include "config/synthetic_underlyings.hpp"
#include "config/ticker_capacity.hpp"

namespace g6 {

namespace {

constexpr std::string_view app_prefix = "kite.";

std::string configured_apps(const provider_settings& p) {
  std::string names;
  for (auto& [name, app] : p.kite_apps)
    names += (names.empty() ? "" : ", ") + name;
  return names.empty() ? "none" : names;
}

// An app's ticker.spill_apps: each an app of providers.kite_apps other than the app itself (the schema
// keeps them unique). `app` is "kite" or an app's name; `where` the pointer of its settings.
void check_spill_apps(const provider_settings& p, std::string_view app, const kite_settings& settings,
                      const std::string& where, std::vector<config_problem>& problems) {
  auto& names = settings.ticker.spill_apps;
  for (size_t i = 0; i < names.size(); ++i) {
    auto at = fmt::format("{}/ticker/spill_apps/{}", where, i);
    auto quoted = config_detail::json_string(names[i]);
    bool named = p.kite_apps.contains(names[i]);
    if (names[i] == app && (app != "kite" || !named))
      problems.push_back(
        {at, fmt::format("{} is this app itself: a ticker spills onto other apps' connections", quoted)});
    else if (!named)
      problems.push_back(
        {at, fmt::format("{} names no app of providers.kite_apps (configured: {})", quoted, configured_apps(p))});
  }
}

} // namespace

std::vector<std::string> provider_chain(const provider_settings& providers) {
  std::vector<std::string> chain{providers.primary};
  if (providers.primary != "replay")
    chain.insert(chain.end(), providers.failover.begin(), providers.failover.end());
  return chain;
}

const kite_settings* kite_app_settings(const provider_settings& providers, std::string_view name) {
  if (name == "kite")
    return &providers.kite;
  if (!name.starts_with(app_prefix))
    return nullptr;
  auto app = providers.kite_apps.find(std::string{name.substr(app_prefix.size())});
  return app == providers.kite_apps.end() ? nullptr : &app->second;
}

std::vector<config_problem> check_providers(const settings& s) {
  std::vector<config_problem> problems;
  auto& p = s.providers;
  if (p.primary == "synthetic" && !p.failover.empty())
    problems.push_back({"/providers/failover", "a synthetic primary has no failover: synthetic data is for demos "
                                               "and tests, failover goes from one live provider to another"});
  for (size_t i = 0; i < p.failover.size() && p.primary != "synthetic"; ++i) {
    auto& name = p.failover[i];
    auto where = fmt::format("/providers/failover/{}", i);
    auto quoted = config_detail::json_string(name);
    if (name == "synthetic")
      problems.push_back({where, "\"synthetic\" is never a failover: synthetic data is never a fallback for a "
                                 "live provider"});
    else if (name == p.primary)
      problems.push_back({where, quoted + " is the primary already"});
    else if (name != "kite" && !name.starts_with(app_prefix))
      problems.push_back({where, quoted + " is not a live provider (kite, or kite.NAME of providers.kite_apps)"});
    else if (!kite_app_settings(p, name))
      problems.push_back(
        {where, fmt::format("{} names no app of providers.kite_apps (configured: {})", quoted, configured_apps(p))});
  }
  check_spill_apps(p, "kite", p.kite, "/providers/kite", problems);
  for (auto& [name, app] : p.kite_apps)
    check_spill_apps(p, name, app, "/providers/kite_apps/" + name, problems);
  if (p.primary == "synthetic")
    for (auto& index : s.indices)
      if (index.enable && std::none_of(synthetic_underlyings().begin(), synthetic_underlyings().end(), [&](auto& u) {
            return u.name == index.name;
          }))
        problems.push_back(
          {"/index_params/" + index.name, fmt::format("{} is not an underlying of the synthetic market (it knows {})",
                                                      index.name, synthetic_underlying_names())});
  if (p.primary == "kite")
    for (auto& index : s.indices)
      if (index.enable && !spot_key(index))
        problems.push_back({"/index_params/" + index.name + "/spot_key",
                            fmt::format("{} has no built-in Kite spot key: set spot_key to Kite's quote key of "
                                        "its level (EXCHANGE:SYMBOL)",
                                        index.name)});
  for (auto& problem : check_ticker_capacity(s))
    problems.push_back(std::move(problem));
  return problems;
}

} // namespace g6
