#include "config/ticker_capacity.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "config/provider_chain.hpp"

namespace g6 {

std::optional<size_t> ticker_instruments_bound(const index_settings& index) {
  if (index.strikes_itm.all || index.strikes_otm.all || index.expiries.choice == expiry_choice::all)
    return std::nullopt;
  auto expiries = index.expiries.choice == expiry_choice::next ? static_cast<size_t>(index.expiries.next)
                                                               : index.expiries.buckets.size();
  auto strikes = static_cast<size_t>(index.strikes_itm.count + index.strikes_otm.count) + 1 + 2 * ticker_strike_margin;
  return expiries * strikes * 2 + 1;
}

ticker_demand ticker_demand_of(const std::vector<index_settings>& indices) {
  ticker_demand out;
  for (auto& index : indices) {
    if (!index.enable)
      continue;
    if (auto bound = ticker_instruments_bound(index)) {
      out.instruments += *bound;
      out.bounded.push_back(fmt::format("{} {}", index.name, *bound));
    } else {
      out.unbounded.push_back(index.name);
    }
  }
  return out;
}

std::vector<config_problem> check_ticker_capacity(const settings& s) {
  std::vector<config_problem> problems;
  auto demand = ticker_demand_of(s.indices);
  for (auto& provider : provider_chain(s.providers)) {
    auto* app = kite_app_settings(s.providers, provider);
    if (!app || app->quotes != kite_quote_source::stream)
      continue;
    // Each app's connections, its own first; an unknown spill app (check_providers says so) lends none.
    std::vector<std::string> lenders{fmt::format("{} {}", provider, app->ticker.connections)};
    auto connections = static_cast<size_t>(app->ticker.connections);
    for (auto& spill : app->ticker.spill_apps)
      if (auto* lender = kite_app_settings(s.providers, "kite." + spill)) {
        lenders.push_back(fmt::format("kite.{} {}", spill, lender->ticker.connections));
        connections += static_cast<size_t>(lender->ticker.connections);
      }
    if (demand.instruments <= ticker_capacity(connections))
      continue;
    auto where = provider == "kite"
                   ? std::string{"/providers/kite/ticker"}
                   : fmt::format("/providers/kite_apps/{}/ticker", provider.substr(provider.find('.') + 1));
    problems.push_back(
      {where, fmt::format("the strike windows need up to {} instruments on the ticker ({}{}), but its {} connections "
                          "({}) hold {} ({} each): add apps to spill_apps, narrow strikes or expiries, or use quotes "
                          "\"rest\"",
                          demand.instruments, fmt::join(demand.bounded, ", "),
                          demand.unbounded.empty() ? ""
                                                   : fmt::format("; not counted, \"all\" is sized at run time: {}",
                                                                 fmt::join(demand.unbounded, ", ")),
                          connections, fmt::join(lenders, ", "), ticker_capacity(connections),
                          kite_ticker_instruments_per_connection)});
  }
  return problems;
}

} // namespace g6
