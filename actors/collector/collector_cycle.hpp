// collector_cycle.hpp — the pure steps of one collector cycle: which options to ask for (plan), the
// sanitised chain handed to analytics (assemble), and the rows and overview that go to storage
// (summarise). The collector actor only sequences these between its requests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "actors/collector/sanitiser.hpp"
#include "config/settings.hpp"
#include "messages/market.hpp"

namespace g6 {

/// One expiry to collect this cycle. Buckets naming the same date share it (this_week is often
/// this_month): its rows carry the first such bucket, its statistics fill all of them. An expiry of a
/// full chain that fills no bucket has bucket none and an empty mask.
struct planned_expiry {
  day_number expiry = 0;
  expiry_bucket bucket = expiry_bucket::this_week;
  uint8_t bucket_mask = 0;
  std::vector<option_instrument> options; // listed options of the strike universe
  uint32_t expected = 0;                  // legs the universe asks for, listed or not
};

struct cycle_plan {
  double atm = 0;
  std::vector<planned_expiry> expiries;
  uint8_t expected_mask = 0; // the buckets the selection means to fill (expiry_buckets.hpp)
  uint32_t options_expected = 0;
  std::vector<uint64_t> tokens() const;
};

/// What to collect for an index on `today` at `spot`, from the provider's instrument list.
cycle_plan plan_cycle(const index_settings& index, const instrument_list& instruments, double spot, day_number today);

struct assembled_chain {
  chain_request request;
  drop_counts drops;    // sanitiser drops by reason
  uint32_t missing = 0; // asked for, not quoted by the provider
};

/// The analytics request built from the provider's answer: quotes sanitised, drops counted.
assembled_chain assemble_chain(const std::string& index, const cycle_plan& plan, const quote_batch& quotes, double spot,
                               epoch_ms ts, epoch_ms max_quote_age_ms);

/// The overview row of the cycle from the plan, the spot and the analysed chain.
overview_row summarise(const std::string& index, epoch_ms ts, const cycle_plan& plan, const index_spot& spot,
                       const chain_result& analysed);

} // namespace g6
