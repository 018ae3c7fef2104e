#include "actors/collector/collector_cycle.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "actors/collector/expiry_buckets.hpp"
#include "actors/collector/strike_universe.hpp"

namespace g6 {

std::vector<uint64_t> cycle_plan::tokens() const {
  std::vector<uint64_t> result;
  for (auto& e : expiries)
    for (auto& o : e.options)
      result.push_back(o.token);
  return result;
}

cycle_plan plan_cycle(const index_settings& index, const instrument_list& instruments, double spot, day_number today) {
  cycle_plan plan;
  auto pick = select_expiries(index.expiries, instruments.expiries, today);
  plan.expected_mask = pick.expected_mask;
  auto listings = listings_by_expiry(instruments);
  for (auto& chosen : pick.expiries) {
    auto listing = std::lower_bound(listings.begin(), listings.end(), chosen.date,
                                    [](const expiry_listing& l, day_number date) { return l.expiry < date; });
    expiry_listing none_listed{chosen.date, instruments.strike_step, {}};
    auto& listed = listing != listings.end() && listing->expiry == chosen.date ? *listing : none_listed;
    auto universe = plan_strikes(spot, instruments.strike_step, index.strikes_itm, index.strikes_otm, listed.strikes());
    if (!universe)
      continue;
    auto& strikes = *universe;
    planned_expiry e;
    e.expiry = chosen.date;
    e.bucket = chosen.bucket;
    e.bucket_mask = chosen.bucket_mask;
    e.options = select_instruments(listed, strikes.legs).instruments;
    e.expected = static_cast<uint32_t>(strikes.expected());
    plan.atm = strikes.atm;
    plan.options_expected += e.expected;
    plan.expiries.push_back(std::move(e));
  }
  return plan;
}

assembled_chain assemble_chain(const std::string& index, const cycle_plan& plan, const quote_batch& quotes, double spot,
                               epoch_ms ts, epoch_ms max_quote_age_ms) {
  struct leg_place {
    size_t expiry;
    const option_instrument* instrument;
  };
  std::unordered_map<uint64_t, leg_place> by_token;
  assembled_chain result;
  result.request.index = index;
  result.request.ts = ts;
  result.request.spot = spot;
  for (size_t i = 0; i < plan.expiries.size(); ++i) {
    auto& planned = plan.expiries[i];
    result.request.expiries.push_back({planned.expiry, planned.bucket, {}});
    for (auto& o : planned.options)
      by_token.emplace(o.token, leg_place{i, &o});
  }
  size_t answered = 0;
  for (auto& quote : quotes.quotes) {
    auto found = by_token.find(quote.token);
    if (found == by_token.end())
      continue; // not asked for: a provider bug, ignored rather than stored
    ++answered;
    auto& [expiry, instrument] = found->second;
    auto verdict = sanitise(quote, ts, max_quote_age_ms);
    if (verdict.dropped) {
      result.drops.add(*verdict.dropped);
      continue;
    }
    result.request.expiries[expiry].legs.push_back({*instrument, quote, verdict.flags});
  }
  result.missing = static_cast<uint32_t>(by_token.size() - std::min(answered, by_token.size()));
  return result;
}

overview_row summarise(const std::string& index, epoch_ms ts, const cycle_plan& plan, const index_spot& spot,
                       const chain_result& analysed) {
  overview_row row;
  row.ts = ts;
  row.index = index;
  row.underlying = spot.last_price;
  row.day_high = spot.day_high;
  row.day_low = spot.day_low;
  row.day_width = spot.day_high - spot.day_low;
  row.expected_mask = plan.expected_mask;
  row.options_expected = plan.options_expected;
  row.options_collected = static_cast<uint32_t>(analysed.rows.size());
  std::set<day_number> collected;
  for (auto& r : analysed.rows)
    collected.insert(r.expiry);
  for (auto& planned : plan.expiries) {
    if (collected.contains(planned.expiry))
      row.collected_mask |= planned.bucket_mask;
    if (planned.bucket_mask == 0)
      continue; // an expiry that fills no bucket has no overview figures
    auto stats = std::find_if(analysed.expiries.begin(), analysed.expiries.end(),
                              [&](const expiry_stats& s) { return s.expiry == planned.expiry; });
    if (stats == analysed.expiries.end())
      continue;
    auto slice = std::find_if(analysed.surfaces.begin(), analysed.surfaces.end(),
                              [&](const surface_slice& s) { return s.expiry == planned.expiry; });
    for (auto bucket : all_expiry_buckets) {
      if (!(planned.bucket_mask & bucket_bit(bucket)))
        continue;
      auto i = static_cast<size_t>(bucket);
      row.pcr_oi[i] = stats->pcr_oi;
      row.pcr_volume[i] = stats->pcr_volume;
      row.atm_iv[i] = stats->atm_iv;
      row.max_pain[i] = stats->max_pain;
      row.rr25[i] = stats->rr25;
      row.bf25[i] = stats->bf25;
      row.calls_adding_oi[i] = static_cast<int32_t>(stats->calls_adding_oi);
      row.calls_shedding_oi[i] = static_cast<int32_t>(stats->calls_shedding_oi);
      row.puts_adding_oi[i] = static_cast<int32_t>(stats->puts_adding_oi);
      row.puts_shedding_oi[i] = static_cast<int32_t>(stats->puts_shedding_oi);
      if (slice != analysed.surfaces.end() && slice->status == surface_status::fitted) {
        row.fit_atm_iv[i] = slice->atm_iv;
        row.fit_rr25[i] = slice->rr25;
        row.fit_bf25[i] = slice->bf25;
        row.fit_atm_skew[i] = slice->atm_skew;
      }
    }
  }
  row.missing_mask = static_cast<uint8_t>(row.expected_mask & ~row.collected_mask);
  return row;
}

} // namespace g6
