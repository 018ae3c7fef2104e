#include "actors/provider/kite/kite_rate_plan.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace g6 {

kite_rate_plan plan_rate(const settings& cfg, const kite_settings& app) {
  kite_rate_plan plan;
  size_t indices = 0;
  std::vector<std::string> full;
  for (auto& index : cfg.indices) {
    if (!index.enable)
      continue;
    ++indices;
    if (index.strikes_itm.all || index.strikes_otm.all || index.expiries.choice == expiry_choice::all) {
      full.push_back(index.name);
      continue;
    }
    // Calls and puts together cover ATM ± max(itm, otm) strikes (strike_universe.hpp).
    auto strikes = static_cast<size_t>(2 * std::max({0, index.strikes_itm.count, index.strikes_otm.count}) + 1);
    auto expiries = index.expiries.choice == expiry_choice::next ? static_cast<size_t>(index.expiries.next)
                                                                 : index.expiries.buckets.size();
    plan.options += expiries * strikes * 2;
  }
  plan.quote_calls = (plan.options + 499) / 500 + (indices > 0 ? 1 : 0);
  auto rate = app.quote_rate_per_second;
  plan.seconds = static_cast<double>(plan.quote_calls) / rate;
  plan.interval = cfg.collection.interval_seconds;
  plan.fits = plan.seconds <= plan.interval;
  plan.sentence =
    fmt::format("{} indices ask for at most {} options a cycle: {} quote calls of up to 500 instruments plus 1 for the "
                "index levels = {} calls at {} per second = {:.1f} s, {} the {} s interval",
                indices, plan.options, plan.quote_calls - (indices > 0 ? 1 : 0), plan.quote_calls, rate, plan.seconds,
                plan.fits ? "within" : "MORE than", plan.interval);
  if (!full.empty())
    plan.sentence +=
      fmt::format("; not counted: the full chains of {}, sized only by the instrument dump", fmt::join(full, ", "));
  return plan;
}

} // namespace g6
