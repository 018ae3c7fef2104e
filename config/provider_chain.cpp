#include "config/provider_chain.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "config/json_document.hpp"
#include "config/spot_keys.hpp"
#include "config/synthetic_underlyings.hpp"

namespace g6 {

namespace {

constexpr std::string_view app_prefix = "kite.";

std::string configured_apps(const provider_settings& p) {
  std::string names;
  for (auto& [name, app] : p.kite_apps)
    names += (names.empty() ? "" : ", ") + name;
  return names.empty() ? "none" : names;
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
      problems.push_back({where, fmt::format("{} names no app of providers.kite_apps (configured: {})", quoted,
                                             configured_apps(p))});
  }
  if (p.primary == "synthetic")
    for (auto& index : s.indices)
      if (index.enable && std::none_of(synthetic_underlyings().begin(), synthetic_underlyings().end(),
                                       [&](auto& u) { return u.name == index.name; }))
        problems.push_back({"/index_params/" + index.name,
                            fmt::format("{} is not an underlying of the synthetic market (it knows {})", index.name,
                                        synthetic_underlying_names())});
  if (p.primary == "kite")
    for (auto& index : s.indices)
      if (index.enable && !spot_key(index))
        problems.push_back({"/index_params/" + index.name + "/spot_key",
                            fmt::format("{} has no built-in Kite spot key: set spot_key to Kite's quote key of "
                                        "its level (EXCHANGE:SYMBOL)", index.name)});
  return problems;
}

} // namespace g6
